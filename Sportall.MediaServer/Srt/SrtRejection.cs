namespace Sportall.MediaServer.Srt;

// Why a caller was turned away; the label of sportall_srt_rejections_total.
public enum SrtRejection
{
    BadRequest,         // 1400: no stream id, or one we cannot parse
    Unauthorized,       // 1401: the validator refused the key
    NotFound,           // 1404: an app other than the configured ones ("live")
    BadMode,            // 1405: m=request / m=bidirectional: playback is HLS/DASH, not SRT
    Conflict,           // 1409: the name is already being published
    Unavailable,        // 1503: the key validator did not answer in time, or the listener is stopping
    TooManyConnections, // 1402: Ingest:MaxConnections reached
    BadSecret,          // SRT_REJ_BADSECRET: libsrt refused a wrong passphrase
    Unsecure,           // SRT_REJ_UNSECURE: passphrase missing where required, or given where none is set
}
