using System.Net;
using System.Security.Cryptography;
using Sportall.MediaServer.Edge;

namespace Sportall.MediaServer.Tests.Edge;

public sealed class PlaybackTokenSignerTests
{
    private static readonly string Secret = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly PlaybackTokenSigner Signer = new(new Dictionary<string, string> { ["k1"] = Secret });

    public static TheoryData<string, PlaybackToken, string, string?, PlaybackTokenRejection> Cases => new()
    {
        { "valid, path under prefix", new("k1", "/live/a/", Now.AddMinutes(1), null), "/live/a/video/part-1.0.m4s", "192.0.2.1", PlaybackTokenRejection.None },
        { "valid, prefix without slash matches a whole segment", new("k1", "/live/a", Now.AddMinutes(1), null), "/live/a/index.m3u8", null, PlaybackTokenRejection.None },
        { "prefix without slash does not match a longer name", new("k1", "/live/a", Now.AddMinutes(1), null), "/live/ab/index.m3u8", null, PlaybackTokenRejection.WrongPath },
        { "other stream", new("k1", "/live/a/", Now.AddMinutes(1), null), "/live/b/index.m3u8", null, PlaybackTokenRejection.WrongPath },
        { "expires exactly now", new("k1", "/live/a/", Now, null), "/live/a/index.m3u8", null, PlaybackTokenRejection.Expired },
        { "expired", new("k1", "/live/a/", Now.AddSeconds(-1), null), "/live/a/index.m3u8", null, PlaybackTokenRejection.Expired },
        { "client inside range", new("k1", "/live/a/", Now.AddMinutes(1), "192.0.2.0/24"), "/live/a/index.m3u8", "192.0.2.77", PlaybackTokenRejection.None },
        { "IPv4-mapped client inside range", new("k1", "/live/a/", Now.AddMinutes(1), "192.0.2.0/24"), "/live/a/index.m3u8", "::ffff:192.0.2.77", PlaybackTokenRejection.None },
        { "client outside range", new("k1", "/live/a/", Now.AddMinutes(1), "192.0.2.0/24"), "/live/a/index.m3u8", "198.51.100.1", PlaybackTokenRejection.WrongClientAddress },
        { "range but no client address", new("k1", "/live/a/", Now.AddMinutes(1), "192.0.2.0/24"), "/live/a/index.m3u8", null, PlaybackTokenRejection.WrongClientAddress },
        { "path containing the separator", new("k1", "/live/a|b/", Now.AddMinutes(1), null), "/live/a|b/index.m3u8", null, PlaybackTokenRejection.None },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void VerifiesWhatWasMinted(string name, PlaybackToken grant, string path, string? client, PlaybackTokenRejection expected)
    {
        var token = Signer.Mint(grant);
        var result = Signer.Verify(token, path, client is null ? null : IPAddress.Parse(client), Now, out var parsed);
        Assert.True(expected == result, $"{name}: {result}");
        if (expected == PlaybackTokenRejection.None)
        {
            Assert.Equal(grant with { ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(grant.ExpiresAt.ToUnixTimeSeconds()) }, parsed);
        }
    }

    [Fact]
    public void EveryAlteredCharacterIsRefused()
    {
        var token = Signer.Mint(new PlaybackToken("k1", "/live/a/", Now.AddMinutes(1), null));
        for (int i = 0; i < token.Length; i++)
        {
            var altered = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            var result = Signer.Verify(altered, "/live/a/index.m3u8", null, Now, out _);
            Assert.True(result is PlaybackTokenRejection.BadSignature or PlaybackTokenRejection.Malformed or PlaybackTokenRejection.UnknownKey,
                $"character {i}: {result}");
        }
    }

    [Theory]
    [InlineData(null, PlaybackTokenRejection.Missing)]
    [InlineData("", PlaybackTokenRejection.Missing)]
    [InlineData("no-dot", PlaybackTokenRejection.Malformed)]
    [InlineData(".abc", PlaybackTokenRejection.Malformed)]
    [InlineData("!!!.???", PlaybackTokenRejection.Malformed)]
    public void RefusesMalformedTokens(string? token, PlaybackTokenRejection expected) =>
        Assert.Equal(expected, Signer.Verify(token, "/live/a/index.m3u8", null, Now, out _));

    [Fact]
    public void RefusesTokensOfAnotherKeyAndUnknownKeyIds()
    {
        var other = new PlaybackTokenSigner(new Dictionary<string, string> { ["k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), ["k2"] = Secret });
        Assert.Equal(PlaybackTokenRejection.BadSignature,
            Signer.Verify(other.Mint(new PlaybackToken("k1", "/live/a/", Now.AddMinutes(1), null)), "/live/a/x", null, Now, out _));
        Assert.Equal(PlaybackTokenRejection.UnknownKey,
            Signer.Verify(other.Mint(new PlaybackToken("k2", "/live/a/", Now.AddMinutes(1), null)), "/live/a/x", null, Now, out _));
    }

    [Fact]
    public void RefusesShortKeys() =>
        Assert.Throws<ArgumentException>(() => new PlaybackTokenSigner(new Dictionary<string, string> { ["k"] = Convert.ToBase64String(new byte[31]) }));

    [Fact]
    public void CommandMintsATokenTheSignerAccepts()
    {
        var output = new StringWriter();
        int exit = PlaybackTokenCommand.Run(["mint", "--key-id", "k1", "--key", Secret, "--path", "/live/a/", "--ttl", "60", "--base-url", "http://edge:8080/"], output, new StringWriter());
        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(PlaybackTokenRejection.None, Signer.Verify(lines[0], "/live/a/index.m3u8", null, DateTimeOffset.UtcNow, out _));
        Assert.Equal($"http://edge:8080/t/{lines[0]}/live/a/index.m3u8", lines[1]);
    }
}
