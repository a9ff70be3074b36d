namespace Sportall.MediaServer.Hosting;

/// <summary>Where the all-in-one host listens, bound from the "Server" configuration section.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>Address every listener binds to; 0.0.0.0 serves the network, 127.0.0.1 only this machine.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>HTTP port for playback, the player page, metrics and health (0 = any free port).</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>
    /// Roles this process runs, a comma list of <c>media</c> (ingest + hub + packager/origin), <c>portal</c>
    /// and <c>edge</c> (cache node in front of origins); default the all-in-one <c>media,portal</c>.
    /// </summary>
    public string Roles { get; set; } = "media,portal";

    public static bool HasRole(string? roles, string role) =>
        (roles ?? "media,portal").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Contains(role, StringComparer.OrdinalIgnoreCase);
}
