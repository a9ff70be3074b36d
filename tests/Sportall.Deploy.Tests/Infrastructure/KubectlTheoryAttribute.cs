namespace Sportall.Deploy.Tests.Infrastructure;

/// <summary>A theory that needs kubectl; skipped, saying so, without it.</summary>
public sealed class KubectlTheoryAttribute : TheoryAttribute
{
    public KubectlTheoryAttribute()
    {
        if (!ExternalTool.IsInstalled("kubectl")) Skip = Kubectl.MissingReason;
    }
}
