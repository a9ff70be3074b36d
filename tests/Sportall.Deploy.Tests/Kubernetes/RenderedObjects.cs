using k8s;
using Sportall.Deploy.Tests.Infrastructure;

namespace Sportall.Deploy.Tests.Kubernetes;

/// <summary>
/// An overlay's objects loaded by KubernetesClient with strict YAML (an unknown field fails the load,
/// which the JSON schemas let through). Custom resources (monitoring.coreos.com) have no model there and
/// are left to the schema validation of the operator's package.
/// </summary>
public static class RenderedObjects
{
    public static async Task<IReadOnlyList<object>> LoadAsync(string overlay)
    {
        var rendered = await Kubectl.RenderAsync(overlay);
        var core = Kubectl.SplitDocuments(rendered).Where(doc => !IsCustomResource(doc));
        return KubernetesYaml.LoadAllFromString(string.Join("\n---\n", core), strict: true);
    }

    public static bool IsCustomResource(string document) =>
        document.Contains("apiVersion: monitoring.coreos.com/", StringComparison.Ordinal);
}
