using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Sportall.Packager.Storage;

namespace Sportall.Packager.Tests.Storage;

/// <summary>
/// A real s3rver (npm, a local S3 emulator) for the S3 store's conformance run. Installed once per machine into
/// a cache under the temp folder, patched, started on a port of its own choosing, stopped on dispose.
/// </summary>
public sealed partial class S3rverFixture : IAsyncLifetime
{
    private const string Version = "3.7.1";
    private static readonly TimeSpan InstallDeadline = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);

    private readonly string _dataDir = Directory.CreateTempSubdirectory("sportall-s3rver-data-").FullName;
    private Process? _process;

    public ObjectStoreOptions Options { get; private set; } = new();

    public async Task InitializeAsync()
    {
        var cache = Path.Combine(Path.GetTempPath(), "sportall-s3rver-" + Version);
        await InstallOnceAsync(cache);

        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(cache, "node_modules", "s3rver", "bin", "s3rver.js"), "-d", _dataDir, "-a", "127.0.0.1", "-p", "0", "--no-vhost-buckets", "--silent" })
        {
            start.ArgumentList.Add(arg);
        }
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            output.Enqueue(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } m)
            {
                listening.TrySetResult(int.Parse(m.Groups[1].Value));
            }
        };
        _process.OutputDataReceived += onLine;
        _process.ErrorDataReceived += onLine;
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("s3rver exited: " + string.Join('\n', output)));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // s3rver picks the port (we pass 0) and prints it; then wait until it accepts connections.
        var port = await listening.Task.WaitAsync(StartDeadline);
        using var deadline = new CancellationTokenSource(StartDeadline);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port, deadline.Token);
                break;
            }
            catch (SocketException)
            {
                await Task.Delay(50, deadline.Token);
            }
        }

        // s3rver's fixed credentials; it enforces no authentication, so nothing here tests access control.
        Options = new ObjectStoreOptions
        {
            Kind = ObjectStoreKind.S3,
            Endpoint = $"http://127.0.0.1:{port}",
            Bucket = "sportall-test",
            AccessKey = "S3RVER",
            SecretKey = "S3RVER",
            Region = "us-east-1",
            UseSsl = false,
            ForcePathStyle = true,
        };
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }

    private static async Task InstallOnceAsync(string cache)
    {
        var marker = Path.Combine(cache, ".patched");
        if (File.Exists(marker))
        {
            return;
        }
        Directory.CreateDirectory(cache);
        // Test processes of several projects may race for the first install: a lock file serialises them.
        await using var lockFile = await AcquireLockAsync(Path.Combine(cache, ".lock"));
        if (File.Exists(marker))
        {
            return;
        }
        var npm = new ProcessStartInfo("npm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "install", "--no-audit", "--no-fund", "--prefix", cache, "s3rver@" + Version })
        {
            npm.ArgumentList.Add(arg);
        }
        using var install = Process.Start(npm)!;
        var stdout = install.StandardOutput.ReadToEndAsync();
        var stderr = install.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(InstallDeadline);
        await install.WaitForExitAsync(deadline.Token);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm install s3rver@{Version} failed: {await stdout}\n{await stderr}");
        }
        // s3rver writes listings in the wrong XML namespace and the Minio SDK then reads them as empty.
        foreach (var js in Directory.EnumerateFiles(Path.Combine(cache, "node_modules", "s3rver", "lib", "controllers"), "*.js"))
        {
            var text = await File.ReadAllTextAsync(js);
            await File.WriteAllTextAsync(js, text.Replace("http://doc.s3.amazonaws.com/2006-03-01/", "http://s3.amazonaws.com/doc/2006-03-01/"));
        }
        await File.WriteAllTextAsync(marker, Version);
    }

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        using var deadline = new CancellationTokenSource(InstallDeadline);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(200, deadline.Token);
            }
        }
    }

    [GeneratedRegex(@"S3rver listening on [^:]+:(\d+)")]
    private static partial Regex ListeningLine();
}
