namespace Sportall.MediaServer.Srt.Native;

// SRT_ERRNO from srt.h: 1000 * major + minor. Only the codes this server acts on are named.
internal enum SrtErrorCode
{
    SRT_EUNKNOWN = -1,
    SRT_SUCCESS = 0,
    SRT_ECONNSETUP = 1000,
    SRT_ECONNREJ = 1002,
    SRT_ECONNFAIL = 2000,
    SRT_ECONNLOST = 2001,
    SRT_ENOCONN = 2002,
    SRT_EINVOP = 5000,
    SRT_EINVPARAM = 5003,
    SRT_EINVSOCK = 5004,
    SRT_EINVPOLLID = 5013,
    SRT_EPOLLEMPTY = 5014,
    SRT_EBINDCONFLICT = 5015,
    SRT_EASYNCFAIL = 6000,
    SRT_EASYNCSND = 6001,
    SRT_EASYNCRCV = 6002,
    SRT_ETIMEOUT = 6003,
}
