using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sportall.MediaServer.Hosting;

/// <summary>
/// The ports the host really listens on once started (configuration may say 0 = any free port, as tests do).
/// Kestrel writes the bound end point back into its ListenOptions after binding.
/// </summary>
public sealed class BoundEndpoints
{
    internal ListenOptions? Http { get; set; }
    internal ListenOptions? Rtmp { get; set; }

    public int HttpPort => Port(Http);
    public int RtmpPort => Port(Rtmp);

    private static int Port(ListenOptions? options) =>
        (options?.EndPoint as IPEndPoint)?.Port ?? throw new InvalidOperationException("The listener is not bound yet.");
}
