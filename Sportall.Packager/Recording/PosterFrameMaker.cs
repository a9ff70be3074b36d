using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Sportall.Media.Model;
using Sportall.Packager.Storage;

namespace Sportall.Packager.Recording;

/// <summary>
/// The poster of a recorded asset: the first keyframe of its first video segment as a JPEG, decoded by ffmpeg
/// once when the recording closes (never while serving). Without ffmpeg, or if it fails, the asset simply has
/// no poster.
/// </summary>
internal sealed partial class PosterFrameMaker(IObjectStore store, RecordingOptions options, ILogger logger)
{
    public const string FileName = "poster.jpg";

    // Decoding one frame of a 1080p segment takes well under a second; a stuck ffmpeg must not hold the closing.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Stores the poster and returns its key, or null when there is none.</summary>
    public async Task<string?> TryMakeAsync(RecordedAsset asset, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.FfmpegPath))
        {
            return null;
        }
        var video = asset.Tracks.FirstOrDefault(t => t.Info.Kind == MediaKind.Video && !t.Segments.IsDefaultOrEmpty && !t.InitPeriods.IsDefaultOrEmpty);
        if (video is null)
        {
            return null;
        }
        var folder = Directory.CreateTempSubdirectory("sportall-poster-").FullName;
        try
        {
            // CMAF init + one media segment is a playable fragmented MP4.
            var input = Path.Combine(folder, "first.mp4");
            await using (var file = File.Create(input))
            {
                foreach (var relative in new[] { RecordingKeys.InitFile(video.Id, video.Segments[0].Period), RecordingKeys.SegmentFile(video.Id, video.Segments[0].Sequence) })
                {
                    await using var part = await store.OpenReadAsync(RecordingKeys.Key(options.KeyPrefix, asset.AssetId, relative), cancellationToken).ConfigureAwait(false);
                    if (part is null)
                    {
                        return null;
                    }
                    await part.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }
            }
            var output = Path.Combine(folder, FileName);
            var start = new ProcessStartInfo(options.FfmpegPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "-hide_banner", "-loglevel", "error", "-i", input, "-frames:v", "1", "-q:v", "3", "-y", output })
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(Timeout);
                try
                {
                    await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    throw;
                }
            }
            if (process.ExitCode != 0 || !File.Exists(output))
            {
                LogFailed(asset.AssetId, await errors.ConfigureAwait(false));
                return null;
            }
            var key = RecordingKeys.Key(options.KeyPrefix, asset.AssetId, FileName);
            await using (var jpeg = File.OpenRead(output))
            {
                await store.PutAsync(key, jpeg, jpeg.Length, "image/jpeg", cancellationToken).ConfigureAwait(false);
            }
            return key;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException && !cancellationToken.IsCancellationRequested)
        {
            // No ffmpeg on this machine (Win32Exception: not found) or a temp-folder problem: no poster.
            LogFailed(asset.AssetId, e.Message);
            return null;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No poster for {AssetId}: {Reason}")]
    private partial void LogFailed(string assetId, string reason);
}
