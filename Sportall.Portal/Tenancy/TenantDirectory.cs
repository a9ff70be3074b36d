using Sportall.Portal.Catalog;

namespace Sportall.Portal.Tenancy;

/// <summary>Holds the current <see cref="TenantMap"/>; reloaded from the catalog after every tenant edit.</summary>
public sealed class TenantDirectory(ICatalogStore store)
{
    private TenantMap _current = TenantMap.Empty;

    public TenantMap Current => Volatile.Read(ref _current);

    public async Task ReloadAsync(CancellationToken ct) =>
        Volatile.Write(ref _current, new TenantMap(await store.ListTenantsAsync(ct)));
}
