using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sportall.Media.Mp4.Reading;
using Sportall.Packager.Storage;
using Sportall.Packager.Vod.Uploads;

namespace Sportall.Bench.Vod;

/// <summary>
/// Just-in-time packaging of an uploaded MP4 (30 s, 1280x720 30 fps H.264 at 3 Mb/s, AAC 128 kb/s, moov at the end)
/// against nginx serving the same replay pre-packaged by ffmpeg (-f hls, fMP4, 4 s, one playlist per track),
/// both over HTTP on 127.0.0.1 in the same run. Each op fetches segment n of video and of audio (n cycles through
/// the replay); the FirstByte benchmarks stop at the first body byte of the video segment (on a new connection each). InProcess writes the
/// video segment into a pipe over Stream.Null: the remux cost without HTTP. The fixture is made once and kept in
/// the temp folder (sportall-bench-vod-v1) across BenchmarkDotNet's processes.
/// nginx must be installed (apt-get install nginx); without it the nginx benchmarks throw.
/// </summary>
[MemoryDiagnoser]
public class UploadedVodBenchmarks
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "sportall-bench-vod-v1");
    private string _assetId = "";
    private FileSystemObjectStore _store = null!;
    private UploadedAssetSource _source = null!;
    private UploadedAssetPresentation _presentation = null!;
    private WebApplication _app = null!;
    private Process? _nginx;
    private HttpClient _client = null!;
    private string _jitBase = "", _nginxBase = "";
    private int _segmentCount, _n;
    private readonly PipeWriter _sink = PipeWriter.Create(Stream.Null);

    [GlobalSetup]
    public async Task Setup()
    {
        Directory.CreateDirectory(Folder);
        var sourcePath = Path.Combine(Folder, "replay.mp4");
        if (!File.Exists(sourcePath))
        {
            await Run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "30", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "3M", "-g", "60", "-c:a", "aac", "-b:a", "128k", sourcePath + ".tmp.mp4");
            File.Move(sourcePath + ".tmp.mp4", sourcePath);
        }
        var hls = Path.Combine(Folder, "hls");
        if (!File.Exists(Path.Combine(hls, "a", "index.m3u8")))
        {
            foreach (var (map, name) in new[] { ("0:v", "v"), ("0:a", "a") })
            {
                Directory.CreateDirectory(Path.Combine(hls, name));
                await Run("ffmpeg", "-v", "error", "-y", "-i", sourcePath, "-map", map, "-c", "copy", "-f", "hls", "-hls_time", "4", "-hls_segment_type", "fmp4",
                    "-hls_playlist_type", "vod", "-hls_segment_filename", Path.Combine(hls, name, "seg%d.m4s"), Path.Combine(hls, name, "index.m3u8"));
            }
        }

        _store = new FileSystemObjectStore(Path.Combine(Folder, "store-" + Environment.ProcessId));
        _assetId = UploadedAssetKeys.NewId();
        await using (var file = File.OpenRead(sourcePath))
        {
            await _store.PutAsync(UploadedAssetKeys.Source(_assetId), file, file.Length, "video/mp4", CancellationToken.None);
        }
        _source = new UploadedAssetSource(_store, Options.Create(new VodUploadOptions { SegmentTargetSeconds = 4 }));
        _presentation = (await _source.OpenUploadedAsync(_assetId, CancellationToken.None))!;
        var nginxSegments = Directory.GetFiles(Path.Combine(hls, "v"), "seg*.m4s").Length;
        _segmentCount = Math.Min(_presentation.Tracks[0].Segments.Length, nginxSegments);
        Console.WriteLine($"// JIT: {_presentation.Tracks[0].Segments.Length} video segments, {_presentation.Tracks[1].Segments.Length} audio; nginx: {nginxSegments} per track; source {new FileInfo(sourcePath).Length} bytes");

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/jit/{track}/{n:int}", (HttpContext context, string track, int n) =>
            _presentation.WriteMediaSegmentAsync(track, n, context.Response.BodyWriter, context.RequestAborted).AsTask());
        await _app.StartAsync();
        _jitBase = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var port = FreePort();
        var conf = Path.Combine(Folder, $"nginx-{Environment.ProcessId}.conf");
        await File.WriteAllTextAsync(conf, $$"""
            worker_processes 1;
            daemon off;
            user root;
            pid {{Folder}}/nginx-{{Environment.ProcessId}}.pid;
            error_log {{Folder}}/nginx-error.log;
            events { worker_connections 256; }
            http {
                access_log off;
                sendfile on;
                tcp_nopush on;
                default_type application/octet-stream;
                server { listen 127.0.0.1:{{port}}; root {{hls}}; }
            }
            """);
        _nginx = Process.Start(new ProcessStartInfo("nginx", ["-c", conf, "-p", Folder]) { RedirectStandardError = true, UseShellExecute = false });
        _nginxBase = $"http://127.0.0.1:{port}";
        _client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = await _client.GetAsync($"{_nginxBase}/v/index.m3u8");
                if (probe.IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow >= deadline) throw new InvalidOperationException("nginx did not start");
            await Task.Delay(50);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _client.Dispose();
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill();
            await _nginx.WaitForExitAsync();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        _source.Dispose();
        try
        {
            Directory.Delete(_store.RootPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Benchmark]
    public async Task<long> InProcess_VideoSegment()
    {
        var n = _n++ % _segmentCount;
        await _presentation.WriteMediaSegmentAsync("v0", n, _sink, CancellationToken.None);
        return n;
    }

    [Benchmark]
    public async Task<long> Jit_Http_VideoAndAudioSegment()
    {
        var n = _n++ % _segmentCount;
        return await Fetch($"{_jitBase}/jit/v0/{n}") + await Fetch($"{_jitBase}/jit/a0/{n}");
    }

    [Benchmark(Baseline = true)]
    public async Task<long> Nginx_Http_VideoAndAudioSegment()
    {
        var n = _n++ % _segmentCount;
        return await Fetch($"{_nginxBase}/v/seg{n}.m4s") + await Fetch($"{_nginxBase}/a/seg{n}.m4s");
    }

    [Benchmark]
    public Task<int> Jit_Http_FirstByte() => FirstByte($"{_jitBase}/jit/v0/{_n++ % _segmentCount}");

    [Benchmark]
    public Task<int> Nginx_Http_FirstByte() => FirstByte($"{_nginxBase}/v/seg{_n++ % _segmentCount}.m4s");

    /// <summary>Reading the moov at the end of the file into the sample index (what the first request of an asset costs once).</summary>
    [Benchmark]
    public async Task<int> IndexMoov()
    {
        using var file = new FileByteRangeSource(Path.Combine(Folder, "replay.mp4"));
        var movie = await Mp4FileReader.ReadAsync(file, CancellationToken.None);
        return movie.Tracks[0].SampleCount;
    }

    private readonly byte[] _buffer = new byte[64 * 1024];

    private async Task<long> Fetch(string url)
    {
        using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(_buffer)) > 0) total += read;
        return total;
    }

    private async Task<int> FirstByte(string url)
    {
        using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        // The response is dropped after its first byte, so each op also opens a connection (both servers alike):
        // this is the first request of a player, not one on a warm connection.
        return await body.ReadAsync(_buffer.AsMemory(0, 1));
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static async Task Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, UseShellExecute = false })!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} failed: {stderr}");
    }
}
