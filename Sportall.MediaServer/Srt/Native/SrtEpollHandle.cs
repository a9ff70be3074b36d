using System.Runtime.InteropServices;

namespace Sportall.MediaServer.Srt.Native;

/// <summary>An SRT epoll container id, released with srt_epoll_release.</summary>
internal sealed class SrtEpollHandle : SafeHandle
{
    private SrtEpollHandle(int eid)
        : base(new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(eid));

    public override bool IsInvalid => handle == new IntPtr(-1);

    public int Id => (int)handle;

    public static SrtEpollHandle Create()
    {
        var eid = SrtNative.srt_epoll_create();
        if (eid < 0)
        {
            SrtNative.ThrowLastError("srt_epoll_create");
        }

        return new SrtEpollHandle(eid);
    }

    protected override bool ReleaseHandle() => SrtNative.srt_epoll_release((int)handle) == 0;

    public unsafe void Add(SrtSocketHandle socket, SrtEpollFlags events)
    {
        var flags = (int)events;
        SrtNative.Check(SrtNative.srt_epoll_add_usock(Id, socket.Id, &flags), "srt_epoll_add_usock");
    }

    // Removing a socket that libsrt already dropped (closed, broken) is not an error worth reporting.
    public void Remove(SrtSocketHandle socket) => SrtNative.srt_epoll_remove_usock(Id, socket.Id);

    /// <summary>Waits up to <paramref name="timeoutMs"/>; returns the number of ready sockets written to <paramref name="events"/>.</summary>
    public unsafe int Wait(Span<SrtEpollEvent> events, long timeoutMs)
    {
        fixed (SrtEpollEvent* pointer = events)
        {
            var ready = SrtNative.srt_epoll_uwait(Id, pointer, events.Length, timeoutMs);
            if (ready >= 0)
            {
                return Math.Min(ready, events.Length);
            }

            // uwait reports a plain timeout as SRT_ETIMEOUT on some versions, 0 on others.
            if (SrtNative.LastErrorCode() == (int)SrtErrorCode.SRT_ETIMEOUT)
            {
                return 0;
            }

            SrtNative.ThrowLastError("srt_epoll_uwait");
            return 0;
        }
    }
}
