namespace Sportall.Packager.Storage;

/// <summary>What a store knows about one object.</summary>
/// <param name="ContentType">The type given on put; stores that did not record one report application/octet-stream.</param>
public sealed record ObjectInfo(string Key, long Length, string ContentType, DateTimeOffset LastModified);
