namespace Sportall.Portal.Catalog;

public static class PortalRoles
{
    /// <summary>Operates the platform: every tenant, every user.</summary>
    public const string PlatformAdmin = "platform-admin";

    /// <summary>Runs one tenant: branding, users, events, stream keys, replays.</summary>
    public const string TenantAdmin = "tenant-admin";

    /// <summary>Edits one tenant's events and replays; never sees stream keys.</summary>
    public const string Editor = "editor";

    public static readonly IReadOnlyList<string> TenantRoles = [TenantAdmin, Editor];
}
