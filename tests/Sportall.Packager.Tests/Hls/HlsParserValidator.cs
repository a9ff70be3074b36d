using System.Diagnostics;
using System.Text;

namespace Sportall.Packager.Tests.Hls;

/// <summary>
/// Parses playlists with hls-parser 0.16.1 in strict mode (it throws on RFC 8216/8216bis violations,
/// LL-HLS rules included), installed from npm once per machine into the temp folder.
/// </summary>
internal static class HlsParserValidator
{
    private const string Version = "0.16.1";
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(120);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    private const string Script = """
        const fs = require('fs');
        const HLS = require('hls-parser');
        HLS.setOptions({ strictMode: true });
        let failed = 0;
        for (const file of process.argv.slice(2)) {
          try {
            const playlist = HLS.parse(fs.readFileSync(file, 'utf8'));
            const summary = playlist.isMasterPlaylist
              ? { variants: playlist.variants.length }
              : { segments: playlist.segments.length, mediaSequence: playlist.mediaSequenceBase, endlist: playlist.endlist };
            console.log('OK ' + file + ' ' + JSON.stringify(summary));
          } catch (e) {
            failed++;
            console.log('FAIL ' + file + ': ' + e.message);
          }
        }
        process.exit(failed ? 1 : 0);
        """;

    /// <summary>Validates every playlist; returns hls-parser's one-line summary per playlist name.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ValidateAsync(IReadOnlyDictionary<string, string> playlists)
    {
        string root = await EnsureInstalledAsync();
        string work = Path.Combine(Path.GetTempPath(), "sportall-hls-validate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var files = new List<string>();
            foreach (var (name, text) in playlists)
            {
                string file = Path.Combine(work, name);
                await File.WriteAllTextAsync(file, text, new UTF8Encoding(false));
                files.Add(file);
            }
            string scriptPath = Path.Combine(root, "validate.js");
            await File.WriteAllTextAsync(scriptPath, Script);
            var (exitCode, output) = await RunAsync("node", [scriptPath, .. files], root);
            Assert.True(exitCode == 0, "hls-parser strict mode rejected a playlist:\n" + output);
            var summaries = new Dictionary<string, string>();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.StartsWith("OK ", StringComparison.Ordinal))
                {
                    string rest = line[3..];
                    int space = rest.IndexOf(' ');
                    summaries[Path.GetFileName(rest[..space])] = rest[(space + 1)..];
                }
            }
            return summaries;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<string> EnsureInstalledAsync()
    {
        string root = Path.Combine(Path.GetTempPath(), "sportall-hls-parser-" + Version);
        await InstallGate.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(root, "node_modules", "hls-parser", "package.json")))
            {
                Directory.CreateDirectory(root);
                var (exitCode, output) = await RunAsync("npm", ["install", "--no-audit", "--no-fund", "--prefix", root, "hls-parser@" + Version], root);
                Assert.True(exitCode == 0, "npm install hls-parser failed:\n" + output);
            }
            return root;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
