using Microsoft.AspNetCore.Http;

namespace Sportall.Portal.Tenancy;

/// <summary>
/// Finds the tenant of a request, in this order (the first match wins):
/// <list type="number">
/// <item>the Host header without its port, against every tenant's host names (its own domain or subdomain);</item>
/// <item>a path that starts with <c>/t/&lt;slug&gt;</c>: the prefix moves into PathBase, so pages route and
/// generate links as if the tenant had its own host;</item>
/// <item>nothing: the platform's own pages (tenant list, back-office).</item>
/// </list>
/// A host match wins over a prefix so a tenant's domain can never be made to show another tenant's
/// pages by adding <c>/t/other</c>. An unknown slug after <c>/t/</c> is a 404, not the platform page.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next, TenantDirectory directory)
{
    public const string PrefixSegment = "/t";

    public Task InvokeAsync(HttpContext context)
    {
        var map = directory.Current;
        if (map.TryGetByHost(context.Request.Host.Host, out var byHost))
        {
            context.Features.Set(new ResolvedTenant(byHost, TenantMatch.Host));
            return next(context);
        }

        var path = context.Request.Path;
        if (path.StartsWithSegments(PrefixSegment, StringComparison.OrdinalIgnoreCase, out var rest) && rest.HasValue)
        {
            var value = rest.Value!;
            var end = value.IndexOf('/', 1);
            var slug = end < 0 ? value[1..] : value[1..end];
            if (!map.TryGetBySlug(slug, out var bySlug))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            context.Request.PathBase = context.Request.PathBase.Add(new PathString(PrefixSegment + "/" + bySlug.Slug));
            context.Request.Path = end < 0 ? new PathString("/") : new PathString(value[end..]);
            context.Features.Set(new ResolvedTenant(bySlug, TenantMatch.PathPrefix));
        }
        return next(context);
    }
}
