using System.Security.Claims;
using Sportall.Portal.Catalog;

namespace Sportall.Portal.Identity;

/// <summary>Who may do what in a tenant's back-office. Platform admins may do everything everywhere.</summary>
public static class TenantAccess
{
    public static bool IsPlatformAdmin(this ClaimsPrincipal user) => user.IsInRole(PortalRoles.PlatformAdmin);

    public static string? TenantId(this ClaimsPrincipal user) => user.FindFirstValue(PortalClaimsFactory.TenantClaim);

    /// <summary>Edit events and replays: the tenant's admins and editors.</summary>
    public static bool CanEdit(this ClaimsPrincipal user, string tenantId) =>
        user.IsPlatformAdmin()
        || (user.TenantId() == tenantId && (user.IsInRole(PortalRoles.TenantAdmin) || user.IsInRole(PortalRoles.Editor)));

    /// <summary>Branding, users, stream keys: the tenant's admins only.</summary>
    public static bool CanAdminister(this ClaimsPrincipal user, string tenantId) =>
        user.IsPlatformAdmin() || (user.TenantId() == tenantId && user.IsInRole(PortalRoles.TenantAdmin));
}
