using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sportall.Portal.Catalog;
using Sportall.Portal.Identity;

namespace Sportall.Portal.Pages.Admin;

/// <summary>
/// Back-office pages of one tenant (route /admin/tenants/{tenantId}/...). An unknown tenant is a 404;
/// a user of another tenant gets a 403 before anything of this tenant is read.
/// </summary>
public abstract class TenantPageModel(ICatalogStore store) : PageModel
{
    protected ICatalogStore Store => store;

    public Tenant Tenant { get; private set; } = null!;

    protected async Task<IActionResult?> AuthorizeTenantAsync(string tenantId, bool adminOnly, CancellationToken ct)
    {
        var allowed = adminOnly ? User.CanAdminister(tenantId) : User.CanEdit(tenantId);
        if (!allowed) return StatusCode(StatusCodes.Status403Forbidden);
        if (await store.GetTenantAsync(tenantId, ct) is not { } tenant) return NotFound();
        Tenant = tenant;
        return null;
    }
}
