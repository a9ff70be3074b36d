using Sportall.MediaServer.Srt;

namespace Sportall.MediaServer.Tests.Srt;

public sealed class SrtStreamIdTests
{
    public static TheoryData<string, string, string, SrtStreamMode, string?> Valid => new()
    {
        // name, stream id, app, key, mode, user
        { "#!::r=live/k1,m=publish", "live", "k1", SrtStreamMode.Publish, null },
        { "#!::m=publish,r=live/k1", "live", "k1", SrtStreamMode.Publish, null },
        { "#!::r=live/k1", "live", "k1", SrtStreamMode.Request, null },
        { "#!::r=live/k1,m=request", "live", "k1", SrtStreamMode.Request, null },
        { "#!::r=live/k1,m=bidirectional", "live", "k1", SrtStreamMode.Bidirectional, null },
        { "#!::u=alice,r=live/k1,m=publish,h=example.com,s=abc123,t=stream", "live", "k1", SrtStreamMode.Publish, "alice" },
        { "#!::r=live/k1,m=publish,x-custom=1", "live", "k1", SrtStreamMode.Publish, null },
        { "#!::r=vod/k1,m=publish", "vod", "k1", SrtStreamMode.Publish, null },
        { "publish:live/k1", "live", "k1", SrtStreamMode.Publish, null },
        { "read:live/k1", "live", "k1", SrtStreamMode.Request, null },
        { "request:live/k1", "live", "k1", SrtStreamMode.Request, null },
        { "live/k1", "live", "k1", SrtStreamMode.Publish, null },
        { "live/a-b_c.d~e", "live", "a-b_c.d~e", SrtStreamMode.Publish, null },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses(string streamId, string app, string key, SrtStreamMode mode, string? user)
    {
        Assert.True(SrtStreamId.TryParse(streamId, out var parsed));
        Assert.Equal(new SrtStreamId(app, key, mode, user), parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("live")]
    [InlineData("live/")]
    [InlineData("/k1")]
    [InlineData("live/k1/extra")]
    [InlineData("#!::")]
    [InlineData("#!::m=publish")]                 // no resource
    [InlineData("#!::r=live/k1,m=push")]          // unknown mode
    [InlineData("#!::r=live/k1,t=file")]          // file transfer is not a live stream
    [InlineData("#!::r=live/k1,,m=publish")]      // empty pair
    [InlineData("#!::r=live/k1,m")]               // key without value
    [InlineData("#!::r=live,m=publish")]
    [InlineData("play:live/k1")]                  // unknown prefix
    [InlineData("publish:")]
    [InlineData("publish:live")]
    public void Refuses(string? streamId) => Assert.False(SrtStreamId.TryParse(streamId, out _));

    [Fact]
    public void LengthBoundaryIsSrtoStreamIdMaximum()
    {
        var prefix = "live/";
        var longest = prefix + new string('k', SrtStreamId.MaxLength - prefix.Length);
        Assert.True(SrtStreamId.TryParse(longest, out var parsed));
        Assert.Equal(SrtStreamId.MaxLength - prefix.Length, parsed.StreamKey.Length);
        Assert.False(SrtStreamId.TryParse(longest + "k", out _));
    }
}
