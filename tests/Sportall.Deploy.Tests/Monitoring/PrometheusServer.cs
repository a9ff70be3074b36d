using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sportall.Deploy.Tests.Infrastructure;

namespace Sportall.Deploy.Tests.Monitoring;

/// <summary>A real Prometheus on a free loopback port with its own storage, scraping the given targets every second.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _dir;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, DirectoryInfo dir, int port)
    {
        _process = process;
        _dir = dir;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public static async Task<PrometheusServer> StartAsync(string job, IEnumerable<string> targets)
    {
        var dir = Directory.CreateTempSubdirectory("sportall-prometheus-");
        var config = Path.Combine(dir.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: {job}
                metrics_path: /metrics
                static_configs:
                  - targets: [{string.Join(", ", targets.Select(t => $"'{t}'"))}]
                    labels:
                      role: media
            """);
        // Prometheus cannot report a port it picked itself, so take one the kernel says is free.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var info = new ProcessStartInfo("prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir.FullName,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + config, "--storage.tsdb.path=" + Path.Combine(dir.FullName, "data"),
            $"--web.listen-address=127.0.0.1:{port}", "--web.console.templates=" + dir.FullName,
            "--web.console.libraries=" + dir.FullName, "--log.level=warn",
        })
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("prometheus did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PrometheusServer(process, dir, port);
    }

    /// <summary>The values of an instant query's result vector, or empty when nothing matches (yet).</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, string Value)>> QueryAsync(string query)
    {
        using var response = await _http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(query));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        return result.EnumerateArray().Select(series => (
            series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
            series.GetProperty("value")[1].GetString() ?? "")).ToList();
    }

    /// <summary>Polls a query until it returns a series (the scrape happened) or the deadline passes.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, string Value)>> WaitForAsync(string query, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}");
            try
            {
                var result = await QueryAsync(query);
                if (result.Count > 0) return result;
            }
            catch (HttpRequestException ex)
            {
                last = ex; // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Prometheus returned nothing for {query} within {timeout}.", last);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _dir.Delete(recursive: true);
    }
}
