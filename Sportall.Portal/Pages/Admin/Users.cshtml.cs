using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Sportall.Portal.Catalog;

namespace Sportall.Portal.Pages.Admin;

/// <summary>A tenant's admins and editors, managed by that tenant's admins (and platform admins).</summary>
public sealed class UsersModel(ICatalogStore store, UserManager<PortalUser> users) : TenantPageModel(store)
{
    public IReadOnlyList<PortalUser> Users { get; private set; } = [];
    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(string tenantId, CancellationToken ct)
    {
        if (await AuthorizeTenantAsync(tenantId, adminOnly: true, ct) is { } denied) return denied;
        Users = await Store.ListUsersAsync(tenantId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string tenantId, string email, string password, string role, CancellationToken ct)
    {
        if (await AuthorizeTenantAsync(tenantId, adminOnly: true, ct) is { } denied) return denied;
        if (!PortalRoles.TenantRoles.Contains(role)) return BadRequest();
        var result = await users.CreateAsync(new PortalUser { Email = email.Trim(), TenantId = tenantId, Roles = [role] }, password);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors.Select(e => e.Description));
            Users = await Store.ListUsersAsync(tenantId, ct);
            return Page();
        }
        return Redirect($"/admin/tenants/{tenantId}/users");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string tenantId, string userId, CancellationToken ct)
    {
        if (await AuthorizeTenantAsync(tenantId, adminOnly: true, ct) is { } denied) return denied;
        // Only this tenant's users: an id of another tenant's user is a 404, whoever asks.
        if (await Store.GetUserAsync(userId, ct) is not { } user || user.TenantId != tenantId) return NotFound();
        await Store.DeleteUserAsync(userId, ct);
        return Redirect($"/admin/tenants/{tenantId}/users");
    }
}
