namespace Sportall.Packager.Tests.Hls;

public sealed class HlsGoldenTests
{
    public static TheoryData<string> PlaylistNames()
    {
        var names = new TheoryData<string>();
        foreach (var name in HlsScenarios.AllPlaylists().Keys)
        {
            names.Add(name);
        }
        return names;
    }

    [Theory]
    [MemberData(nameof(PlaylistNames))]
    public void Playlist_matches_golden_file(string name)
    {
        GoldenFile.AssertMatches(name, HlsScenarios.AllPlaylists()[name]);
    }

    [Fact]
    public async Task Every_playlist_parses_in_hls_parser_strict_mode()
    {
        var playlists = HlsScenarios.AllPlaylists();
        var summaries = await HlsParserValidator.ValidateAsync(playlists);

        Assert.Equal(playlists.Count, summaries.Count);
        // hls-parser's own reading agrees with the model: the delta update still starts at the window's
        // first sequence number, the ended playlist has ENDLIST.
        Assert.Contains("\"mediaSequence\":1000", summaries["media_delta.m3u8"]);
        Assert.Contains("\"endlist\":true", summaries["media_ended.m3u8"]);
        Assert.Contains("\"variants\":2", summaries["multivariant_ladder.m3u8"]);
    }
}
