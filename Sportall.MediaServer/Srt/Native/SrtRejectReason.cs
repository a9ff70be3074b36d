namespace Sportall.MediaServer.Srt.Native;

// SRT_REJECT_REASON (srt.h, codes below 1000: libsrt's own) and the access-control codes a listener
// sets with srt_setrejectreason (access_control.h: 1000 + HTTP status for SRT_REJC_PREDEFINED).
internal enum SrtRejectReason
{
    SRT_REJ_UNKNOWN = 0,
    SRT_REJ_BADSECRET = 10,  // wrong password
    SRT_REJ_UNSECURE = 11,   // password required or unexpected

    SRT_REJX_BAD_REQUEST = 1400,   // general syntax error in the SocketID specification
    SRT_REJX_UNAUTHORIZED = 1401,  // authentication failed, provided that the user was correctly identified
    SRT_REJX_OVERLOAD = 1402,      // the server is too heavily loaded
    SRT_REJX_FORBIDDEN = 1403,     // access denied to the resource by any kind of reason
    SRT_REJX_NOTFOUND = 1404,      // resource not found at this time
    SRT_REJX_BAD_MODE = 1405,      // the mode specified in `m` key in StreamID is not supported for this request
    SRT_REJX_CONFLICT = 1409,      // the resource being accessed is already locked for modification
    SRT_REJX_ISE = 1500,           // internal server error
    SRT_REJX_DOWN = 1503,          // service unavailable (temporarily)
}
