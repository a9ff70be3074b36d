namespace Sportall.Portal.Catalog;

public sealed record CatalogPage<T>(IReadOnlyList<T> Items, long Total);
