using Xunit.Sdk;

namespace Sportall.Packager.Tests.Storage;

/// <summary>A theory of the conformance suite; skipped on subclasses whose <see cref="RequiresEnvironmentAttribute"/> is unmet.</summary>
[XunitTestCaseDiscoverer("Sportall.Packager.Tests.Storage.StoreTheoryDiscoverer", "Sportall.Packager.Tests")]
public sealed class StoreTheoryAttribute : TheoryAttribute;
