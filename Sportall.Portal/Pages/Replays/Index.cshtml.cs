using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Sportall.Portal.Caching;
using Sportall.Portal.Catalog;
using Sportall.Portal.Tenancy;

namespace Sportall.Portal.Pages.Replays;

[OutputCache(PolicyName = TenantOutputCachePolicy.Name)]
public sealed class IndexModel(ICatalogStore store) : PageModel
{
    public const int PageSize = 12;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sport { get; set; }
    [BindProperty(SupportsGet = true)] public string? Competition { get; set; }
    [BindProperty(SupportsGet = true)] public DateTime? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateTime? To { get; set; }
    [BindProperty(Name = "page", SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public CatalogPage<Replay> Result { get; private set; } = new([], 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (HttpContext.GetTenant() is not { } tenant) return NotFound();
        PageNumber = Math.Max(PageNumber, 1);
        Result = await store.QueryReplaysAsync(tenant.Id, new ReplayQuery(
            Sport: Blank(Sport), Competition: Blank(Competition),
            FromUtc: From is { } f ? DateTime.SpecifyKind(f.Date, DateTimeKind.Utc) : null,
            // "To" is a calendar day the visitor includes.
            ToUtc: To is { } t ? DateTime.SpecifyKind(t.Date.AddDays(1), DateTimeKind.Utc) : null,
            Text: Q, Page: PageNumber, PageSize: PageSize), ct);
        return Page();
    }

    public string PageLink(int page)
    {
        var query = new QueryBuilder();
        if (Blank(Q) is { } q) query.Add("q", q);
        if (Blank(Sport) is { } s) query.Add("sport", s);
        if (Blank(Competition) is { } c) query.Add("competition", c);
        if (From is { } f) query.Add("from", f.ToString("yyyy-MM-dd"));
        if (To is { } t) query.Add("to", t.ToString("yyyy-MM-dd"));
        query.Add("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Request.PathBase + Request.Path + query.ToQueryString();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
