using Sportall.MediaServer.Transcoding;

namespace Sportall.MediaServer.Tests.Transcoding;

public class FfmpegProgressTests
{
    [Fact]
    public void Reads_a_progress_block_and_leaves_log_lines()
    {
        var progress = new FfmpegProgress();
        string[] block = ["frame=250", "fps=24.97", "stream_0_0_q=-1.0", "bitrate=N/A", "total_size=N/A", "out_time_us=10000000", "speed=0.998x", "progress=continue"];
        var ended = false;
        foreach (var line in block) Assert.True(progress.TryTake(line, out ended));
        Assert.True(ended);
        Assert.Equal(250, progress.Frames);
        Assert.Equal(24.97, progress.Fps, 3);
        Assert.Equal(0.998, progress.Speed, 3);

        Assert.False(progress.TryTake("[h264 @ 0x55] mmco: unref short failure", out _));
        Assert.False(progress.TryTake("Error while decoding stream #0:0: Invalid data found when processing input", out _));
        Assert.True(progress.TryTake("speed=N/A", out _));
        Assert.Equal(0.998, progress.Speed, 3);
    }
}
