namespace Sportall.MediaServer.Edge;

/// <summary>Playback token settings ("Edge:Signing").</summary>
public sealed class EdgeSigningOptions
{
    /// <summary>When true every /live request needs a valid token (path prefix /t/{token}/, query parameter or cookie).</summary>
    public bool Required { get; set; }

    /// <summary>Key id → secret (base64, at least 32 bytes). Several keys let a new key roll in before the old one leaves.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    public string QueryParameter { get; set; } = "token";

    /// <summary>Cookie set by the viewer's site (CloudFront signed-cookie model); the edge never sets it itself, so cached responses carry no per-viewer header.</summary>
    public string CookieName { get; set; } = "sportall_token";
}
