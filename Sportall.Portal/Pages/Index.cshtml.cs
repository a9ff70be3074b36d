using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Sportall.Portal.Caching;
using Sportall.Portal.Catalog;
using Sportall.Portal.Tenancy;

namespace Sportall.Portal.Pages;

[OutputCache(PolicyName = TenantOutputCachePolicy.Name)]
public sealed class IndexModel(ICatalogStore store, TenantDirectory tenants, TimeProvider time) : PageModel
{
    /// <summary>How far back the home page looks for events that are still live or just postponed.</summary>
    private static readonly TimeSpan s_lookBack = TimeSpan.FromDays(30);

    public Tenant? Tenant { get; private set; }
    public IReadOnlyList<Tenant> Tenants { get; private set; } = [];
    public List<SportEvent> Live { get; } = [];
    public List<SportEvent> Upcoming { get; } = [];
    public IReadOnlyList<Replay> Replays { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Tenant = HttpContext.GetTenant();
        if (Tenant is null)
        {
            Tenants = tenants.Current.Tenants;
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var e in await store.ListEventsAsync(Tenant.Id, new EventQuery(FromUtc: now - s_lookBack), ct))
        {
            if (e.Status == EventStatus.Live) Live.Add(e);
            else if (e.Status is EventStatus.Scheduled or EventStatus.Postponed && e.ScheduledStart >= now.AddHours(-12) && Upcoming.Count < 12) Upcoming.Add(e);
        }
        Replays = (await store.QueryReplaysAsync(Tenant.Id, new ReplayQuery(PageSize: 6), ct)).Items;
    }
}
