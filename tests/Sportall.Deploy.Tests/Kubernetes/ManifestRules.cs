using System.Globalization;
using System.Text;
using k8s.Models;

namespace Sportall.Deploy.Tests.Kubernetes;

/// <summary>
/// Our own rules over rendered objects, beyond what the schemas say: every container pinned, sized,
/// non-root with a read-only root file system; long-running containers probed; replicated workloads
/// covered by a disruption budget; secrets only placeholders; shutdown sized to the reconnect grace.
/// Returns every violation as "Kind/name container: what", so one run shows them all.
/// </summary>
public static class ManifestRules
{
    // Keys of generated secrets whose values are credentials: in git they must be placeholders.
    private static readonly string[] CredentialKeyWords = ["password", "key", "connection-string", "secret"];

    public const string Placeholder = "CHANGE-ME";

    public static IReadOnlyList<string> Check(IReadOnlyList<object> objects)
    {
        var violations = new List<string>();
        var config = objects.OfType<V1ConfigMap>().Where(c => c.Metadata.Name.StartsWith("sportall-config", StringComparison.Ordinal))
            .SelectMany(c => c.Data ?? new Dictionary<string, string>()).ToDictionary(kv => kv.Key, kv => kv.Value);
        var budgets = objects.OfType<V1PodDisruptionBudget>().ToList();
        var autoscaled = objects.OfType<V2HorizontalPodAutoscaler>().Select(h => h.Spec.ScaleTargetRef.Name).ToHashSet();

        foreach (var item in objects)
        {
            switch (item)
            {
                case V1Deployment d:
                    CheckPod($"Deployment/{d.Metadata.Name}", d.Spec.Template.Spec, longRunning: true, config, violations);
                    if ((d.Spec.Replicas ?? 1) > 1 || autoscaled.Contains(d.Metadata.Name))
                        CheckBudget($"Deployment/{d.Metadata.Name}", d.Spec.Template.Metadata.Labels, budgets, violations);
                    break;
                case V1StatefulSet s:
                    CheckPod($"StatefulSet/{s.Metadata.Name}", s.Spec.Template.Spec, longRunning: true, config, violations);
                    if ((s.Spec.Replicas ?? 1) > 1)
                        CheckBudget($"StatefulSet/{s.Metadata.Name}", s.Spec.Template.Metadata.Labels, budgets, violations);
                    break;
                case V1DaemonSet ds:
                    CheckPod($"DaemonSet/{ds.Metadata.Name}", ds.Spec.Template.Spec, longRunning: true, config, violations);
                    break;
                case V1Job j:
                    CheckPod($"Job/{j.Metadata.Name}", j.Spec.Template.Spec, longRunning: false, config, violations);
                    break;
                case V1Pod p:
                    violations.Add($"Pod/{p.Metadata.Name}: bare pods are not rescheduled; use a workload");
                    break;
                case V1Secret secret:
                    CheckSecret(secret, violations);
                    break;
            }
        }
        return violations;
    }

    private static void CheckPod(string owner, V1PodSpec pod, bool longRunning, IReadOnlyDictionary<string, string> config, List<string> violations)
    {
        if (pod.SecurityContext?.SeccompProfile?.Type != "RuntimeDefault")
            violations.Add($"{owner}: pod seccompProfile is not RuntimeDefault");
        if (pod.AutomountServiceAccountToken != false)
            violations.Add($"{owner}: the service account token is mounted (automountServiceAccountToken: false)");
        foreach (var container in pod.InitContainers ?? [])
            CheckContainer(owner, pod, container, probed: false, violations);
        foreach (var container in pod.Containers)
        {
            CheckContainer(owner, pod, container, probed: longRunning, violations);
            if (longRunning && container.Image.Contains("sportall-", StringComparison.Ordinal))
                CheckShutdown(owner, pod, container, config, violations);
        }
    }

    private static void CheckContainer(string owner, V1PodSpec pod, V1Container container, bool probed, List<string> violations)
    {
        var where = $"{owner} container {container.Name}";
        if (!IsPinned(container.Image)) violations.Add($"{where}: image '{container.Image}' has no version tag or uses latest");
        foreach (var resource in new[] { "cpu", "memory" })
        {
            if (container.Resources?.Requests?.ContainsKey(resource) != true) violations.Add($"{where}: no {resource} request");
            if (container.Resources?.Limits?.ContainsKey(resource) != true) violations.Add($"{where}: no {resource} limit");
        }
        if ((container.SecurityContext?.RunAsNonRoot ?? pod.SecurityContext?.RunAsNonRoot) != true)
            violations.Add($"{where}: runAsNonRoot is not set");
        if ((container.SecurityContext?.RunAsUser ?? pod.SecurityContext?.RunAsUser) is 0)
            violations.Add($"{where}: runs as uid 0");
        if (container.SecurityContext?.ReadOnlyRootFilesystem != true) violations.Add($"{where}: root file system is writable");
        if (container.SecurityContext?.AllowPrivilegeEscalation != false) violations.Add($"{where}: privilege escalation allowed");
        if (container.SecurityContext?.Capabilities?.Drop?.Contains("ALL") != true) violations.Add($"{where}: capabilities not dropped");
        if (container.SecurityContext?.Privileged == true) violations.Add($"{where}: privileged");
        if (probed)
        {
            if (container.LivenessProbe is null) violations.Add($"{where}: no liveness probe");
            if (container.ReadinessProbe is null) violations.Add($"{where}: no readiness probe");
        }
    }

    // A publisher cut at SIGTERM reconnects elsewhere within Packager:ReconnectGraceSeconds; the pod must
    // outlive its preStop pause plus the host's shutdown timeout, and that timeout must cover the grace.
    private static void CheckShutdown(string owner, V1PodSpec pod, V1Container container, IReadOnlyDictionary<string, string> config, List<string> violations)
    {
        var where = $"{owner} container {container.Name}";
        var preStop = container.Lifecycle?.PreStop?.Exec?.Command is ["sleep", var seconds] ? int.Parse(seconds, CultureInfo.InvariantCulture) : -1;
        if (preStop < 0)
        {
            violations.Add($"{where}: no preStop pause (the pod must leave the load balancers before it stops)");
            return;
        }
        if (!config.TryGetValue("DOTNET_shutdownTimeoutSeconds", out var shutdownText) || !config.TryGetValue("Packager__ReconnectGraceSeconds", out var graceText))
        {
            violations.Add($"{owner}: sportall-config lacks DOTNET_shutdownTimeoutSeconds or Packager__ReconnectGraceSeconds");
            return;
        }
        var shutdown = int.Parse(shutdownText, CultureInfo.InvariantCulture);
        var grace = int.Parse(graceText, CultureInfo.InvariantCulture);
        if (shutdown < grace) violations.Add($"{owner}: shutdown timeout {shutdown} s is shorter than the reconnect grace {grace} s");
        if ((pod.TerminationGracePeriodSeconds ?? 30) < preStop + shutdown)
            violations.Add($"{owner}: terminationGracePeriodSeconds {pod.TerminationGracePeriodSeconds} < preStop {preStop} s + shutdown timeout {shutdown} s");
    }

    private static void CheckBudget(string owner, IDictionary<string, string> podLabels, IReadOnlyList<V1PodDisruptionBudget> budgets, List<string> violations)
    {
        var covered = budgets.Any(b => b.Spec.Selector?.MatchLabels is { Count: > 0 } selector
            && selector.All(kv => podLabels.TryGetValue(kv.Key, out var value) && value == kv.Value));
        if (!covered) violations.Add($"{owner}: replicated but no PodDisruptionBudget selects its pods");
    }

    private static void CheckSecret(V1Secret secret, List<string> violations)
    {
        foreach (var (key, bytes) in secret.Data ?? new Dictionary<string, byte[]>())
        {
            if (!CredentialKeyWords.Any(word => key.Contains(word, StringComparison.OrdinalIgnoreCase))) continue;
            if (!Encoding.UTF8.GetString(bytes).Contains(Placeholder, StringComparison.Ordinal))
                violations.Add($"Secret/{secret.Metadata.Name}: '{key}' is not a {Placeholder} placeholder (real credentials never go into git)");
        }
        foreach (var (key, value) in secret.StringData ?? new Dictionary<string, string>())
        {
            if (CredentialKeyWords.Any(word => key.Contains(word, StringComparison.OrdinalIgnoreCase)) && !value.Contains(Placeholder, StringComparison.Ordinal))
                violations.Add($"Secret/{secret.Metadata.Name}: '{key}' is not a {Placeholder} placeholder");
        }
    }

    /// <summary>A tag other than latest after the last path segment, or a digest.</summary>
    public static bool IsPinned(string image)
    {
        if (image.Contains("@sha256:", StringComparison.Ordinal)) return true;
        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        var colon = lastSegment.IndexOf(':');
        return colon > 0 && colon < lastSegment.Length - 1 && lastSegment[(colon + 1)..] != "latest";
    }
}
