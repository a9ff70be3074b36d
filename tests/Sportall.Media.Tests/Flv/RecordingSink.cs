using Sportall.Media.Model;

namespace Sportall.Media.Tests.Flv;

internal sealed record ReceivedUnit(int TrackIndex, long DtsTicks, int CompositionOffsetTicks, int Timescale, bool IsKeyframe, byte[] Payload);

/// <summary>Records what a demuxer delivers, in order, copying and releasing each payload as a real sink must.</summary>
internal sealed class RecordingSink : IMediaSink
{
    /// <summary>Every call in order: a TrackInfo[] for OnTracks, a ReceivedUnit for OnAccessUnit.</summary>
    public List<object> Events { get; } = [];

    public List<TrackInfo[]> Announcements => Events.OfType<TrackInfo[]>().ToList();

    public List<ReceivedUnit> Units => Events.OfType<ReceivedUnit>().ToList();

    public void OnTracks(IReadOnlyList<TrackInfo> tracks) => Events.Add(tracks.ToArray());

    public void OnAccessUnit(in AccessUnit unit)
    {
        Events.Add(new ReceivedUnit(unit.TrackIndex, unit.DtsTicks, unit.CompositionOffsetTicks, unit.Timescale, unit.IsKeyframe, unit.Payload.Span.ToArray()));
        unit.Payload.Release();
    }
}
