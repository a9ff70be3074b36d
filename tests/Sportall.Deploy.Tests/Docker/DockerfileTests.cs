using Sportall.Deploy.Tests.Infrastructure;
using Sportall.Deploy.Tests.Kubernetes;

namespace Sportall.Deploy.Tests.Docker;

/// <summary>
/// Static checks of deploy/docker (no Docker engine on the CI machines): one Dockerfile per role,
/// multi-stage, pinned base images, a non-root user, and the media image carrying ffmpeg and libsrt.
/// </summary>
public sealed class DockerfileTests
{
    public static TheoryData<string> Roles => new("media", "edge", "portal");

    [Theory]
    [MemberData(nameof(Roles))]
    public void IsMultiStagePinnedAndNonRoot(string role)
    {
        var lines = File.ReadAllLines(Repository.Deploy("docker", $"{role}.Dockerfile")).Select(l => l.Trim()).ToList();
        var from = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToList();
        Assert.True(from.Count >= 3, $"{role}: expected npm, SDK and runtime stages, got {from.Count}");
        Assert.All(from, image => Assert.True(ManifestRules.IsPinned(image), $"{role}: base image {image} is not pinned to a tag"));
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", from[^2]);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", from[^1]);

        var user = lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.Equal("USER 10001:10001", user);
        Assert.Contains(lines, l => l.Contains($"Server__Roles={role}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ENTRYPOINT [\"dotnet\", \"Sportall.MediaServer.dll\"]", StringComparison.Ordinal));

        var runtimeStage = string.Join('\n', lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal)));
        var mediaTools = runtimeStage.Contains("ffmpeg", StringComparison.Ordinal) && runtimeStage.Contains("libsrt1.5", StringComparison.Ordinal);
        Assert.Equal(role == "media", mediaTools);
    }

    private const string PublishCommand =
        "dotnet publish Sportall.MediaServer/Sportall.MediaServer.csproj -c Release -o /app --no-self-contained";

    [Fact]
    public async Task TheServerPublishesAsTheDockerfilesBuildIt()
    {
        // No Docker engine here, so each image's build step is run as it stands in the Dockerfiles: a publish
        // that fails (two projects publishing files to one path, NETSDK1152) would fail every image build.
        foreach (var role in new[] { "media", "edge", "portal" })
        {
            var text = File.ReadAllText(Repository.Deploy("docker", $"{role}.Dockerfile"));
            Assert.Contains("RUN " + PublishCommand, text, StringComparison.Ordinal);
        }
        var output = Directory.CreateTempSubdirectory("sportall-publish-").FullName;
        try
        {
            var arguments = PublishCommand.Split(' ').Skip(1).Select(a => a == "/app" ? output : a);
            var (exitCode, stdout, stderr) = await ExternalTool.RunAsync("dotnet", arguments, TimeSpan.FromMinutes(5));
            Assert.True(exitCode == 0, $"dotnet publish failed:\n{stdout}\n{stderr}");
            Assert.True(File.Exists(Path.Combine(output, "Sportall.MediaServer.dll")));
            Assert.True(File.Exists(Path.Combine(output, "Sportall.Portal.dll")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [KubectlFact]
    public async Task TheManifestsRunTheImagesAsTheirUser()
    {
        // The pods' runAsUser must be the images' USER, or files the image owns are not theirs.
        var objects = await RenderedObjects.LoadAsync("production");
        var app = objects.OfType<k8s.Models.V1Deployment>().Select(d => d.Spec.Template.Spec)
            .Concat(objects.OfType<k8s.Models.V1StatefulSet>().Select(s => s.Spec.Template.Spec))
            .Where(spec => spec.Containers.Any(c => c.Image.Contains("sportall-", StringComparison.Ordinal)))
            .ToList();
        Assert.Equal(3, app.Count);
        Assert.All(app, spec => Assert.Equal(10001, spec.SecurityContext.RunAsUser));
    }
}
