namespace Sportall.Packager.Tests.Storage;

/// <summary>
/// On a conformance subclass: its <see cref="StoreFactAttribute"/>/<see cref="StoreTheoryAttribute"/> tests are
/// reported skipped, with the reason, unless the environment variable is set.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentAttribute(string variable) : Attribute
{
    public string Variable { get; } = variable;
}
