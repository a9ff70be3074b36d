using System.Buffers.Binary;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Packager.Vod;
using Sportall.Packager.Vod.Clips;
using Sportall.Packager.Vod.Uploads;
using Sportall.Testing;

namespace Sportall.Packager.Tests.Vod;

public sealed class ClipTests(UploadedAssetFixture fixture) : IClassFixture<UploadedAssetFixture>
{
    private const double Gop = 1.0;       // the fixture has a keyframe every second
    private const double Frame = 1 / 25.0;

    [Fact]
    public async Task A_keyframe_clip_of_an_upload_is_a_faststart_mp4_within_one_gop_made_without_reencoding()
    {
        await using var server = await VodUploadServer.StartAsync(Path.Combine(fixture.Folder, "clips-http"));
        var assetId = await UploadAsync(server);

        using var posted = await server.Client.PostAsJsonAsync("/api/clips", new { assetId, startSeconds = 2.5, endSeconds = 6.2, mode = "keyframe" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var status = (await posted.Content.ReadFromJsonAsync<ClipStatus>(VodUploadEndpointTests.Json))!;
        var done = await WaitAsync(server, status.ClipId);
        Assert.True(done.State == ClipState.Ready, done.Error);
        Assert.Equal(1.0, done.Progress);
        Assert.Equal($"/api/clips/{status.ClipId}/download", done.DownloadUrl);

        var path = fixture.File(status.ClipId + ".mp4");
        await File.WriteAllBytesAsync(path, await server.Client.GetByteArrayAsync(done.DownloadUrl));
        Assert.True(TopLevelBoxes(await File.ReadAllBytesAsync(path)).IndexOf("moov") < TopLevelBoxes(await File.ReadAllBytesAsync(path)).IndexOf("mdat"), "moov before mdat");
        var duration = await DurationAsync(path, "v");
        Assert.InRange(duration, 6.2 - 2.5 - Frame, 6.2 - 2.5 + Gop + Frame);
        Assert.Equal(duration, await DurationAsync(path, "a"), 0.1);

        // Stream copy: the first video packet is the source's keyframe at 2 s, byte for byte the same size.
        var source = await PacketSizesAsync(fixture.File("h264.mp4"));
        var clip = await PacketSizesAsync(path);
        Assert.Equal(source.Skip(50).Take(clip.Count), clip);
    }

    [Fact]
    public async Task An_exact_clip_is_within_one_frame()
    {
        await using var server = await VodUploadServer.StartAsync(Path.Combine(fixture.Folder, "clips-exact"));
        var assetId = await UploadAsync(server);
        var clips = server.Services.GetRequiredService<ClipService>();
        var (status, problem) = await clips.StartAsync(new ClipRequest(assetId, 2.5, 6.2, ClipMode.Exact), CancellationToken.None);
        Assert.True(status is not null, problem);
        var done = (await clips.WaitAsync(status.ClipId, new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token))!;
        Assert.True(done.State == ClipState.Ready, done.Error);
        var path = fixture.File(status.ClipId + ".mp4");
        await File.WriteAllBytesAsync(path, await server.Client.GetByteArrayAsync(done.DownloadUrl));
        Assert.InRange(await DurationAsync(path, "v"), 3.7 - Frame, 3.7 + Frame);
        Assert.InRange(await DurationAsync(path, "a"), 3.7 - 0.05, 3.7 + 0.05);
        var (frames, _) = await UploadedAssetFixture.ProbeAsync(path, "v");
        Assert.InRange(frames, 92, 93);
    }

    [Theory]
    [InlineData(ClipMode.Keyframe)]
    [InlineData(ClipMode.Exact)]
    public async Task Clips_of_any_presentation_are_cut_from_its_segments(ClipMode mode)
    {
        await using var server = await VodUploadServer.StartAsync(Path.Combine(fixture.Folder, "clips-any-" + mode));
        var assetId = await UploadAsync(server);
        var uploaded = (await server.Services.GetServices<IVodPresentationSource>().Single().OpenAsync(assetId, CancellationToken.None))!;
        var clips = new ClipService([new WrappingSource(uploaded)], server.Services.GetRequiredService<Sportall.Packager.Storage.IObjectStore>(),
            Microsoft.Extensions.Options.Options.Create(new VodUploadOptions()));
        var (status, problem) = await clips.StartAsync(new ClipRequest("other", 4.5, 7.5, mode), CancellationToken.None);
        Assert.True(status is not null, problem);
        var done = (await clips.WaitAsync(status.ClipId, new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token))!;
        Assert.True(done.State == ClipState.Ready, done.Error);
        Assert.NotNull(done.DurationSeconds);
        if (mode == ClipMode.Exact) Assert.InRange(done.DurationSeconds.Value, 3 - 0.05, 3 + 0.05);
        else Assert.InRange(done.DurationSeconds.Value, 3, 4 + 0.1); // the 4 s segment [4, 8)
    }

    [Theory]
    [InlineData("{\"assetId\":\"up-aaaaaaaaaaaaaaaaaaaa\",\"startSeconds\":1,\"endSeconds\":2}", HttpStatusCode.NotFound)]
    [InlineData("{\"assetId\":\"x\",\"startSeconds\":3,\"endSeconds\":2}", HttpStatusCode.BadRequest)]
    [InlineData("{\"assetId\":\"x\",\"startSeconds\":0,\"endSeconds\":100000}", HttpStatusCode.BadRequest)]
    [InlineData("{\"assetId\":\"x\",\"startSeconds\":0,\"endSeconds\":1,\"mode\":\"sideways\"}", HttpStatusCode.BadRequest)]
    public async Task Bad_clip_requests_are_refused(string body, HttpStatusCode expected)
    {
        await using var server = await VodUploadServer.StartAsync(Path.Combine(fixture.Folder, "clips-bad"));
        using var response = await server.Client.PostAsync("/api/clips", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(expected, response.StatusCode);
        using var missing = await server.Client.GetAsync("/api/clips/clip-nothing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<string> UploadAsync(VodUploadServer server)
    {
        await using var file = File.OpenRead(fixture.File("h264.mp4"));
        using var response = await server.Client.PostAsync("/api/vod/uploads", new StreamContent(file));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<VodUploadStatus>(VodUploadEndpointTests.Json))!.AssetId;
    }

    private static async Task<ClipStatus> WaitAsync(VodUploadServer server, string clipId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var status = (await server.Client.GetFromJsonAsync<ClipStatus>($"/api/clips/{clipId}", VodUploadEndpointTests.Json))!;
            if (status.State is ClipState.Ready or ClipState.Failed || DateTime.UtcNow > deadline) return status;
            await Task.Delay(50);
        }
    }

    private static List<string> TopLevelBoxes(byte[] file)
    {
        var boxes = new List<string>();
        long pos = 0;
        while (pos + 8 <= file.Length)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)pos));
            if (size == 1) size = (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan((int)pos + 8));
            boxes.Add(System.Text.Encoding.ASCII.GetString(file, (int)pos + 4, 4));
            if (size < 8) break;
            pos += size;
        }
        return boxes;
    }

    private static async Task<double> DurationAsync(string path, string kind)
    {
        var (code, stdout, stderr) = await MediaFixtures.RunAsync("ffprobe", "-v", "error", "-select_streams", kind + ":0", "-show_entries", "stream=duration", "-of", "csv=p=0", path);
        Assert.True(code == 0, stderr);
        return double.Parse(stdout.Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task<List<int>> PacketSizesAsync(string path)
    {
        var (code, stdout, stderr) = await MediaFixtures.RunAsync("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=size", "-of", "csv=p=0", path);
        Assert.True(code == 0, stderr);
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l.Trim(), CultureInfo.InvariantCulture))];
    }

    /// <summary>Shows an uploaded asset as some other kind of presentation, so clips go through the segment path.</summary>
    private sealed class WrappingSource(IVodPresentation inner) : IVodPresentationSource, IVodPresentation
    {
        public ValueTask<IVodPresentation?> OpenAsync(string assetId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IVodPresentation?>(assetId == "other" ? this : null);

        public string AssetId => "other";

        public IReadOnlyList<VodTrack> Tracks => inner.Tracks;

        public ValueTask WriteInitSegmentAsync(string trackId, PipeWriter output, CancellationToken cancellationToken) =>
            inner.WriteInitSegmentAsync(trackId, output, cancellationToken);

        public ValueTask WriteMediaSegmentAsync(string trackId, int segmentIndex, PipeWriter output, CancellationToken cancellationToken) =>
            inner.WriteMediaSegmentAsync(trackId, segmentIndex, output, cancellationToken);
    }
}
