namespace Sportall.MediaServer.Ingest;

/// <summary>
/// Decides whether a stream key may publish, and under which playback name (and, for SRT, with which
/// passphrase: <see cref="StreamKeyDecision.SrtPassphrase"/>).
/// </summary>
/// <remarks>
/// SRT asks from inside libsrt's handshake callback, on the thread that receives every SRT packet of the
/// port: return a completed ValueTask when the answer is at hand (cache it). An answer that is not ready
/// within Ingest:SrtKeyValidationTimeoutMs refuses that attempt with "service unavailable" (1503).
/// </remarks>
public interface IStreamKeyValidator
{
    ValueTask<StreamKeyDecision> ValidateAsync(string app, string streamKey, CancellationToken ct);
}
