namespace Sportall.Portal.Pages.Admin;

public sealed class TenantForm
{
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Hosts { get; set; } = "";
    public string PrimaryColor { get; set; } = "#0b3d91";
    public string AccentColor { get; set; } = "#f5a623";
    public string DefaultCulture { get; set; } = "en";
    public string FooterLinks { get; set; } = "";
}
