namespace Sportall.MediaServer.Edge;

internal static class EdgeNames
{
    public static string Of(EdgeOptions options) => string.IsNullOrWhiteSpace(options.Name) ? Environment.MachineName : options.Name;
}
