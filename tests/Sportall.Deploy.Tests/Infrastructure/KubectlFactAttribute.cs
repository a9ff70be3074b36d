namespace Sportall.Deploy.Tests.Infrastructure;

/// <summary>A fact that needs kubectl (for `kubectl kustomize`, which works offline); skipped, saying so, without it.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (!ExternalTool.IsInstalled("kubectl")) Skip = Kubectl.MissingReason;
    }
}
