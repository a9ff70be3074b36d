using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Sportall.Portal.Tenancy;

namespace Sportall.Portal.Caching;

/// <summary>
/// Public pages are cached per tenant, language and query string, and tagged with their tenant so an
/// edit evicts exactly that tenant's pages. The cache key also holds host and PathBase (/t/slug), and
/// the tenant id is added as a vary value as well, so two tenants can never share an entry. Signed-in
/// users (who see back-office links) and responses that set cookies are never cached.
/// </summary>
public sealed class TenantOutputCachePolicy(TimeSpan duration) : IOutputCachePolicy
{
    public const string Name = "portal-public";
    private const string PlatformTag = "tenant:-";

    public static string TagFor(string? tenantId) => tenantId is null ? PlatformTag : "tenant:" + tenantId;

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && context.HttpContext.User.Identity?.IsAuthenticated != true
            && StringValues.IsNullOrEmpty(request.Headers.Authorization);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = duration;
        var tenant = context.HttpContext.GetTenant();
        context.CacheVaryByRules.VaryByValues["tenant"] = tenant?.Id ?? "-";
        context.CacheVaryByRules.VaryByValues["culture"] = CultureInfo.CurrentUICulture.Name;
        context.CacheVaryByRules.QueryKeys = "*";
        context.Tags.Add(TagFor(tenant?.Id));
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (!StringValues.IsNullOrEmpty(response.Headers.SetCookie) || response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}
