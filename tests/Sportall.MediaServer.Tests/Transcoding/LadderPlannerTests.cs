using Sportall.MediaServer.Transcoding;

namespace Sportall.MediaServer.Tests.Transcoding;

public class LadderPlannerTests
{
    public static TheoryData<string, int, int, string> Cases => new()
    {
        { "1080p source gets the whole default ladder", 1920, 1080, "1280x720@3000,854x480@1200,640x360@600" },
        { "720p source: no 720p rung (passthrough is 720p)", 1280, 720, "854x480@1200,640x360@600" },
        { "480p source", 854, 480, "640x360@600" },
        { "360p source: nothing to make", 640, 360, "" },
        { "4:3 source keeps its aspect, even width", 1440, 1080, "960x720@3000,640x480@1200,480x360@600" },
        { "portrait phone 720x1280", 720, 1280, "406x720@3000,270x480@1200,202x360@600" },
        { "unknown size", 0, 0, "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plans_without_upscaling(string name, int width, int height, string expected)
    {
        _ = name;
        var plan = LadderPlanner.Plan(TranscodingOptions.DefaultRungs, width, height);
        Assert.Equal(expected, string.Join(",", plan.Select(p => $"{p.Width}x{p.Height}@{p.VideoBitrateKbps}")));
        Assert.All(plan, p => Assert.True(p.Width % 2 == 0 && p.Height % 2 == 0));
    }

    [Fact]
    public void Repeated_heights_and_unordered_rungs_give_one_rendition_per_height_high_to_low()
    {
        TranscodeRung[] rungs = [new() { Height = 360, VideoBitrateKbps = 600 }, new() { Height = 480, VideoBitrateKbps = 1200 }, new() { Height = 361, VideoBitrateKbps = 700 }];
        var plan = LadderPlanner.Plan(rungs, 1280, 720);
        Assert.Equal([480, 360], plan.Select(p => p.Height));
        Assert.Equal(600, plan[1].VideoBitrateKbps);
    }
}
