using System.Collections.Frozen;
using Sportall.Portal.Catalog;

namespace Sportall.Portal.Tenancy;

/// <summary>
/// An immutable snapshot of host → tenant and slug → tenant, rebuilt whole when a tenant changes and
/// swapped in one reference write, so requests never see a half-updated map.
/// </summary>
public sealed class TenantMap
{
    public static readonly TenantMap Empty = new([]);

    private readonly FrozenDictionary<string, Tenant> _byHost;
    private readonly FrozenDictionary<string, Tenant> _bySlug;
    private readonly FrozenDictionary<string, Tenant> _byId;

    public TenantMap(IEnumerable<Tenant> tenants)
    {
        var list = tenants.ToList();
        _byId = list.ToFrozenDictionary(t => t.Id, StringComparer.Ordinal);
        _bySlug = list.ToFrozenDictionary(t => t.Slug, StringComparer.OrdinalIgnoreCase);
        var byHost = new Dictionary<string, Tenant>(StringComparer.OrdinalIgnoreCase);
        foreach (var tenant in list)
        {
            foreach (var host in tenant.Hosts) byHost.TryAdd(host, tenant);
        }
        _byHost = byHost.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Tenants = list;
    }

    public IReadOnlyList<Tenant> Tenants { get; }

    public bool TryGetByHost(string host, out Tenant tenant) => _byHost.TryGetValue(host, out tenant!);
    public bool TryGetBySlug(string slug, out Tenant tenant) => _bySlug.TryGetValue(slug, out tenant!);
    public bool TryGetById(string id, out Tenant tenant) => _byId.TryGetValue(id, out tenant!);
}
