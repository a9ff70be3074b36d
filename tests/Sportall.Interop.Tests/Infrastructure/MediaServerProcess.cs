using System.Text.RegularExpressions;

namespace Sportall.Interop.Tests.Infrastructure;

/// <summary>
/// The all-in-one server in a process of its own (the build output beside the tests), so a test can kill it
/// with SIGKILL, as a crash or an OOM kill would, and find what it left on disk.
/// </summary>
public sealed partial class MediaServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private readonly ExternalProcess _process;

    private MediaServerProcess(ExternalProcess process, int httpPort, int rtmpPort)
    {
        _process = process;
        HttpPort = httpPort;
        RtmpPort = rtmpPort;
        BaseUri = new Uri($"http://127.0.0.1:{httpPort}/");
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int HttpPort { get; }
    public int RtmpPort { get; }
    public Uri BaseUri { get; }
    public HttpClient Http { get; }

    public string RtmpUrl(string key) => $"rtmp://127.0.0.1:{RtmpPort}/live/{key}";

    public static async Task<MediaServerProcess> StartAsync(string dataPath)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Sportall.MediaServer.dll");
        var process = ExternalProcess.Start("dotnet",
        [
            dll, "--Server:BindAddress=127.0.0.1", "--Server:HttpPort=0", "--Ingest:RtmpPort=0", "--Ingest:SrtEnabled=false",
            $"--Packager:DataPath={dataPath}", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        ]);
        try
        {
            // Kestrel prints one "Now listening on" line per listener, HTTP first (the order SportallHost binds them).
            var ports = await Eventually.ReturnsAsync(() =>
            {
                var matches = ListeningLine().Matches(process.Output);
                if (process.HasExited) throw new InvalidOperationException("the server exited:\n" + process.Output);
                return Task.FromResult(matches.Count >= 2 ? matches.Select(m => int.Parse(m.Groups[1].Value)).ToArray() : null);
            }, StartDeadline, "the server process to listen");
            var server = new MediaServerProcess(process, ports[0], ports[1]);
            await Eventually.TrueAsync(async () => (await server.Http.GetAsync("time")).IsSuccessStatusCode, StartDeadline, "the server to answer HTTP");
            return server;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed that was not already.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
