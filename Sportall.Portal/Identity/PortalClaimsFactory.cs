using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Sportall.Portal.Catalog;

namespace Sportall.Portal.Identity;

/// <summary>Puts the user's roles and tenant into the sign-in cookie's identity.</summary>
public sealed class PortalClaimsFactory(UserManager<PortalUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser>(users, options)
{
    public const string TenantClaim = "sportall:tenant";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        foreach (var role in user.Roles) identity.AddClaim(new Claim(identity.RoleClaimType, role));
        if (user.TenantId is { } tenantId) identity.AddClaim(new Claim(TenantClaim, tenantId));
        return identity;
    }
}
