namespace Sportall.MediaServer.Srt.Native;

// SRT_EPOLL_OPT from srt.h; the same bit values as <sys/epoll.h>.
[Flags]
internal enum SrtEpollFlags
{
    SRT_EPOLL_OPT_NONE = 0,
    SRT_EPOLL_IN = 0x1,   // data to read; on a listener: a connection to accept
    SRT_EPOLL_OUT = 0x4,
    SRT_EPOLL_ERR = 0x8,  // broken or closed: the next call on the socket fails
}
