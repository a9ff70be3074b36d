using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Sportall.Portal.Tenancy;

namespace Sportall.Portal.Localization;

/// <summary>The tenant's default language, asked after the visitor's own choice and their browser's.</summary>
public sealed class TenantCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
        Task.FromResult(httpContext.GetTenant() is { } tenant ? new ProviderCultureResult(tenant.DefaultCulture) : null);
}
