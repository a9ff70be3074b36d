using System.Text.RegularExpressions;

namespace Sportall.Portal.Hosting;

/// <summary>Colours go into a style element as CSS variables: only #rrggbb passes, so nothing else can be injected.</summary>
public static partial class ColorRules
{
    public static bool IsValid(string? color) => color is not null && HexColor().IsMatch(color);

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();
}
