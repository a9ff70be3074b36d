using System.Security.Cryptography;

namespace Sportall.MediaServer.Rtmp;

/// <summary>
/// RTMP handshake packets (RTMP 5.2): C0/S0 is the version byte, C1/S1 and C2/S2 are 1536 bytes.
/// <para>
/// Besides the plain handshake (S2 echoes C1), Flash-era clients use the digest ("complex")
/// variant, described by librtmp and nginx-rtmp rather than the spec: C1 is
/// <code>
/// time u32 | version u32 (non-zero) | 764-byte block | 764-byte block
/// digest block: offset u32 (sum of its 4 bytes mod 728) | ... 32-byte digest at 4 + offset ... 
/// schema 0: digest block first (digest at (c1[8]+..+c1[11]) % 728 + 12)
/// schema 1: key block first   (digest at (c1[772]+..+c1[775]) % 728 + 776)
/// </code>
/// The digest is HMAC-SHA256 over the 1504 other bytes, keyed with the first 30 bytes of the Flash
/// Player key for C1 and the first 36 bytes of the Flash Media Server key for S1. S2 is random
/// except its last 32 bytes: HMAC-SHA256(HMAC-SHA256(full FMS key, C1's digest), S2[0..1504]).
/// </para>
/// </summary>
public static class RtmpHandshake
{
    public const int PacketSize = 1536;
    public const byte Version = 3;
    public const int DigestLength = 32;

    private static ReadOnlySpan<byte> KeyTail =>
    [
        0xF0, 0xEE, 0xC2, 0x4A, 0x80, 0x68, 0xBE, 0xE8, 0x2E, 0x00, 0xD0, 0xD1, 0x02, 0x9E, 0x7E, 0x57,
        0x6E, 0xEC, 0x5D, 0x2D, 0x29, 0x80, 0x6F, 0xAB, 0x93, 0xB8, 0xE6, 0x36, 0xCF, 0xEB, 0x31, 0xAE,
    ];

    /// <summary>"Genuine Adobe Flash Player 001": the key part a client signs C1 with.</summary>
    internal static readonly byte[] FlashPlayerKey = "Genuine Adobe Flash Player 001"u8.ToArray();

    /// <summary>"Genuine Adobe Flash Media Server 001": the key part a server signs S1 with.</summary>
    internal static readonly byte[] FlashMediaServerKey = "Genuine Adobe Flash Media Server 001"u8.ToArray();

    /// <summary>The FMS key with its 32-byte tail, keying the S2 signature.</summary>
    internal static readonly byte[] FlashMediaServerFullKey = [.. FlashMediaServerKey, .. KeyTail];

    /// <summary>Version we announce in a digest S1 (FMS 4.5.0.1, as nginx-rtmp does).</summary>
    private static ReadOnlySpan<byte> ServerVersion => [0x04, 0x05, 0x00, 0x01];

    /// <summary>Where C1's valid digest sits (schema 0 or 1), or -1 when C1 is a plain handshake.</summary>
    public static int FindClientDigest(ReadOnlySpan<byte> c1)
    {
        if (c1.Length != PacketSize || c1[4..8].IndexOfAnyExcept((byte)0) < 0)
        {
            // A zero version field means the plain handshake (RTMP 5.2.3 "zero" field).
            return -1;
        }

        Span<byte> expected = stackalloc byte[DigestLength];
        foreach (var blockBase in (ReadOnlySpan<int>)[8, 772])
        {
            var offset = DigestOffset(c1, blockBase);
            ComputeDigest(c1, offset, FlashPlayerKey, expected);
            if (CryptographicOperations.FixedTimeEquals(expected, c1.Slice(offset, DigestLength)))
            {
                return offset;
            }
        }

        return -1;
    }

    /// <summary>Fills S1: plain (zero version, random) or digest-signed at schema 0.</summary>
    public static void WriteS1(Span<byte> s1, bool withDigest)
    {
        RandomNumberGenerator.Fill(s1);
        s1[..4].Clear();
        if (!withDigest)
        {
            s1[4..8].Clear();
            return;
        }

        ServerVersion.CopyTo(s1[4..]);
        var offset = DigestOffset(s1, 8);
        ComputeDigest(s1, offset, FlashMediaServerKey, s1.Slice(offset, DigestLength));
    }

    /// <summary>Fills S2: the echo of C1 (plain), or the signature over C1's digest.</summary>
    public static void WriteS2(Span<byte> s2, ReadOnlySpan<byte> c1, int clientDigestOffset)
    {
        if (clientDigestOffset < 0)
        {
            c1.CopyTo(s2);
            return;
        }

        RandomNumberGenerator.Fill(s2[..(PacketSize - DigestLength)]);
        Span<byte> key = stackalloc byte[DigestLength];
        HMACSHA256.HashData(FlashMediaServerFullKey, c1.Slice(clientDigestOffset, DigestLength), key);
        HMACSHA256.HashData(key, s2[..(PacketSize - DigestLength)], s2[(PacketSize - DigestLength)..]);
    }

    internal static int DigestOffset(ReadOnlySpan<byte> packet, int blockBase) =>
        (packet[blockBase] + packet[blockBase + 1] + packet[blockBase + 2] + packet[blockBase + 3]) % 728 + blockBase + 4;

    // HMAC-SHA256 over the packet minus the 32 digest bytes at digestOffset.
    internal static void ComputeDigest(ReadOnlySpan<byte> packet, int digestOffset, byte[] key, Span<byte> digest)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(packet[..digestOffset]);
        hmac.AppendData(packet[(digestOffset + DigestLength)..]);
        hmac.GetHashAndReset(digest);
    }
}
