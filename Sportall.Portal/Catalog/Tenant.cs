namespace Sportall.Portal.Catalog;

/// <summary>A federation or club with its own public pages, branding and back-office.</summary>
public sealed class Tenant
{
    public string Id { get; set; } = "";

    /// <summary>The path prefix of the fallback address <c>/t/&lt;slug&gt;/</c>: lowercase letters, digits and '-'.</summary>
    public string Slug { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Host names (lowercase, no port) that resolve to this tenant: its own domain or a subdomain.</summary>
    public List<string> Hosts { get; set; } = [];

    public string PrimaryColor { get; set; } = "#0b3d91";
    public string AccentColor { get; set; } = "#f5a623";

    /// <summary>"en" or "fr": the language of a visitor who asked for no language the portal speaks.</summary>
    public string DefaultCulture { get; set; } = "en";

    public List<FooterLink> FooterLinks { get; set; } = [];
    public BrandImage? Logo { get; set; }
    public BrandImage? Favicon { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int SchemaVersion { get; set; } = CatalogSchema.Tenant;
}
