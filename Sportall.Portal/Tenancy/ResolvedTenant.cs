using Sportall.Portal.Catalog;

namespace Sportall.Portal.Tenancy;

/// <summary>The tenant a request belongs to and how it was found (a request feature).</summary>
public sealed record ResolvedTenant(Tenant Tenant, TenantMatch Match);
