using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Sportall.MediaServer.Edge;

/// <summary>
/// Mints and verifies playback tokens: HMAC-SHA256 over the grant, URL-safe so a token can sit in a path
/// segment, a query parameter or a cookie without escaping.
/// <code>
/// token   = base64url(payload) "." base64url(HMAC-SHA256(secret[keyId], payload))
/// payload = "1" "|" keyId "|" expiresUnixSeconds "|" clientCidr-or-empty "|" pathPrefix
/// </code>
/// The path goes last so it may contain '|'.
/// </summary>
public sealed class PlaybackTokenSigner
{
    /// <summary>HMAC-SHA256 keys shorter than the hash add no strength and hint at a typo'd secret.</summary>
    public const int MinimumKeyBytes = 32;

    // Longest token accepted before decoding: a path of a few hundred characters fits well inside.
    private const int MaxTokenChars = 2048;

    private readonly Dictionary<string, byte[]> _keys;

    public PlaybackTokenSigner(IReadOnlyDictionary<string, string> base64Keys)
    {
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, secret) in base64Keys)
        {
            var bytes = Convert.FromBase64String(secret);
            if (bytes.Length < MinimumKeyBytes)
            {
                throw new ArgumentException($"Signing key '{id}' has {bytes.Length} bytes; at least {MinimumKeyBytes} are required.");
            }
            if (id.Contains('|'))
            {
                throw new ArgumentException($"Signing key id '{id}' must not contain '|'.");
            }
            _keys[id] = bytes;
        }
    }

    public bool HasKeys => _keys.Count > 0;

    public string Mint(PlaybackToken grant)
    {
        if (!_keys.TryGetValue(grant.KeyId, out var key))
        {
            throw new ArgumentException($"No signing key '{grant.KeyId}'.");
        }
        if (grant.ClientRange is { } range && !IPNetwork.TryParse(range, out _))
        {
            throw new ArgumentException($"'{range}' is not a CIDR range.");
        }
        var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"1|{grant.KeyId}|{grant.ExpiresAt.ToUnixTimeSeconds()}|{grant.ClientRange}|{grant.PathPrefix}"));
        var mac = HMACSHA256.HashData(key, payload);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac);
    }

    public PlaybackTokenRejection Verify(string? token, string path, IPAddress? client, DateTimeOffset now, out PlaybackToken? grant)
    {
        grant = null;
        if (string.IsNullOrEmpty(token))
        {
            return PlaybackTokenRejection.Missing;
        }
        int dot = token.IndexOf('.');
        if (token.Length > MaxTokenChars || dot <= 0)
        {
            return PlaybackTokenRejection.Malformed;
        }
        byte[] payload;
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            if (!Base64Url.TryDecodeFromChars(token.AsSpan(dot + 1), mac, out int macLength) || macLength != mac.Length)
            {
                return PlaybackTokenRejection.Malformed;
            }
        }
        catch (FormatException)
        {
            return PlaybackTokenRejection.Malformed;
        }

        var text = Encoding.UTF8.GetString(payload);
        var fields = text.Split('|', 5);
        if (fields.Length != 5 || fields[0] != "1"
            || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out long expires))
        {
            return PlaybackTokenRejection.Malformed;
        }
        if (!_keys.TryGetValue(fields[1], out var key))
        {
            return PlaybackTokenRejection.UnknownKey;
        }
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, payload, expected);
        // Constant time: the comparison must not tell a forger how many leading bytes were right.
        if (!CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            return PlaybackTokenRejection.BadSignature;
        }

        grant = new PlaybackToken(fields[1], fields[4], DateTimeOffset.FromUnixTimeSeconds(expires), fields[3].Length == 0 ? null : fields[3]);
        if (now >= grant.ExpiresAt)
        {
            return PlaybackTokenRejection.Expired;
        }
        if (!PathIsUnder(path, grant.PathPrefix))
        {
            return PlaybackTokenRejection.WrongPath;
        }
        if (grant.ClientRange is { } range)
        {
            if (client is null || !IPNetwork.TryParse(range, out var network))
            {
                return PlaybackTokenRejection.WrongClientAddress;
            }
            var address = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
            if (!network.Contains(address))
            {
                return PlaybackTokenRejection.WrongClientAddress;
            }
        }
        return PlaybackTokenRejection.None;
    }

    // "/live/a" must not grant "/live/ab/…": a prefix without a trailing slash matches whole segments only.
    private static bool PathIsUnder(string path, string prefix)
    {
        if (prefix.Length == 0 || !path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        return path.Length == prefix.Length || prefix[^1] == '/' || path[prefix.Length] == '/';
    }
}
