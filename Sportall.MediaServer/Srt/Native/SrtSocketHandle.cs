using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Sportall.MediaServer.Srt.Native;

/// <summary>
/// An SRTSOCKET (a C int) owned by managed code: released with srt_close. Options and calls go through
/// typed methods that throw <see cref="SrtException"/>.
/// </summary>
internal sealed class SrtSocketHandle : SafeHandle
{
    // sockaddr_in6 is 28 bytes; sockaddr_storage (128) leaves room for whatever libsrt writes.
    private const int SockAddrStorageSize = 128;

    private SrtSocketHandle()
        : base(new IntPtr(SrtNative.SRT_INVALID_SOCK), ownsHandle: true)
    {
    }

    public SrtSocketHandle(int socket)
        : this() => SetHandle(new IntPtr(socket));

    public override bool IsInvalid => handle == new IntPtr(SrtNative.SRT_INVALID_SOCK);

    /// <summary>The SRTSOCKET id; valid until the handle is disposed (each socket is used by one thread).</summary>
    public int Id => (int)handle;

    public static SrtSocketHandle Create()
    {
        var socket = SrtNative.srt_create_socket();
        if (socket == SrtNative.SRT_INVALID_SOCK)
        {
            SrtNative.ThrowLastError("srt_create_socket");
        }

        return new SrtSocketHandle(socket);
    }

    protected override bool ReleaseHandle() => SrtNative.srt_close((int)handle) == 0;

    public unsafe void SetInt32(SrtSocketOption option, int value) =>
        SrtNative.Check(SrtNative.srt_setsockflag(Id, option, &value, sizeof(int)), $"srt_setsockflag({option})");

    public unsafe void SetInt64(SrtSocketOption option, long value) =>
        SrtNative.Check(SrtNative.srt_setsockflag(Id, option, &value, sizeof(long)), $"srt_setsockflag({option})");

    // libsrt's bool options accept an int-sized value (cast_optval<bool> reads int when optlen is 4).
    public void SetBoolean(SrtSocketOption option, bool value) => SetInt32(option, value ? 1 : 0);

    public unsafe void SetString(SrtSocketOption option, string value) => SetString(Id, option, value);

    public static unsafe void SetString(int socket, SrtSocketOption option, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        fixed (byte* pointer = bytes)
        {
            SrtNative.Check(SrtNative.srt_setsockflag(socket, option, pointer, bytes.Length), $"srt_setsockflag({option})");
        }
    }

    public unsafe int GetInt32(SrtSocketOption option)
    {
        int value = 0;
        int length = sizeof(int);
        SrtNative.Check(SrtNative.srt_getsockflag(Id, option, &value, &length), $"srt_getsockflag({option})");
        return value;
    }

    public unsafe string GetString(SrtSocketOption option)
    {
        // SRTO_STREAMID is at most 512 bytes, the passphrase at most 79.
        var buffer = stackalloc byte[513];
        int length = 513;
        SrtNative.Check(SrtNative.srt_getsockflag(Id, option, buffer, &length), $"srt_getsockflag({option})");
        return Encoding.UTF8.GetString(buffer, length);
    }

    public unsafe void Bind(IPEndPoint endPoint)
    {
        var address = endPoint.Serialize();
        Span<byte> bytes = stackalloc byte[address.Size];
        address.Buffer.Span[..address.Size].CopyTo(bytes);
        fixed (byte* pointer = bytes)
        {
            SrtNative.Check(SrtNative.srt_bind(Id, pointer, bytes.Length), $"srt_bind({endPoint})");
        }
    }

    /// <summary>
    /// Connects as a caller (blocking unless SRTO_RCVSYN is off). On refusal the exception's code is
    /// SRT_ECONNREJ and <see cref="RejectReason"/> tells why.
    /// </summary>
    public unsafe void Connect(IPEndPoint endPoint)
    {
        var address = endPoint.Serialize();
        Span<byte> bytes = stackalloc byte[address.Size];
        address.Buffer.Span[..address.Size].CopyTo(bytes);
        fixed (byte* pointer = bytes)
        {
            SrtNative.Check(SrtNative.srt_connect(Id, pointer, bytes.Length), $"srt_connect({endPoint})");
        }
    }

    /// <summary>SRT_REJECT_REASON below 1000, or the listener's access-control code (1000 and up).</summary>
    public int RejectReason => SrtNative.srt_getrejectreason(Id);

    public void Listen(int backlog) => SrtNative.Check(SrtNative.srt_listen(Id, backlog), "srt_listen");

    public unsafe IPEndPoint GetLocalEndPoint()
    {
        var storage = stackalloc byte[SockAddrStorageSize];
        int length = SockAddrStorageSize;
        SrtNative.Check(SrtNative.srt_getsockname(Id, storage, &length), "srt_getsockname");
        return ToEndPoint(storage, length) ?? throw new SrtException("srt_getsockname", SrtErrorCode.SRT_EINVPARAM, "unknown address family");
    }

    /// <summary>
    /// Accepts one pending connection on a non-blocking listener; null when none is pending
    /// (SRT_EASYNCRCV).
    /// </summary>
    public unsafe SrtSocketHandle? Accept(out IPEndPoint? remote)
    {
        var storage = stackalloc byte[SockAddrStorageSize];
        int length = SockAddrStorageSize;
        var socket = SrtNative.srt_accept(Id, storage, &length);
        if (socket == SrtNative.SRT_INVALID_SOCK)
        {
            remote = null;
            if (SrtNative.LastErrorCode() == (int)SrtErrorCode.SRT_EASYNCRCV)
            {
                return null;
            }

            SrtNative.ThrowLastError("srt_accept");
        }

        remote = ToEndPoint(storage, length);
        return new SrtSocketHandle(socket);
    }

    /// <summary>
    /// One live-mode message into <paramref name="buffer"/> (at least SRT_LIVE_MAX_PLSIZE bytes, or libsrt
    /// fails the call). Returns its length, or -1 with <paramref name="error"/> set: SRT_EASYNCRCV when
    /// nothing is ready on a non-blocking socket, anything else when the connection is gone.
    /// </summary>
    public unsafe int Receive(Span<byte> buffer, out SrtErrorCode error)
    {
        fixed (byte* pointer = buffer)
        {
            var received = SrtNative.srt_recvmsg(Id, pointer, buffer.Length);
            error = received == SrtNative.SRT_ERROR ? (SrtErrorCode)SrtNative.LastErrorCode() : SrtErrorCode.SRT_SUCCESS;
            return received;
        }
    }

    public static unsafe void SetInt32(int socket, SrtSocketOption option, int value) =>
        SrtNative.Check(SrtNative.srt_setsockflag(socket, option, &value, sizeof(int)), $"srt_setsockflag({option})");

    public unsafe void GetStats(out SrtTraceBStats stats, bool clear)
    {
        fixed (SrtTraceBStats* pointer = &stats)
        {
            SrtNative.Check(SrtNative.srt_bstats(Id, pointer, clear ? 1 : 0), "srt_bstats");
        }
    }

    /// <summary>Reads a native sockaddr (as libsrt hands it over) into an IPEndPoint; null for other families.</summary>
    public static unsafe IPEndPoint? ToEndPoint(byte* sockaddr, int length)
    {
        if (sockaddr is null || length < 2)
        {
            return null;
        }

        // sa_family is the first 16-bit field in host order on Linux (BSDs put a length byte first,
        // which .NET's SocketAddress hides the same way).
        var family = (AddressFamily)(*(ushort*)sockaddr);
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return null;
        }

        var size = family == AddressFamily.InterNetwork ? 16 : 28;
        var address = new SocketAddress(family, size);
        new ReadOnlySpan<byte>(sockaddr, Math.Min(size, length)).CopyTo(address.Buffer.Span);
        var template = family == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
        return (IPEndPoint)template.Create(address);
    }
}
