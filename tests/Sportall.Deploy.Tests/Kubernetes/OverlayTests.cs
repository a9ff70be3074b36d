using k8s;
using k8s.Models;
using Sportall.Deploy.Tests.Infrastructure;

namespace Sportall.Deploy.Tests.Kubernetes;

/// <summary>Every overlay renders, every rendered object passes the schemas and a strict load, and our rules hold.</summary>
public sealed class OverlayTests
{
    public static TheoryData<string> Overlays => new(Repository.Overlays);

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task RendersWithTheWorkloadsOfItsShape(string overlay)
    {
        var objects = await RenderedObjects.LoadAsync(overlay);
        var workloads = objects.OfType<V1StatefulSet>().Select(s => s.Metadata.Name)
            .Concat(objects.OfType<V1Deployment>().Select(d => d.Metadata.Name)).Order().ToList();
        string[] expected = overlay == "single-node"
            ? ["sportall", "sportall-mongodb"]
            : ["sportall-edge", "sportall-media", "sportall-minio", "sportall-mongodb", "sportall-portal", "sportall-redis"];
        Assert.Equal(expected, workloads);
        Assert.All(objects.OfType<IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace),
            o => Assert.Equal("sportall", o.Metadata.NamespaceProperty));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task EveryObjectPassesSchemaValidation(string overlay)
    {
        var schemaDir = Repository.Path("tests", "Sportall.Deploy.Tests", "schema");
        Assert.True(Directory.Exists(Path.Combine(schemaDir, "node_modules", "kubernetes-models")),
            $"kubernetes-models is not installed: run `npm install` in {schemaDir} (test.sh does)");
        var file = Path.Combine(Path.GetTempPath(), $"sportall-{overlay}-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, await Kubectl.RenderAsync(overlay));
        try
        {
            var (exitCode, stdout, stderr) = await ExternalTool.RunAsync("node", ["validate.mjs", file], TimeSpan.FromSeconds(60), schemaDir);
            Assert.True(exitCode == 0, stdout + stderr);
            Assert.Contains(" 0 failed", stdout);
            var count = Kubectl.SplitDocuments(await Kubectl.RenderAsync(overlay)).Count;
            Assert.Contains($"{count} objects, 0 failed", stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task EveryCoreObjectLoadsStrictly(string overlay)
    {
        var documents = Kubectl.SplitDocuments(await Kubectl.RenderAsync(overlay));
        var objects = await RenderedObjects.LoadAsync(overlay);
        Assert.Equal(documents.Count(d => !RenderedObjects.IsCustomResource(d)), objects.Count);
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task OurRulesHold(string overlay)
    {
        var violations = ManifestRules.Check(await RenderedObjects.LoadAsync(overlay));
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public async Task TheReplicaSetInitJobListsEveryMongoDbMember(string overlay)
    {
        var objects = await RenderedObjects.LoadAsync(overlay);
        var mongo = objects.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "sportall-mongodb");
        var init = objects.OfType<V1Job>().Single(j => j.Metadata.Name == "sportall-mongodb-init");
        var members = init.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "MEMBERS").Value;
        Assert.Equal(mongo.Spec.Replicas.ToString(), members);
        // A budget that can never be met would block every drain.
        var budget = objects.OfType<V1PodDisruptionBudget>().SingleOrDefault(b => b.Metadata.Name == "sportall-mongodb");
        Assert.Equal(mongo.Spec.Replicas > 1, budget is not null);
    }

    [KubectlFact]
    public async Task ProductionSplitsTheRolesAndScalesEdgesOnCpuAndRequestRate()
    {
        var objects = await RenderedObjects.LoadAsync("production");
        string Roles(string workload) => PodSpec(objects, workload).Containers[0].Env.Single(e => e.Name == "Server__Roles").Value;
        Assert.Equal("media", Roles("sportall-media"));
        Assert.Equal("edge", Roles("sportall-edge"));
        Assert.Equal("portal", Roles("sportall-portal"));

        var hpa = Assert.Single(objects.OfType<V2HorizontalPodAutoscaler>());
        Assert.Equal("sportall-edge", hpa.Spec.ScaleTargetRef.Name);
        Assert.Contains(hpa.Spec.Metrics, m => m.Type == "Resource" && m.Resource.Name == "cpu");
        Assert.Contains(hpa.Spec.Metrics, m => m.Type == "Pods" && m.Pods.Metric.Name == "sportall_edge_requests_per_second");

        // RTMP on TCP and SRT on UDP behind load balancers, with affinity so a reconnecting encoder comes back.
        var ingest = objects.OfType<V1Service>().Where(s => s.Spec.Type == "LoadBalancer").ToList();
        Assert.Contains(ingest, s => s.Spec.Ports.Single() is { Port: 1935, Protocol: "TCP" } && s.Spec.SessionAffinity == "ClientIP");
        Assert.Contains(ingest, s => s.Spec.Ports.Single() is { Port: 9000, Protocol: "UDP" } && s.Spec.SessionAffinity == "ClientIP");
        Assert.All(ingest, s => Assert.Equal("sportall-media", s.Spec.Selector["app.kubernetes.io/name"]));

        // Each media pod advertises its own stable address in its Redis claims.
        var env = PodSpec(objects, "sportall-media").Containers[0].Env;
        Assert.Equal("http://$(POD_NAME).sportall-media:8080/", env.Single(e => e.Name == "Cluster__OriginUrl").Value);
        Assert.NotNull(env.Single(e => e.Name == "Cluster__Redis").ValueFrom.SecretKeyRef);
    }

    [KubectlFact]
    public async Task OnlyEdgesReachOriginsAndOnlyPortalAndIngestReachTheCatalog()
    {
        var objects = await RenderedObjects.LoadAsync("production");
        var policies = objects.OfType<V1NetworkPolicy>().ToList();
        Assert.Contains(policies, p => p.Spec.PodSelector.MatchLabels is null or { Count: 0 } && p.Spec.PolicyTypes.Contains("Ingress") && p.Spec.Ingress is null or { Count: 0 });

        // Origin HTTP: from edge pods (and the monitoring namespace for /metrics), nothing else.
        var media = policies.Single(p => Label(p.Spec.PodSelector.MatchLabels, "app.kubernetes.io/name") == "sportall-media");
        var http = media.Spec.Ingress.Where(rule => rule.Ports.Any(port => port.Port.Value == "8080")).ToList();
        var httpRule = Assert.Single(http);
        Assert.NotNull(httpRule.FromProperty);
        Assert.All(httpRule.FromProperty, peer => Assert.True(
            Label(peer.PodSelector?.MatchLabels, "sportall.io/role") == "edge"
            || Label(peer.NamespaceSelector?.MatchLabels, "kubernetes.io/metadata.name") == "monitoring"));
        var edgeRoles = PodsMatching(objects, "sportall.io/role", "edge");
        Assert.Equal(["sportall-edge"], edgeRoles);

        // Catalog: the pods that carry the catalog-client label are exactly ingest/origin and portal.
        var mongo = policies.Single(p => Label(p.Spec.PodSelector.MatchLabels, "app.kubernetes.io/name") == "mongodb");
        var clientLabels = mongo.Spec.Ingress.SelectMany(rule => rule.FromProperty).Select(peer => peer.PodSelector.MatchLabels.Single()).ToList();
        Assert.All(mongo.Spec.Ingress.SelectMany(rule => rule.FromProperty), peer => Assert.Null(peer.NamespaceSelector));
        var admitted = clientLabels.SelectMany(label => PodsMatching(objects, label.Key, label.Value)).Distinct().Order().ToList();
        Assert.Equal(["sportall-media", "sportall-mongodb", "sportall-mongodb-init", "sportall-portal"], admitted);
    }

    private static string? Label(IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : null;

    private static V1PodSpec PodSpec(IReadOnlyList<object> objects, string workload) =>
        objects.OfType<V1Deployment>().Where(d => d.Metadata.Name == workload).Select(d => d.Spec.Template.Spec)
            .Concat(objects.OfType<V1StatefulSet>().Where(s => s.Metadata.Name == workload).Select(s => s.Spec.Template.Spec))
            .Single();

    private static List<string> PodsMatching(IReadOnlyList<object> objects, string key, string value)
    {
        IEnumerable<(string Name, IDictionary<string, string> Labels)> templates =
            objects.OfType<V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Template.Metadata.Labels))
                .Concat(objects.OfType<V1StatefulSet>().Select(s => (s.Metadata.Name, s.Spec.Template.Metadata.Labels)))
                .Concat(objects.OfType<V1Job>().Select(j => (j.Metadata.Name, j.Spec.Template.Metadata.Labels)));
        return templates.Where(t => t.Labels.TryGetValue(key, out var v) && v == value).Select(t => t.Name).Order().ToList();
    }
}
