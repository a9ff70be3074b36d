using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Sportall.Packager.Vod;
using Sportall.Packager.Vod.Uploads;

namespace Sportall.Packager.Tests.Vod;

public sealed class VodUploadEndpointTests(UploadedAssetFixture fixture) : IClassFixture<UploadedAssetFixture>
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task A_posted_file_is_stored_indexed_and_served()
    {
        await using var server = await VodUploadServer.StartAsync(Path.Combine(fixture.Folder, "one-step"));
        var path = fixture.File("h264.mp4");
        await using var file = File.OpenRead(path);
        using var content = new StreamContent(file);
        content.Headers.ContentType = new("video/mp4");

        using var response = await server.Client.PostAsync("/api/vod/uploads", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var status = (await response.Content.ReadFromJsonAsync<VodUploadStatus>(Json))!;
        Assert.Equal(VodUploadState.Ready, status.State);
        Assert.Equal(new FileInfo(path).Length, status.BytesReceived);
        Assert.Equal($"/vod/{status.AssetId}/index.m3u8", status.Hls);
        Assert.Equal(10.0, status.DurationSeconds!.Value, 0.1);
        Assert.Equal($"/api/vod/uploads/{status.AssetId}", response.Headers.Location!.OriginalString);

        var polled = await server.Client.GetFromJsonAsync<VodUploadStatus>($"/api/vod/uploads/{status.AssetId}", Json);
        Assert.Equal(VodUploadState.Ready, polled!.State);
        var presentation = await server.Services.GetServices<IVodPresentationSource>().Single().OpenAsync(status.AssetId, CancellationToken.None);
        Assert.NotNull(presentation);
        Assert.Equal(2, presentation.Tracks.Count);
    }

    [Fact]
    public async Task Progress_is_reported_while_the_body_streams()
    {
        await using var server = await VodUploadServer.StartAsync(Path.Combine(fixture.Folder, "two-step"));
        using var created = await server.Client.PostAsync("/api/vod/uploads", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var status = (await created.Content.ReadFromJsonAsync<VodUploadStatus>(Json))!;
        Assert.Equal(VodUploadState.Created, status.State);

        var bytes = await File.ReadAllBytesAsync(fixture.File("h264.mp4"));
        var half = bytes.Length / 2;
        var gate = new GatedStream(bytes, half);
        using var content = new StreamContent(gate);
        content.Headers.ContentLength = bytes.Length;
        var put = server.Client.PutAsync(status.UploadUrl, content);

        // Poll until the server has counted the first half; the second half waits behind the gate meanwhile.
        VodUploadStatus? progress = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            progress = await server.Client.GetFromJsonAsync<VodUploadStatus>($"/api/vod/uploads/{status.AssetId}", Json);
            if (progress!.BytesReceived >= half) break;
            await Task.Delay(20);
        }
        Assert.Equal(VodUploadState.Receiving, progress!.State);
        Assert.Equal(half, progress.BytesReceived);
        Assert.Equal(bytes.Length, progress.TotalBytes);

        gate.Open();
        using var done = await put;
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        var final = await server.Client.GetFromJsonAsync<VodUploadStatus>($"/api/vod/uploads/{status.AssetId}", Json);
        Assert.Equal(VodUploadState.Ready, final!.State);
        Assert.Equal(bytes.Length, final.BytesReceived);

        using var again = await server.Client.PutAsync(status.UploadUrl, new ByteArrayContent(bytes));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_file_that_cannot_be_served_is_refused_with_the_reason_and_not_kept()
    {
        var root = Path.Combine(fixture.Folder, "refused");
        await using var server = await VodUploadServer.StartAsync(root);
        var junk = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();
        using var response = await server.Client.PostAsync("/api/vod/uploads", new ByteArrayContent(junk));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var status = (await response.Content.ReadFromJsonAsync<VodUploadStatus>(Json))!;
        Assert.Equal(VodUploadState.Failed, status.State);
        Assert.Contains("NoMovie", status.Error);
        Assert.False(File.Exists(Path.Combine(root, UploadedAssetKeys.Source(status.AssetId))));
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused()
    {
        await using var server = await VodUploadServer.StartAsync(Path.Combine(fixture.Folder, "limit"), maxUploadBytes: 1000);
        using var declared = await server.Client.PostAsync("/api/vod/uploads", new ByteArrayContent(new byte[5000]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);

        // Without a declared length the count stops it.
        using var streamed = new StreamContent(new GatedStream(new byte[5000], 5000));
        using var chunked = await server.Client.PostAsync("/api/vod/uploads", streamed);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
    }

    [Fact]
    public async Task Unknown_uploads_are_not_found()
    {
        await using var server = await VodUploadServer.StartAsync(Path.Combine(fixture.Folder, "unknown"));
        using var response = await server.Client.GetAsync("/api/vod/uploads/up-aaaaaaaaaaaaaaaaaaaa");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Hands out the first <c>openAt</c> bytes at once and the rest only after <see cref="Open"/>; no length, so it can go chunked.</summary>
    private sealed class GatedStream(byte[] bytes, int openAt) : Stream
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _position;

        public void Open() => _open.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= openAt && _position < bytes.Length) await _open.Task.WaitAsync(cancellationToken);
            var limit = _position < openAt ? openAt : bytes.Length;
            var n = Math.Min(buffer.Length, limit - _position);
            bytes.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
