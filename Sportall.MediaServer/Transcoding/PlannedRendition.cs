namespace Sportall.MediaServer.Transcoding;

/// <summary>One output of a transcoder for a given source: its size, bitrate and H.264 profile.</summary>
public sealed record PlannedRendition(int Width, int Height, int VideoBitrateKbps, string Profile);
