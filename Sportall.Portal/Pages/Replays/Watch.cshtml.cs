using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Sportall.Portal.Caching;
using Sportall.Portal.Catalog;
using Sportall.Portal.Tenancy;

namespace Sportall.Portal.Pages.Replays;

[OutputCache(PolicyName = TenantOutputCachePolicy.Name)]
public sealed class WatchModel(ICatalogStore store) : PageModel
{
    public Replay Replay { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (HttpContext.GetTenant() is not { } tenant) return NotFound();
        if (await store.GetReplayAsync(tenant.Id, id, ct) is not { Published: true } replay) return NotFound();
        Replay = replay;
        return Page();
    }
}
