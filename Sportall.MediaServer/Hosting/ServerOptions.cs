namespace Sportall.MediaServer.Hosting;

/// <summary>Where the all-in-one host listens, bound from the "Server" configuration section.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>Address every listener binds to; 0.0.0.0 serves the network, 127.0.0.1 only this machine.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>HTTP port for playback, the player page, metrics and health (0 = any free port).</summary>
    public int HttpPort { get; set; } = 8080;
}
