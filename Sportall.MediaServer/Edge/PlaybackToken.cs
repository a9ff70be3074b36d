namespace Sportall.MediaServer.Edge;

/// <summary>
/// What a playback token grants: every path under <see cref="PathPrefix"/> until <see cref="ExpiresAt"/>,
/// optionally only to clients inside <see cref="ClientRange"/> (CIDR).
/// </summary>
public sealed record PlaybackToken(string KeyId, string PathPrefix, DateTimeOffset ExpiresAt, string? ClientRange);
