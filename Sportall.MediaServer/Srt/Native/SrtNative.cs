using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sportall.MediaServer.Srt.Native;

// libsrt's C API (srtcore/srt.h, 1.5.x), bound by hand.
//
// Why by hand: SrtSharp is not served from our package feed, and we need about twenty functions. Each
// entry here mirrors one srt.h declaration; SRTSOCKET and epoll ids are C ints.
//
// What is bound and why:
//   srt_startup / srt_cleanup              reference-counted library start/stop (one pair per listener)
//   srt_create_socket / srt_close          socket lifetime (SrtSocketHandle)
//   srt_bind / srt_listen / srt_accept     the listener
//   srt_getsockname                        the bound port when the configured port is 0
//   srt_setsockflag / srt_getsockflag      SRTO_* options (latency, passphrase, payload size...)
//   srt_listen_callback / srt_setrejectreason
//                                          admission during the handshake, with access-control codes
//   srt_epoll_create / add_usock / remove_usock / uwait / release
//                                          one receive thread waits on every socket (SrtEpollHandle)
//   srt_recvmsg                            one live-mode message (up to 1456 bytes, 1316 for TS) per call
//   srt_bstats                             link statistics (SrtTraceBStats, the 1.5 CBytePerfMon layout)
//   srt_getlasterror / srt_getlasterror_str  errors become SrtException
//   srt_connect / srt_getrejectreason      caller side, so tests can read the code a refused caller gets
//   srt_setloglevel / srt_setloghandler    libsrt logs to stderr by default; we route its errors to ILogger
//
// Debian ships libsrt 1.5 only under versioned names (libsrt-gnutls.so.1.5 from libsrt1.5-gnutls, pulled
// by ffmpeg; libsrt.so.1.5 from libsrt1.5-openssl) and no unversioned libsrt.so, so a resolver tries
// those names in turn.
internal static partial class SrtNative
{
    private const string Library = "srt";

    // Tried in order; the first that loads wins. The unversioned names cover self-built libsrt.
    private static readonly string[] LibraryCandidates =
    [
        "libsrt-gnutls.so.1.5", "libsrt.so.1.5", "libsrt-openssl.so.1.5", "libsrt.so", "libsrt.dylib", "srt.dll",
    ];

    public const int SRT_ERROR = -1;
    public const int SRT_INVALID_SOCK = -1;

    /// <summary>srt.h SRT_LIVE_MAX_PLSIZE: MTU 1500 - UDP/IP header 28 - SRT header 16.</summary>
    public const int SRT_LIVE_MAX_PLSIZE = 1456;

    /// <summary>srt.h SRT_LIVE_DEF_PLSIZE: seven 188-byte TS packets.</summary>
    public const int SRT_LIVE_DEF_PLSIZE = 1316;

    // syslog levels, as srt_setloglevel takes them.
    public const int LOG_ERR = 3;
    public const int LOG_WARNING = 4;

    [ModuleInitializer]
    internal static void RegisterResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(SrtNative).Assembly, Resolve);

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Library)
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in LibraryCandidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    /// <summary>Whether libsrt can be loaded here (tests skip interop when it cannot).</summary>
    public static bool IsAvailable()
    {
        foreach (var candidate in LibraryCandidates)
        {
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                NativeLibrary.Free(handle);
                return true;
            }
        }

        return false;
    }

    [LibraryImport(Library)]
    public static partial int srt_startup();

    [LibraryImport(Library)]
    public static partial int srt_cleanup();

    [LibraryImport(Library)]
    public static partial int srt_create_socket();

    [LibraryImport(Library)]
    public static unsafe partial int srt_bind(int u, byte* name, int namelen);

    [LibraryImport(Library)]
    public static partial int srt_listen(int u, int backlog);

    [LibraryImport(Library)]
    public static unsafe partial int srt_accept(int u, byte* addr, int* addrlen);

    [LibraryImport(Library)]
    public static partial int srt_close(int u);

    [LibraryImport(Library)]
    public static unsafe partial int srt_getsockname(int u, byte* name, int* namelen);

    [LibraryImport(Library)]
    public static unsafe partial int srt_setsockflag(int u, SrtSocketOption opt, void* optval, int optlen);

    [LibraryImport(Library)]
    public static unsafe partial int srt_getsockflag(int u, SrtSocketOption opt, void* optval, int* optlen);

    // typedef int srt_listen_callback_fn(void* opaq, SRTSOCKET ns, int hsversion,
    //                                    const struct sockaddr* peeraddr, const char* streamid);
    [LibraryImport(Library)]
    public static unsafe partial int srt_listen_callback(
        int lsn, delegate* unmanaged<IntPtr, int, int, byte*, byte*, int> hookFn, IntPtr hookOpaque);

    [LibraryImport(Library)]
    public static partial int srt_setrejectreason(int sock, int value);

    [LibraryImport(Library)]
    public static partial int srt_getrejectreason(int sock);

    [LibraryImport(Library)]
    public static unsafe partial int srt_connect(int u, byte* name, int namelen);

    [LibraryImport(Library)]
    public static partial int srt_epoll_create();

    [LibraryImport(Library)]
    public static unsafe partial int srt_epoll_add_usock(int eid, int u, int* events);

    [LibraryImport(Library)]
    public static partial int srt_epoll_remove_usock(int eid, int u);

    [LibraryImport(Library)]
    public static unsafe partial int srt_epoll_uwait(int eid, SrtEpollEvent* fdsSet, int fdsSize, long msTimeOut);

    [LibraryImport(Library)]
    public static partial int srt_epoll_release(int eid);

    [LibraryImport(Library)]
    public static unsafe partial int srt_recvmsg(int u, byte* buf, int len);

    [LibraryImport(Library)]
    public static unsafe partial int srt_bstats(int u, SrtTraceBStats* perf, int clear);

    [LibraryImport(Library)]
    public static unsafe partial int srt_getlasterror(int* errnoLoc);

    [LibraryImport(Library)]
    public static partial IntPtr srt_getlasterror_str();

    [LibraryImport(Library)]
    public static partial void srt_setloglevel(int ll);

    // typedef void SRT_LOG_HANDLER_FN(void* opaque, int level, const char* file, int line,
    //                                 const char* area, const char* message);
    [LibraryImport(Library)]
    public static unsafe partial void srt_setloghandler(
        IntPtr opaque, delegate* unmanaged<IntPtr, int, byte*, int, byte*, byte*, void> handler);

    /// <summary>Reads libsrt's thread-local last error (code and message) into an exception.</summary>
    public static unsafe SrtException LastError(string operation)
    {
        var code = srt_getlasterror(null);
        var message = Marshal.PtrToStringUTF8(srt_getlasterror_str()) ?? "unknown error";
        return new SrtException(operation, (SrtErrorCode)code, message);
    }

    public static unsafe int LastErrorCode() => srt_getlasterror(null);

    /// <summary>Throws the last error when a call returned SRT_ERROR.</summary>
    public static void Check(int result, string operation)
    {
        if (result == SRT_ERROR)
        {
            ThrowLastError(operation);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void ThrowLastError(string operation) => throw LastError(operation);
}
