using System.Globalization;

namespace Sportall.MediaServer.Edge;

/// <summary>
/// <c>token mint --key-id ID --key BASE64 --path /live/name/ --ttl SECONDS [--ip CIDR] [--base-url URL]</c>:
/// prints the token, and with --base-url the signed multivariant URL in its path form.
/// </summary>
public static class PlaybackTokenCommand
{
    private const string Usage =
        "usage: token mint --key BASE64 [--key-id ID] --path /live/NAME/ [--ttl SECONDS] [--ip CIDR] [--base-url http://edge:8080]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] != "mint")
        {
            error.WriteLine(Usage);
            return 2;
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error.WriteLine(Usage);
                return 2;
            }
            values[args[i][2..]] = args[++i];
        }
        if (!values.TryGetValue("key", out var key) || !values.TryGetValue("path", out var path))
        {
            error.WriteLine(Usage);
            return 2;
        }
        string keyId = values.GetValueOrDefault("key-id", "default");
        int ttl = values.TryGetValue("ttl", out var ttlText) ? int.Parse(ttlText, CultureInfo.InvariantCulture) : 3600;
        try
        {
            var signer = new PlaybackTokenSigner(new Dictionary<string, string> { [keyId] = key });
            var token = signer.Mint(new PlaybackToken(keyId, path, DateTimeOffset.UtcNow.AddSeconds(ttl), values.GetValueOrDefault("ip")));
            output.WriteLine(token);
            if (values.TryGetValue("base-url", out var baseUrl))
            {
                // Relative child URIs resolve under /t/{token}/, so the one URL plays the whole stream.
                var entry = path.EndsWith('/') ? path + "index.m3u8" : path;
                output.WriteLine(baseUrl.TrimEnd('/') + "/t/" + token + entry);
            }
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            error.WriteLine(ex.Message);
            return 2;
        }
    }
}
