using System.Buffers.Binary;
using System.Diagnostics;

namespace Sportall.Packager.Tests.Segmentation;

/// <summary>Real encoder output for interop checks, generated with ffmpeg into a temp folder at test time.</summary>
internal static class MediaFixtures
{
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Splits an Annex-B byte stream at start codes (00 00 01 / 00 00 00 01) into NAL units.</summary>
    public static List<byte[]> SplitAnnexB(byte[] data)
    {
        var nals = new List<byte[]>();
        var start = -1;
        var i = 0;
        while (i + 3 <= data.Length)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1)
            {
                if (start >= 0) nals.Add(TrimTrailingZeros(data, start, i));
                i += 3;
                start = i;
            }
            else i++;
        }
        if (start >= 0) nals.Add(TrimTrailingZeros(data, start, data.Length));
        return nals;
    }

    private static byte[] TrimTrailingZeros(byte[] data, int start, int end)
    {
        while (end > start && data[end - 1] == 0) end--;
        return data[start..end];
    }

    /// <summary>
    /// H.264 access units from an x264 Annex-B stream with one slice per picture: a new unit starts at an
    /// AUD/SPS/PPS/SEI or at a slice when the current unit already has one. Returns length-prefixed samples.
    /// </summary>
    public static (byte[] Sps, byte[] Pps, List<(byte[] Sample, bool Key)> Units) H264AccessUnits(byte[] annexB)
    {
        byte[]? sps = null, pps = null;
        var units = new List<(byte[], bool)>();
        var current = new List<byte[]>();
        var hasSlice = false;
        var key = false;
        void Flush()
        {
            if (hasSlice)
            {
                var buffer = new byte[current.Sum(n => n.Length + 4)];
                var pos = 0;
                foreach (var n in current)
                {
                    BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(pos), n.Length);
                    n.CopyTo(buffer, pos + 4);
                    pos += n.Length + 4;
                }
                units.Add((buffer, key));
            }
            current.Clear();
            hasSlice = false;
            key = false;
        }
        foreach (var nal in SplitAnnexB(annexB))
        {
            var type = nal[0] & 0x1F;
            if (type is 6 or 7 or 8 or 9 && hasSlice) Flush();
            if (type is 1 or 5 && hasSlice) Flush();
            if (type == 7) sps ??= nal;
            if (type == 8) pps ??= nal;
            if (type == 5) key = true;
            if (type is 1 or 5) hasSlice = true;
            current.Add(nal);
        }
        Flush();
        return (sps!, pps!, units);
    }

    /// <summary>AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1) with one SPS and one PPS, 4-byte lengths.</summary>
    public static byte[] AvcC(byte[] sps, byte[] pps)
    {
        var record = new List<byte> { 1, sps[1], sps[2], sps[3], 0xFF, 0xE1, (byte)(sps.Length >> 8), (byte)sps.Length };
        record.AddRange(sps);
        record.AddRange([1, (byte)(pps.Length >> 8), (byte)pps.Length]);
        record.AddRange(pps);
        return [.. record];
    }

    /// <summary>Raw AAC frames from ADTS (headers stripped) and the AudioSpecificConfig the first header describes.</summary>
    public static (byte[] AudioSpecificConfig, int SampleRate, int Channels, List<byte[]> Frames) AdtsFrames(byte[] adts)
    {
        int[] rates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];
        var frames = new List<byte[]>();
        byte[]? asc = null;
        int rate = 0, channels = 0;
        var pos = 0;
        while (pos + 7 <= adts.Length)
        {
            Assert.True(adts[pos] == 0xFF && (adts[pos + 1] & 0xF0) == 0xF0, $"ADTS sync lost at {pos}");
            var protectionAbsent = (adts[pos + 1] & 1) == 1;
            var profile = adts[pos + 2] >> 6;
            var sfi = (adts[pos + 2] >> 2) & 0xF;
            var ch = ((adts[pos + 2] & 1) << 2) | (adts[pos + 3] >> 6);
            var length = ((adts[pos + 3] & 3) << 11) | (adts[pos + 4] << 3) | (adts[pos + 5] >> 5);
            var header = protectionAbsent ? 7 : 9;
            if (asc is null)
            {
                var aot = profile + 1;
                asc = [(byte)((aot << 3) | (sfi >> 1)), (byte)(((sfi & 1) << 7) | (ch << 3))];
                rate = rates[sfi];
                channels = ch;
            }
            frames.Add(adts[(pos + header)..(pos + length)]);
            pos += length;
        }
        return (asc!, rate, channels, frames);
    }
}
