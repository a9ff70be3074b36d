namespace Sportall.Portal.Catalog;

/// <summary>
/// Versions of the catalog's documents. Every document carries the version it was written with, so a
/// later release can upgrade old documents when it reads them (or in InitializeAsync) instead of
/// guessing their shape. Bump a constant when a document's meaning changes, and add the upgrade step.
/// </summary>
public static class CatalogSchema
{
    public const int Tenant = 1;
    public const int Event = 1;
    public const int Replay = 1;
    public const int User = 1;
}
