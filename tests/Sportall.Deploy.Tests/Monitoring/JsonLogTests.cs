using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sportall.Deploy.Tests.Infrastructure;

namespace Sportall.Deploy.Tests.Monitoring;

/// <summary>
/// The host started as the containers start it (a process with the Kubernetes logging configuration)
/// writes one JSON object per line, and a stream's packager lines carry the stream in their scopes.
/// </summary>
public sealed class JsonLogTests
{
    [Fact]
    public async Task LinesAreJsonAndCarryTheStreamScope()
    {
        Assert.True(ExternalTool.IsInstalled("ffmpeg"), "ffmpeg is not installed (test.sh installs it)");
        var dataPath = Directory.CreateTempSubdirectory("sportall-jsonlog-");
        var (httpPort, rtmpPort) = (FreePort(), FreePort());
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sportall.MediaServer.dll"));
        info.Environment["Server__BindAddress"] = "127.0.0.1";
        info.Environment["Server__HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Ingest__RtmpPort"] = rtmpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Ingest__SrtEnabled"] = "false";
        info.Environment["Packager__DataPath"] = dataPath.FullName;
        info.Environment["Packager__ReconnectGraceSeconds"] = "0";
        // As deploy/k8s/base/kustomization.yaml sets them.
        info.Environment["Logging__Console__FormatterName"] = "json";
        info.Environment["Logging__Console__FormatterOptions__IncludeScopes"] = "true";

        var lines = new List<string>();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await WaitAsync(async () =>
            {
                try
                {
                    return (await http.GetAsync($"http://127.0.0.1:{httpPort}/healthz")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "the host to answer /healthz");

            var (exitCode, _, stderr) = await ExternalTool.RunAsync("ffmpeg",
                ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10", "-f", "lavfi", "-i", "sine",
                 "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-c:a", "aac", "-f", "flv", $"rtmp://127.0.0.1:{rtmpPort}/live/jsonlog"],
                TimeSpan.FromSeconds(60));
            Assert.True(exitCode == 0, stderr);

            JsonElement? scoped = null;
            await WaitAsync(() =>
            {
                string[] snapshot;
                lock (lines) snapshot = [.. lines];
                foreach (var line in snapshot)
                {
                    using var doc = JsonDocument.Parse(line); // every line must be JSON
                    var root = doc.RootElement;
                    if (root.GetProperty("Category").GetString()!.StartsWith("Sportall.Packager", StringComparison.Ordinal)
                        && root.TryGetProperty("Scopes", out var scopes)
                        && scopes.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("stream", out var name) && name.GetString() == "jsonlog"))
                    {
                        scoped = root.Clone();
                        return Task.FromResult(true);
                    }
                }
                return Task.FromResult(false);
            }, "a packager line with the stream scope");
            Assert.Equal("jsonlog", scoped!.Value.GetProperty("State").GetProperty("Stream").GetString());
        }
        finally
        {
            if (!process.HasExited) process.Kill();
            await process.WaitForExitAsync();
            dataPath.Delete(recursive: true);
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out waiting for " + what);
            await Task.Delay(100);
        }
    }
}
