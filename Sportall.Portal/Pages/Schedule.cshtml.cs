using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Sportall.Portal.Caching;
using Sportall.Portal.Catalog;
using Sportall.Portal.Tenancy;

namespace Sportall.Portal.Pages;

[OutputCache(PolicyName = TenantOutputCachePolicy.Name)]
public sealed class ScheduleModel(ICatalogStore store, TimeProvider time) : PageModel
{
    /// <summary>The schedule shows today and the next 90 days: a season's calendar, not an archive.</summary>
    private static readonly TimeSpan s_horizon = TimeSpan.FromDays(90);

    public IReadOnlyList<SportEvent> Events { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (HttpContext.GetTenant() is not { } tenant) return NotFound();
        var today = time.GetUtcNow().UtcDateTime.Date;
        Events = await store.ListEventsAsync(tenant.Id, new EventQuery(today, today + s_horizon), ct);
        return Page();
    }
}
