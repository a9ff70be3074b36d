namespace Sportall.Portal;

/// <summary>Configuration section "Portal".</summary>
public sealed class PortalOptions
{
    public const string SectionName = "Portal";

    /// <summary>"litedb" (embedded file under the data folder, the default) or "mongodb".</summary>
    public string Store { get; set; } = "litedb";

    /// <summary>Folder of the catalog file and the cookie-protection keys; null = Packager:DataPath.</summary>
    public string? DataPath { get; set; }

    public string? MongoConnectionString { get; set; }
    public string MongoDatabase { get; set; } = "sportall";

    /// <summary>First run only: the platform admin to create. Without both, a one-time set-up link is logged.</summary>
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }

    /// <summary>Where players fetch /live/&lt;name&gt;/index.m3u8; empty = the portal's own origin (all-in-one).</summary>
    public string PlaybackBaseUrl { get; set; } = "";

    /// <summary>Bearer token of the internal ingest API (/api/internal/...); null or empty = the API is off.</summary>
    public string? InternalApiToken { get; set; }

    /// <summary>
    /// A media node without the portal role: the portal's base URL (e.g. http://portal:8080/) whose internal
    /// API answers key checks and learns live status and replays, sent with InternalApiToken. Null = not used.
    /// </summary>
    public string? InternalApiUrl { get; set; }

    /// <summary>How long a public page stays cached when nothing is edited (edits evict at once).</summary>
    public int PublicCacheSeconds { get; set; } = 60;

    /// <summary>Sign-in cookies only over HTTPS. Off by default so a fresh install works on plain http://localhost.</summary>
    public bool RequireSecureCookies { get; set; }

    /// <summary>Failed sign-ins before an account locks, and for how long.</summary>
    public int MaxFailedSignIns { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>
    /// How long after its scheduled start an event is expected on air (the catalog has no end time): the
    /// window of sportall_scheduled_event_live. Three hours holds a match with extra time and a late start.
    /// </summary>
    public int ScheduledEventWindowMinutes { get; set; } = 180;

    /// <summary>Replays registered by the recording pipeline are public at once; false = an editor publishes them.</summary>
    public bool PublishReplaysOnRegistration { get; set; } = true;
}
