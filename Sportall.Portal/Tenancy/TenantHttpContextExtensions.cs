using Microsoft.AspNetCore.Http;
using Sportall.Portal.Catalog;

namespace Sportall.Portal.Tenancy;

public static class TenantHttpContextExtensions
{
    public static Tenant? GetTenant(this HttpContext context) => context.Features.Get<ResolvedTenant>()?.Tenant;
}
