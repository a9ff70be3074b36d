namespace Sportall.Portal.Tests.Catalog;

/// <summary>A fact that needs a real MongoDB: skipped, with the reason shown, unless MONGODB_URI is set.</summary>
public sealed class MongoFactAttribute : FactAttribute
{
    public MongoFactAttribute()
    {
        if (CatalogStores.MongoUri is null) Skip = "MONGODB_URI is not set: the catalog conformance suite ran against LiteDB only (set MONGODB_URI=mongodb://HOST:27017 to run it against MongoDB; docs/PORTAL.md says how).";
    }
}
