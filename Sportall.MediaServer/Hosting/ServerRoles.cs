namespace Sportall.MediaServer.Hosting;

/// <summary>
/// The roles this process runs (Server:Roles, a comma list): media (ingest, hub, packager/origin),
/// portal (the public site and back-office), edge. The default is the all-in-one "media,portal".
/// </summary>
public static class ServerRoles
{
    public const string Media = "media";
    public const string Portal = "portal";
    public const string Edge = "edge";
    public const string Default = "media,portal";

    public static bool Has(IConfiguration configuration, string role) =>
        (configuration["Server:Roles"] ?? Default)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains(role, StringComparer.OrdinalIgnoreCase);
}
