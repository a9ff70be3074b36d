namespace Sportall.Portal.Catalog;

/// <summary>A save broke a uniqueness rule (a tenant slug or host, a user's e-mail, a playback name).</summary>
public sealed class CatalogConflictException(string message, Exception? inner = null) : Exception(message, inner);
