namespace Sportall.Portal.Localization;

public static class PortalCultures
{
    public const string Default = "en";
    public static readonly string[] Supported = ["en", "fr"];

    public static bool IsSupported(string? culture) => culture is not null && Supported.Contains(culture, StringComparer.OrdinalIgnoreCase);
}
