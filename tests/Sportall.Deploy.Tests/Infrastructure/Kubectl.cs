using System.Collections.Concurrent;

namespace Sportall.Deploy.Tests.Infrastructure;

/// <summary>Renders overlays with `kubectl kustomize` (offline), once per overlay per test run.</summary>
public static class Kubectl
{
    public const string MissingReason =
        "kubectl is not installed: `kubectl kustomize` renders the overlays (install kubectl >= 1.27; no cluster is needed)";

    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Rendered = new();

    public static Task<string> RenderAsync(string overlay) =>
        Rendered.GetOrAdd(overlay, name => new Lazy<Task<string>>(() => RenderUncachedAsync(name))).Value;

    private static async Task<string> RenderUncachedAsync(string overlay)
    {
        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync("kubectl",
            ["kustomize", Repository.Deploy("k8s", "overlays", overlay)], TimeSpan.FromSeconds(60));
        if (exitCode != 0) throw new InvalidOperationException($"kubectl kustomize {overlay} failed ({exitCode}):\n{stderr}");
        return stdout;
    }

    /// <summary>The rendered stream split into its documents (kubectl separates them with a "---" line).</summary>
    public static IReadOnlyList<string> SplitDocuments(string rendered) =>
        rendered.Split(["\n---\n"], StringSplitOptions.RemoveEmptyEntries)
            .Select(doc => doc.StartsWith("---\n", StringComparison.Ordinal) ? doc[4..] : doc)
            .Where(doc => doc.Trim().Length > 0)
            .ToList();
}
