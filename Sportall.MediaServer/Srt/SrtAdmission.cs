using Sportall.MediaServer.Srt.Native;

namespace Sportall.MediaServer.Srt;

// The listen callback's verdict on one caller: admitted under a playback name (with the passphrase to
// require, if any), or refused with an access-control code.
internal readonly record struct SrtAdmission(
    bool IsAdmitted, string? PlaybackName, string? Passphrase, SrtRejection Rejection, SrtRejectReason RejectCode, string Detail)
{
    public static SrtAdmission Admitted(string playbackName, string? passphrase) =>
        new(true, playbackName, passphrase, default, default, string.Empty);

    public static SrtAdmission Refused(SrtRejection rejection, SrtRejectReason code, string detail) =>
        new(false, null, null, rejection, code, detail);
}
