using System.Runtime.InteropServices;

namespace Sportall.MediaServer.Srt.Native;

// typedef struct SRT_EPOLL_EVENT_STR { SRTSOCKET fd; int events; } SRT_EPOLL_EVENT;
[StructLayout(LayoutKind.Sequential)]
internal struct SrtEpollEvent
{
    public int Socket;
    public SrtEpollFlags Events;
}
