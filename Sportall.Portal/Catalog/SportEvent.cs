namespace Sportall.Portal.Catalog;

/// <summary>A competition day, race or match that may be streamed live and leave replays.</summary>
public sealed class SportEvent
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Title { get; set; } = "";
    public string Sport { get; set; } = "";
    public string Competition { get; set; } = "";
    public string Venue { get; set; } = "";
    public string Description { get; set; } = "";
    public DateTime ScheduledStart { get; set; }
    public EventStatus Status { get; set; }

    /// <summary>Why the event moved or was cancelled ("wind above 60 km/h"), shown beside the badge.</summary>
    public string StatusNote { get; set; } = "";

    /// <summary>The public name of the live stream (/live/&lt;name&gt;/index.m3u8). Never the key.</summary>
    public string PlaybackName { get; set; } = "";

    /// <summary>The secret an encoder publishes with; null when none is issued or it was revoked.</summary>
    public string? StreamKey { get; set; }

    /// <summary>SRTO_PASSPHRASE the SRT caller of this key must encrypt with (10 to 79 characters).</summary>
    public string? SrtPassphrase { get; set; }

    public DateTime? LiveSince { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int SchemaVersion { get; set; } = CatalogSchema.Event;
}
