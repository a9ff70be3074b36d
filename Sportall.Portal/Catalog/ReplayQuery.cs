namespace Sportall.Portal.Catalog;

/// <summary>A page of one tenant's replays, newest first; null filters match everything.</summary>
public sealed record ReplayQuery(
    string? Sport = null,
    string? Competition = null,
    DateTime? FromUtc = null,
    DateTime? ToUtc = null,
    string? Text = null,
    string? EventId = null,
    bool PublishedOnly = true,
    int Page = 1,
    int PageSize = 12)
{
    /// <summary>Bounds a page so a crafted query string cannot ask the store for everything at once.</summary>
    public const int MaxPageSize = 100;

    public int Skip => (Math.Max(Page, 1) - 1) * Math.Clamp(PageSize, 1, MaxPageSize);
    public int Take => Math.Clamp(PageSize, 1, MaxPageSize);
    public string? NormalizedText => string.IsNullOrWhiteSpace(Text) ? null : Text.Trim().ToLowerInvariant();
}
