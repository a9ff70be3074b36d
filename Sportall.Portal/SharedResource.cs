namespace Sportall.Portal;

/// <summary>Anchor of the portal's strings: Resources/SharedResource.resx (English) and .fr.resx.</summary>
public sealed class SharedResource;
