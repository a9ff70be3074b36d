using Sportall.Packager.Delivery;

namespace Sportall.Packager.Tests.Delivery;

public sealed class MediaFileNameTests
{
    [Theory]
    [InlineData("init-0.mp4", "Init", 0L, 0)]
    [InlineData("init-12.mp4", "Init", 12L, 0)]
    [InlineData("seg-0.m4s", "Segment", 0L, 0)]
    [InlineData("seg-9223372036854775807.m4s", "Segment", long.MaxValue, 0)]
    [InlineData("part-108.2.m4s", "Part", 108L, 2)]
    [InlineData("part-0.0.m4s", "Part", 0L, 0)]
    public void Parses_the_url_layout(string name, string kind, long number, int part)
    {
        Assert.True(MediaFileName.TryParse(name, out var file));
        Assert.Equal(new MediaFileName(Enum.Parse<HttpRequestKind>(kind), number, part), file);
    }

    [Theory]
    [InlineData("")]
    [InlineData("init-.mp4")]
    [InlineData("init-2147483648.mp4")]
    [InlineData("init-0.m4s")]
    [InlineData("seg-.m4s")]
    [InlineData("seg--1.m4s")]
    [InlineData("seg-+1.m4s")]
    [InlineData("seg- 1.m4s")]
    [InlineData("seg-1.mp4")]
    [InlineData("seg-9223372036854775808.m4s")]
    [InlineData("part-1.m4s")]
    [InlineData("part-1..m4s")]
    [InlineData("part-.1.m4s")]
    [InlineData("part-1.2.3.m4s")]
    [InlineData("part-1.2147483648.m4s")]
    [InlineData("index.m3u8")]
    public void Rejects_anything_else(string name)
    {
        Assert.False(MediaFileName.TryParse(name, out _));
    }
}
