using Xunit.Sdk;

namespace Sportall.Packager.Tests.Storage;

/// <summary>A fact of the conformance suite; skipped on subclasses whose <see cref="RequiresEnvironmentAttribute"/> is unmet.</summary>
[XunitTestCaseDiscoverer("Sportall.Packager.Tests.Storage.StoreFactDiscoverer", "Sportall.Packager.Tests")]
public sealed class StoreFactAttribute : FactAttribute;
