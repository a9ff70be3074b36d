using System.Security.Cryptography;
using Sportall.MediaServer.Rtmp;

namespace Sportall.MediaServer.Tests.Rtmp;

// The digest algorithm is re-implemented here from its description (librtmp handshake.h), so the
// server code is checked against an independent client, not against itself.
public class RtmpHandshakeTests
{
    private static readonly byte[] PlayerKey = "Genuine Adobe Flash Player 001"u8.ToArray();
    private static readonly byte[] ServerKey = "Genuine Adobe Flash Media Server 001"u8.ToArray();
    private static readonly byte[] ServerFullKey = [.. ServerKey, .. Convert.FromHexString(
        "F0EEC24A8068BEE82E00D0D1029E7E576EEC5D2D29806FAB93B8E636CFEB31AE")];

    private static int Offset(byte[] packet, int blockBase) =>
        (packet[blockBase] + packet[blockBase + 1] + packet[blockBase + 2] + packet[blockBase + 3]) % 728 + blockBase + 4;

    private static byte[] Digest(byte[] packet, int offset, byte[] key) =>
        HMACSHA256.HashData(key, packet[..offset].Concat(packet[(offset + 32)..]).ToArray());

    private static byte[] ClientC1(int schemaBase)
    {
        var c1 = RandomNumberGenerator.GetBytes(1536);
        c1[0] = c1[1] = c1[2] = c1[3] = 0;
        c1[4] = 9; c1[5] = 0; c1[6] = 124; c1[7] = 2; // Flash 9.0.124.2, as FFmpeg announces itself
        var offset = Offset(c1, schemaBase);
        Digest(c1, offset, PlayerKey).CopyTo(c1, offset);
        return c1;
    }

    [Theory]
    [InlineData(8)]   // schema 0: digest block first
    [InlineData(772)] // schema 1: key block first
    public void DigestC1_IsFound_AndS1S2AreSignedAsClientsCheck(int schemaBase)
    {
        var c1 = ClientC1(schemaBase);
        var digestOffset = RtmpHandshake.FindClientDigest(c1);
        Assert.Equal(Offset(c1, schemaBase), digestOffset);

        var s1 = new byte[1536];
        RtmpHandshake.WriteS1(s1, withDigest: true);
        Assert.NotEqual(0, s1[4]);
        var s1Offset = Offset(s1, 8);
        Assert.Equal(Digest(s1, s1Offset, ServerKey), s1[s1Offset..(s1Offset + 32)]);

        var s2 = new byte[1536];
        RtmpHandshake.WriteS2(s2, c1, digestOffset);
        var key = HMACSHA256.HashData(ServerFullKey, c1[digestOffset..(digestOffset + 32)]);
        Assert.Equal(HMACSHA256.HashData(key, s2[..1504]), s2[1504..]);
    }

    [Fact]
    public void TamperedDigest_FallsBackToThePlainHandshake()
    {
        var c1 = ClientC1(8);
        c1[Offset(c1, 8)] ^= 0xFF;
        Assert.Equal(-1, RtmpHandshake.FindClientDigest(c1));
    }

    [Fact]
    public void PlainC1_IsEchoedInS2()
    {
        var c1 = RandomNumberGenerator.GetBytes(1536);
        c1[4] = c1[5] = c1[6] = c1[7] = 0;
        Assert.Equal(-1, RtmpHandshake.FindClientDigest(c1));
        var s1 = new byte[1536];
        RtmpHandshake.WriteS1(s1, withDigest: false);
        Assert.Equal(new byte[8], s1[..8]);
        var s2 = new byte[1536];
        RtmpHandshake.WriteS2(s2, c1, -1);
        Assert.Equal(c1, s2);
    }
}
