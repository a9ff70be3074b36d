namespace Sportall.Portal.Catalog;

public sealed class FooterLink
{
    public string Text { get; set; } = "";
    public string Url { get; set; } = "";
}
