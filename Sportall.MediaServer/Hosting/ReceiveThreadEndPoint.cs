using System.Net;

namespace Sportall.MediaServer.Hosting;

/// <summary>
/// A TCP end point that Kestrel binds through <see cref="ReceiveThreadTransportFactory"/> instead of its socket
/// transport: a listener whose connections each read on a thread of their own. Used for RTMP ingest.
/// </summary>
public sealed class ReceiveThreadEndPoint(IPAddress address, int port) : IPEndPoint(address, port);
