using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Sportall.Portal.Caching;
using Sportall.Portal.Catalog;
using Sportall.Portal.Tenancy;

namespace Sportall.Portal.Pages.Events;

[OutputCache(PolicyName = TenantOutputCachePolicy.Name)]
public sealed class DetailsModel(ICatalogStore store, IOptions<PortalOptions> options) : PageModel
{
    public SportEvent Event { get; private set; } = null!;
    public string? PlayerSource { get; private set; }
    public IReadOnlyList<Replay> Replays { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        // An event is only found through its own tenant: another tenant's id is a 404 here.
        if (HttpContext.GetTenant() is not { } tenant) return NotFound();
        if (await store.GetEventAsync(tenant.Id, id, ct) is not { } e) return NotFound();
        Event = e;
        Replays = (await store.QueryReplaysAsync(tenant.Id, new ReplayQuery(EventId: e.Id, PageSize: 20), ct)).Items;
        PlayerSource = e.Status == EventStatus.Live
            ? options.Value.PlaybackBaseUrl.TrimEnd('/') + "/live/" + e.PlaybackName + "/index.m3u8"
            : Replays.FirstOrDefault()?.HlsUrl;
        return Page();
    }
}
