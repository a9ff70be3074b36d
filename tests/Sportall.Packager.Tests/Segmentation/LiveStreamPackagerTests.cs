using Sportall.Media.Mp4;
using Sportall.Packager.Live;
using Sportall.Packager.Segmentation;

namespace Sportall.Packager.Tests.Segmentation;

public sealed class LiveStreamPackagerTests
{
    [Theory]
    [InlineData(30, 2000)]  // keyframes every second: segments of exactly 2 s
    [InlineData(45, 2000)]  // every 1.5 s: the first keyframe at or after 2 s is at 3 s
    [InlineData(25, 1000)]  // every 0.833 s: 1.667 s segments
    public void Segments_cut_at_the_first_keyframe_at_or_after_the_target(int gop, int targetMs)
    {
        using var h = new PackagerHarness(o => o.SegmentTargetMs = targetMs);
        h.Packager.OnTracks([PackagerHarness.VideoTrack()]);
        h.FeedSession(12, gop: gop, audio: false);

        var gopTicks = gop * 3000L;
        var expected = (targetMs * 90L + gopTicks - 1) / gopTicks * gopTicks;
        var complete = h.Segments("video").Where(s => s.IsComplete).ToList();
        Assert.True(complete.Count >= 3);
        foreach (var segment in complete)
        {
            Assert.Equal(0, segment.StartTicks % gopTicks);
            Assert.Equal(expected, segment.DurationTicks);
            Assert.True(segment.Parts[0].Independent);
            Assert.True(FirstFlags(segment.Parts[0].Data) == CmafSampleFlags.Sync);
        }
        Assert.Equal(Enumerable.Range(1, complete.Count).Select(i => (long)i), complete.Select(s => s.SequenceNumber));
    }

    [Theory]
    [InlineData(30, false, 15)] // 500 ms fits 15 frames of 33.3 ms exactly
    [InlineData(25, false, 12)] // 12 × 40 ms = 480 ms; a 13th frame would exceed
    [InlineData(30, true, 14)]  // with audio the video limit leaves room for one AAC frame
    public void Parts_stay_within_the_part_target(int fps, bool audio, int framesPerPart)
    {
        using var h = new PackagerHarness(o => { o.SegmentTargetMs = 2000; o.PartTargetMs = 500; });
        h.Packager.OnTracks(audio ? [PackagerHarness.VideoTrack(fps: fps), PackagerHarness.AudioTrack()] : [PackagerHarness.VideoTrack(fps: fps)]);
        h.FeedSession(10, fps: fps, gop: fps * 2, audio: audio);

        var frameTicks = 90000 / fps;
        foreach (var segment in h.Segments("video").Where(s => s.IsComplete))
        {
            for (var i = 0; i < segment.Parts.Length; i++)
            {
                var part = segment.Parts[i];
                Assert.True(part.DurationTicks <= 45000, $"part {segment.SequenceNumber}.{i} lasts {part.DurationTicks} ticks");
                if (i < segment.Parts.Length - 1) Assert.Equal(framesPerPart * frameTicks, part.DurationTicks);
                var fragment = Fragment.ReadAll(part.Data.Span).Single();
                Assert.Equal(fragment.Samples[0].Flags == CmafSampleFlags.Sync, part.Independent);
                Assert.Equal(i == 0, part.Independent); // keyframes only at segment starts here
            }
        }
        foreach (var segment in h.Segments("audio").Where(s => s.IsComplete))
        {
            foreach (var part in segment.Parts)
            {
                Assert.True(part.DurationTicks <= 24000, $"audio part lasts {part.DurationTicks} ticks");
                Assert.True(part.Independent);
            }
        }
    }

    [Fact]
    public void A_frame_repeating_the_previous_timestamp_is_kept_one_tick_later_and_a_backward_one_is_dropped()
    {
        using var h = new PackagerHarness();
        h.Packager.OnTracks([PackagerHarness.VideoTrack()]);
        var dts = new List<long>();
        for (var i = 0; i < 90; i++) dts.Add(i * 3000L);
        dts.Insert(40, 39 * 3000L);          // a tie with the frame before
        dts.Insert(70, 60 * 3000L);          // goes back in time
        for (var i = 0; i < dts.Count; i++) h.Feed(0, dts[i], 90000, key: dts[i] % 90000 == 0 && (i == 0 || dts[i] != dts[i - 1]), size: 100, fill: (byte)i);
        h.Packager.OnPublisherLost();

        var decodeTimes = h.Segments("video").SelectMany(s => s.Parts)
            .SelectMany(p => Fragment.ReadAll(p.Data.Span))
            .SelectMany(f => f.Samples.Select((sample, n) => (long)f.BaseMediaDecodeTime + f.Samples.Take(n).Sum(x => (long)x.Duration)))
            .ToList();
        Assert.Equal(91, decodeTimes.Count);   // 90 frames plus the tie; the backward frame is dropped
        Assert.Contains(39 * 3000L + 1, decodeTimes);
        Assert.True(decodeTimes.Zip(decodeTimes.Skip(1)).All(pair => pair.Second > pair.First));
    }

    [Fact]
    public void Audio_and_video_segments_share_sequence_numbers_and_boundaries()
    {
        using var h = new PackagerHarness();
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(11);

        var video = h.Segments("video").Where(s => s.IsComplete).ToList();
        var audio = h.Segments("audio").Where(s => s.IsComplete).ToDictionary(s => s.SequenceNumber);
        Assert.True(video.Count >= 4);
        foreach (var v in video)
        {
            var a = audio[v.SequenceNumber];
            var delta = (double)a.StartTicks / 48000 - (double)v.StartTicks / 90000;
            Assert.InRange(delta, 0, 1024.0 / 48000);
            var endDelta = (double)(a.StartTicks + a.DurationTicks) / 48000 - (double)(v.StartTicks + v.DurationTicks) / 90000;
            Assert.InRange(endDelta, 0, 1024.0 / 48000);
            Assert.Equal(v.PeriodIndex, a.PeriodIndex);
        }
    }

    [Fact]
    public void Tfdt_is_continuous_across_parts_segments_and_a_reconnect()
    {
        using var h = new PackagerHarness();
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(5);
        h.Packager.OnPublisherLost();
        Assert.False(h.Stream.Current.PublisherConnected);
        h.Time.Advance(TimeSpan.FromSeconds(3));
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(5); // timestamps restart at 0
        h.Packager.OnPublisherLost();

        var snapshot = h.Stream.Current;
        Assert.Equal(2, snapshot.Periods.Length);
        foreach (var trackId in new[] { "video", "audio" })
        {
            ulong? expectedTfdt = null;
            uint lastFragmentSequence = 0;
            foreach (var segment in snapshot.Segments[trackId])
            {
                Assert.True(segment.IsComplete);
                foreach (var part in segment.Parts)
                {
                    var fragment = Fragment.ReadAll(part.Data.Span).Single();
                    Assert.Equal((ulong)part.StartTicks, fragment.BaseMediaDecodeTime);
                    if (expectedTfdt is { } expected)
                    {
                        // Within a period contiguous; a period starts at or after the previous end (rounded up per track).
                        if (segment.PeriodIndex == 0 || segment != snapshot.Segments[trackId].First(s => s.PeriodIndex == 1) || part.PartIndex > 0)
                            Assert.Equal(expected, fragment.BaseMediaDecodeTime);
                        else
                            Assert.InRange(fragment.BaseMediaDecodeTime, expected, expected + (trackId == "video" ? 3000u : 1024u));
                    }
                    Assert.True(fragment.Sequence > lastFragmentSequence);
                    lastFragmentSequence = fragment.Sequence;
                    expectedTfdt = fragment.EndTime;
                }
            }
        }
        // Period 1 starts where period 0 ended, on one stream clock for both tracks.
        var videoEnd0 = snapshot.Segments["video"].Where(s => s.PeriodIndex == 0).Max(s => (double)(s.StartTicks + s.DurationTicks) / 90000);
        var audioEnd0 = snapshot.Segments["audio"].Where(s => s.PeriodIndex == 0).Max(s => (double)(s.StartTicks + s.DurationTicks) / 48000);
        Assert.Equal(Math.Max(videoEnd0, audioEnd0), snapshot.Periods[1].StartSeconds, 6);
        var firstVideo1 = snapshot.Segments["video"].First(s => s.PeriodIndex == 1);
        Assert.Equal(snapshot.Periods[1].StartSeconds, (double)firstVideo1.StartTicks / 90000, 4);
        Assert.Equal(snapshot.Periods[1].WallClockStart, firstVideo1.ProgramDateTime);
        Assert.Equal(PackagerHarness.Origin, snapshot.AvailabilityStart);
        Assert.True(h.Packager.TryGetInit("video", 1, out _));
    }

    [Fact]
    public void Last_samples_are_flushed_when_the_publisher_is_lost()
    {
        using var h = new PackagerHarness();
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(3.5); // 105 frames, 164 AAC frames
        var before = h.Stream.Current.Version;
        h.Packager.OnPublisherLost();

        var snapshot = h.Stream.Current;
        Assert.True(snapshot.Version > before);
        Assert.False(snapshot.PublisherConnected);
        var video = snapshot.Segments["video"];
        Assert.All(video, s => Assert.True(s.IsComplete));
        Assert.Equal(105, video.Sum(s => s.Parts.Sum(p => Fragment.ReadAll(p.Data.Span).Single().Samples.Count)));
        Assert.Equal(105 * 3000L, video[^1].StartTicks + video[^1].DurationTicks);
        var lastVideo = Fragment.ReadAll(video[^1].Parts[^1].Data.Span).Single();
        Assert.Equal(3000u, lastVideo.Samples[^1].Duration);

        var audio = snapshot.Segments["audio"];
        Assert.All(audio, s => Assert.True(s.IsComplete));
        Assert.Equal(164, audio.Sum(s => s.Parts.Sum(p => Fragment.ReadAll(p.Data.Span).Single().Samples.Count)));
        Assert.Equal(164 * 1024L, audio[^1].StartTicks + audio[^1].DurationTicks);
    }

    [Fact]
    public void Segment_bytes_are_the_concatenation_of_its_parts()
    {
        using var h = new PackagerHarness();
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(7);
        foreach (var trackId in new[] { "video", "audio" })
        {
            foreach (var segment in h.Segments(trackId).Where(s => s.IsComplete))
            {
                Assert.True(h.Packager.TryGetSegment(trackId, segment.SequenceNumber, out var location));
                Assert.Null(location.FilePath);
                var concatenated = new List<byte>();
                for (var i = 0; i < segment.Parts.Length; i++)
                {
                    Assert.True(h.Packager.TryGetPart(trackId, segment.SequenceNumber, i, out var part));
                    concatenated.AddRange(part.ToArray());
                }
                Assert.Equal(concatenated.ToArray(), location.Memory.ToArray());
                Assert.Equal(segment.ByteLength, location.Length);
            }
        }
        var open = h.Segments("video")[^1];
        Assert.False(open.IsComplete);
        Assert.False(h.Packager.TryGetSegment("video", open.SequenceNumber, out _));
        Assert.True(h.Packager.TryGetPart("video", open.SequenceNumber, 0, out _));
    }

    [Fact]
    public void Window_trimming_drops_old_segments_and_counts_left_periods()
    {
        using var h = new PackagerHarness(o => { o.SegmentTargetMs = 1000; o.LiveWindowSeconds = 6; });
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(4);
        h.Packager.OnPublisherLost();
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(4);
        var mid = h.Stream.Current;
        Assert.Equal(2, mid.Periods.Length);
        Assert.Equal(0, mid.DiscontinuitySequence);

        h.FeedSession(6, dtsBase: 4000); // the same session goes on
        var snapshot = h.Stream.Current;
        Assert.Single(snapshot.Periods);
        Assert.Equal(1, snapshot.Periods[0].Index);
        Assert.Equal(1, snapshot.DiscontinuitySequence);
        var complete = snapshot.Segments["video"].Where(s => s.IsComplete).ToList();
        Assert.True(complete.Sum(s => s.DurationSeconds) <= 6);
        Assert.All(snapshot.Segments["video"], s => Assert.Equal(1, s.PeriodIndex));
        Assert.All(snapshot.Segments["audio"], s => Assert.Equal(1, s.PeriodIndex));
        Assert.False(h.Packager.TryGetSegment("video", 1, out _));
        Assert.False(h.Packager.TryGetInit("video", 0, out _));
        Assert.Equal(snapshot.Segments["video"][0].SequenceNumber, snapshot.Segments["audio"][0].SequenceNumber);
    }

    [Fact]
    public async Task Segments_older_than_the_memory_window_are_served_from_disk()
    {
        using var h = new PackagerHarness(o => { o.SegmentTargetMs = 1000; o.MemoryWindowSeconds = 2; o.LiveWindowSeconds = 8; });
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(2.5);
        Assert.True(h.Packager.TryGetSegment("video", 1, out var inMemory));
        var bytes = inMemory.Memory.ToArray();
        h.FeedSession(3, dtsBase: 2500);

        var path = await WaitFor(() => h.Packager.TryGetSegment("video", 1, out var l) ? l.FilePath : null);
        Assert.Equal(Path.Combine(h.DataPath, "live", h.Stream.Name, "video", "1.m4s"), path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.True(h.Packager.TryGetSegment("video", 1, out var onDisk));
        Assert.Equal(bytes.Length, onDisk.Length);
        Assert.False(h.Packager.TryGetPart("video", 1, 0, out _));
        await WaitFor(() => h.Packager.TryGetSegment("audio", 1, out var l) ? l.FilePath : null);

        // The next publication drops the parts' bytes from the snapshot too.
        h.FeedSession(1, dtsBase: 5500);
        Assert.True(h.Stream.Current.Segments["video"].First(s => s.SequenceNumber == 1).Parts.All(p => p.Data.IsEmpty));

        // Leaving the live window deletes the file.
        h.FeedSession(10, dtsBase: 6500);
        await WaitFor(() => File.Exists(path) ? null : "gone");
        Assert.False(h.Packager.TryGetSegment("video", 1, out _));

        var folder = Path.Combine(h.DataPath, "live", h.Stream.Name);
        Assert.True(Directory.Exists(folder));
        h.Packager.Dispose();
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Audio_only_streams_cut_by_duration()
    {
        using var h = new PackagerHarness(o => { o.SegmentTargetMs = 2000; o.PartTargetMs = 500; });
        h.Packager.OnTracks([PackagerHarness.AudioTrack(index: 0)]);
        h.FeedSession(9, video: false);
        var complete = h.Segments("audio").Where(s => s.IsComplete).ToList();
        Assert.True(complete.Count >= 3);
        foreach (var segment in complete)
        {
            Assert.InRange(segment.DurationTicks, 96000, 96000 + 1024);
            Assert.All(segment.Parts, p => Assert.True(p.DurationTicks <= 24000 && p.Independent));
        }
        Assert.False(h.Stream.Current.Segments.ContainsKey("video"));
    }

    [Fact]
    public void Ended_and_snapshot_versions()
    {
        using var h = new PackagerHarness();
        Assert.Same(h.Packager, h.Stream.Source);
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        Assert.True(h.Stream.Current.PublisherConnected);
        long last = 0;
        for (var i = 0; i < 3; i++)
        {
            h.FeedSession(1, dtsBase: i * 1000);
            Assert.True(h.Stream.Current.Version > last);
            last = h.Stream.Current.Version;
        }
        var next = h.Stream.NextAsync();
        h.Packager.OnPublisherLost();
        h.Packager.OnEnded();
        Assert.True(next.IsCompleted);
        Assert.True(h.Stream.Current.Ended);
        Assert.False(h.Stream.Current.PublisherConnected);
        Assert.Equal(last + 2, h.Stream.Current.Version);
    }

    [Fact]
    public void Metrics_count_parts_and_segments_per_track()
    {
        using var h = new PackagerHarness();
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(6);
        var parts = h.Segments("video").Sum(s => s.Parts.Length);
        var segments = h.Segments("video").Count(s => s.IsComplete);
        Assert.Equal(parts, PackagerMetrics.Parts.WithLabels(h.Stream.Name, "video").Value);
        Assert.Equal(segments, PackagerMetrics.Segments.WithLabels(h.Stream.Name, "video").Value);
        Assert.True(PackagerMetrics.PartPublishSeconds.WithLabels(h.Stream.Name, "video").Count > 0);
    }

    [Fact]
    public void A_frame_that_cuts_nothing_allocates_nothing()
    {
        using var h = new PackagerHarness();
        h.Packager.OnTracks([PackagerHarness.VideoTrack(), PackagerHarness.AudioTrack()]);
        h.FeedSession(6); // warm: arrays grown, first segments done
        var payload = Sportall.Media.Buffers.MediaBuffer.Rent(1000);
        // Frames 0..179 (1 s GOP) end with the part closed before the keyframe predicted at 180; that keyframe opens
        // segment 4 and its first part, which frames 181..185 extend without a cut.
        h.Packager.OnAccessUnit(new Sportall.Media.Model.AccessUnit(0, 180 * 3000L, 0, 90000, true, payload));
        var version = h.Stream.Current.Version;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 181; i < 186; i++)
        {
            h.Packager.OnAccessUnit(new Sportall.Media.Model.AccessUnit(0, i * 3000L, 0, 90000, false, payload));
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        payload.Release();
        Assert.Equal(version, h.Stream.Current.Version); // nothing was published, so nothing needed allocating
        Assert.Equal(0, allocated);
    }

    private static uint FirstFlags(ReadOnlyMemory<byte> part) => Fragment.ReadAll(part.Span)[0].Samples[0].Flags;

    private static async Task<string> WaitFor(Func<string?> probe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (probe() is { } value) return value;
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
