namespace Sportall.Portal.Catalog;

/// <summary>A back-office account: a platform admin (no tenant) or a tenant's admin or editor.</summary>
public sealed class PortalUser
{
    public string Id { get; set; } = "";
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public string? PasswordHash { get; set; }
    public string SecurityStamp { get; set; } = "";
    public string ConcurrencyStamp { get; set; } = "";

    /// <summary>Null for platform admins; the tenant an admin or editor works for otherwise.</summary>
    public string? TenantId { get; set; }

    /// <summary>Names from <see cref="PortalRoles"/>.</summary>
    public List<string> Roles { get; set; } = [];

    public int AccessFailedCount { get; set; }
    public bool LockoutEnabled { get; set; } = true;
    public DateTime? LockoutEndUtc { get; set; }
    public int SchemaVersion { get; set; } = CatalogSchema.User;
}
