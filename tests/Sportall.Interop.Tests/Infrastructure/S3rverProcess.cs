using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Sportall.Interop.Tests.Infrastructure;

/// <summary>
/// A real s3rver (npm, installed and patched by test.sh into tests/s3) that a test can stop and start again
/// on the same port with the same data, to cut the store off mid-stream.
/// </summary>
public sealed partial class S3rverProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    private readonly string _dataDir = Directory.CreateTempSubdirectory("sportall-s3rver-").FullName;
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>Storage settings for the host (s3rver's fixed credentials; it checks none).</summary>
    public Dictionary<string, string?> StorageSettings(string bucket) => new()
    {
        ["Storage:Kind"] = "S3",
        ["Storage:Endpoint"] = $"http://127.0.0.1:{Port}",
        ["Storage:Bucket"] = bucket,
        ["Storage:AccessKey"] = "S3RVER",
        ["Storage:SecretKey"] = "S3RVER",
        ["Storage:Region"] = "us-east-1",
        ["Storage:UseSsl"] = "false",
        ["Storage:ForcePathStyle"] = "true",
    };

    public static async Task<S3rverProcess> StartAsync()
    {
        var s3rver = new S3rverProcess();
        await s3rver.StartAgainAsync();
        return s3rver;
    }

    /// <summary>Starts the server (on its first port once it had one), and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var folder = await EnsureInstalledAsync();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(folder, "node_modules", "s3rver", "bin", "s3rver.js"), "-d", _dataDir, "-a", "127.0.0.1", "-p", Port.ToString(), "--no-vhost-buckets", "--silent" })
        {
            start.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is null) return;
            output.Enqueue(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } m) listening.TrySetResult(int.Parse(m.Groups[1].Value));
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("s3rver exited: " + string.Join('\n', output)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        Port = await listening.Task.WaitAsync(StartDeadline);
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, StartDeadline, "s3rver to accept connections");
    }

    /// <summary>Kills the server: the store is unreachable until <see cref="StartAgainAsync"/>.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }

    private static async Task<string> EnsureInstalledAsync()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "s3");
        var marker = Path.Combine(folder, "node_modules", "s3rver", ".patched");
        if (File.Exists(marker)) return folder;
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(marker)) return folder;
            // test.sh does this on CI; a plain `dotnet test` does it here the same way.
            var (exitCode, output) = await ExternalProcess.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(4), folder);
            Assert.True(exitCode == 0, "npm install (tests/s3) failed:\n" + output);
            foreach (var js in Directory.EnumerateFiles(Path.Combine(folder, "node_modules", "s3rver", "lib", "controllers"), "*.js"))
            {
                var text = await File.ReadAllTextAsync(js);
                await File.WriteAllTextAsync(js, text.Replace("http://doc.s3.amazonaws.com/2006-03-01/", "http://s3.amazonaws.com/doc/2006-03-01/"));
            }
            await File.WriteAllTextAsync(marker, "");
            return folder;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sportall.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Sportall.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"S3rver listening on [^:]+:(\d+)")]
    private static partial Regex ListeningLine();
}
