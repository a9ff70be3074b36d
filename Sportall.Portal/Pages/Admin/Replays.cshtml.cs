using Microsoft.AspNetCore.Mvc;
using Sportall.Portal.Catalog;
using Sportall.Portal.Editing;

namespace Sportall.Portal.Pages.Admin;

/// <summary>Publish or withdraw replays and edit what fans see of them.</summary>
public sealed class ReplaysModel(CatalogEditor editor) : TenantPageModel(editor.Store)
{
    public CatalogPage<Replay> Result { get; private set; } = new([], 0);

    public async Task<IActionResult> OnGetAsync(string tenantId, int page, CancellationToken ct)
    {
        if (await AuthorizeTenantAsync(tenantId, adminOnly: false, ct) is { } denied) return denied;
        Result = await Store.QueryReplaysAsync(tenantId, new ReplayQuery(PublishedOnly: false, Page: page, PageSize: 50), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string tenantId, string replayId, string? title, string? description,
        string? posterUrl, bool published, CancellationToken ct)
    {
        if (await AuthorizeTenantAsync(tenantId, adminOnly: false, ct) is { } denied) return denied;
        if (await Store.GetReplayAsync(tenantId, replayId, ct) is not { } replay) return NotFound();
        replay.Title = title?.Trim() ?? replay.Title;
        replay.Description = description?.Trim() ?? "";
        replay.PosterUrl = string.IsNullOrWhiteSpace(posterUrl) ? null : posterUrl.Trim();
        replay.Published = published;
        await editor.SaveReplayAsync(replay, ct);
        return Redirect($"/admin/tenants/{tenantId}/replays");
    }
}
