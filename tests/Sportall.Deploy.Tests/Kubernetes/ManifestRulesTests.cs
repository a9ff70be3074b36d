using k8s;

namespace Sportall.Deploy.Tests.Kubernetes;

/// <summary>The rule checker finds each kind of violation (so a clean overlay means something).</summary>
public sealed class ManifestRulesTests
{
    private const string Careless = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: careless
        spec:
          replicas: 3
          selector:
            matchLabels: {app: careless}
          template:
            metadata:
              labels: {app: careless}
            spec:
              containers:
                - name: web
                  image: ghcr.io/sportall/sportall-edge:latest
                  securityContext:
                    runAsUser: 0
                - name: sidecar
                  image: redis
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: leaked
        stringData:
          redis-password: hunter2
          username: admin
        """;

    [Fact]
    public void ReportsEveryRuleACarelessManifestBreaks()
    {
        var violations = ManifestRules.Check(KubernetesYaml.LoadAllFromString(Careless, strict: true));
        string[] expected =
        [
            "Deployment/careless: pod seccompProfile is not RuntimeDefault",
            "Deployment/careless: the service account token is mounted",
            "Deployment/careless container web: image 'ghcr.io/sportall/sportall-edge:latest' has no version tag or uses latest",
            "Deployment/careless container sidecar: image 'redis' has no version tag or uses latest",
            "Deployment/careless container web: no cpu request",
            "Deployment/careless container web: no memory limit",
            "Deployment/careless container web: runAsNonRoot is not set",
            "Deployment/careless container web: runs as uid 0",
            "Deployment/careless container web: root file system is writable",
            "Deployment/careless container web: privilege escalation allowed",
            "Deployment/careless container web: capabilities not dropped",
            "Deployment/careless container web: no liveness probe",
            "Deployment/careless container sidecar: no readiness probe",
            "Deployment/careless container web: no preStop pause",
            "Deployment/careless: replicated but no PodDisruptionBudget selects its pods",
            "Secret/leaked: 'redis-password' is not a CHANGE-ME placeholder",
        ];
        foreach (var expectation in expected)
        {
            Assert.True(violations.Any(v => v.StartsWith(expectation, StringComparison.Ordinal)),
                $"expected a violation starting with \"{expectation}\" in:\n{string.Join('\n', violations)}");
        }
        Assert.DoesNotContain(violations, v => v.Contains("'username'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ghcr.io/sportall/sportall-media:0.1.0", true)]
    [InlineData("localhost:5000/sportall-media:1", true)]
    [InlineData("mongo@sha256:0123456789abcdef", true)]
    [InlineData("localhost:5000/sportall-media", false)]
    [InlineData("mongo", false)]
    [InlineData("mongo:latest", false)]
    [InlineData("mongo:", false)]
    public void ImagePinning(string image, bool pinned) => Assert.Equal(pinned, ManifestRules.IsPinned(image));
}
