namespace Sportall.Portal.Catalog;

/// <summary>A recorded event, registered by the recording pipeline and published by an editor.</summary>
public sealed class Replay
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string EventId { get; set; } = "";

    /// <summary>The recording pipeline's identifier of the asset: registering it twice updates one replay.</summary>
    public string AssetId { get; set; } = "";

    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string Sport { get; set; } = "";
    public string Competition { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public double DurationSeconds { get; set; }
    public string HlsUrl { get; set; } = "";
    public string? DashUrl { get; set; }
    public string? PosterUrl { get; set; }
    public bool Published { get; set; }

    /// <summary>Lowercased title, description, sport and competition: what the catalog's text search matches.</summary>
    public string SearchText { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
    public int SchemaVersion { get; set; } = CatalogSchema.Replay;

    public void RefreshSearchText() =>
        SearchText = string.Join(' ', Title, Description, Sport, Competition).ToLowerInvariant();
}
