using Sportall.Packager.Hls;
using Sportall.Packager.Live;

namespace Sportall.Packager.Delivery;

/// <summary>One rendered playlist or MPD: the UTF-8 bytes every request for that snapshot version shares.</summary>
internal sealed record RenderedManifest(StreamSnapshot Snapshot, byte[] Bytes, HlsTiming Timing, string? TimeUrl = null);
