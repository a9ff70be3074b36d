using System.Net;
using Sportall.MediaServer.Srt.Native;

namespace Sportall.MediaServer.Tests.Srt;

public sealed class SrtNativeTests
{
    [Fact]
    public void BindsToAnyFreePortAndReportsIt()
    {
        Assert.True(SrtNative.IsAvailable(), "libsrt 1.5 (libsrt-gnutls.so.1.5 or libsrt.so.1.5) must be installed");
        SrtNative.Check(SrtNative.srt_startup(), "srt_startup");
        try
        {
            using var first = SrtSocketHandle.Create();
            first.SetInt32(SrtSocketOption.SRTO_TRANSTYPE, 0);
            first.SetInt32(SrtSocketOption.SRTO_LATENCY, 321);
            first.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var local = first.GetLocalEndPoint();
            Assert.Equal(IPAddress.Loopback, local.Address);
            Assert.NotEqual(0, local.Port);
            Assert.Equal(321, first.GetInt32(SrtSocketOption.SRTO_RCVLATENCY));

            // An address this host does not have (TEST-NET-1): the exception carries libsrt's code and text.
            using var second = SrtSocketHandle.Create();
            var foreign = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 0);
            var error = Assert.Throws<SrtException>(() => second.Bind(foreign));
            Assert.Equal("srt_bind(" + foreign + ")", error.Operation);
            Assert.NotEqual(0, error.ErrorCode);
            Assert.Contains("SRT error " + error.ErrorCode, error.Message);
        }
        finally
        {
            SrtNative.srt_cleanup();
        }
    }

    [Fact]
    public void StreamIdOptionRoundTrips()
    {
        SrtNative.Check(SrtNative.srt_startup(), "srt_startup");
        try
        {
            using var socket = SrtSocketHandle.Create();
            socket.SetString(SrtSocketOption.SRTO_STREAMID, "#!::r=live/k1,m=publish");
            Assert.Equal("#!::r=live/k1,m=publish", socket.GetString(SrtSocketOption.SRTO_STREAMID));

            // A passphrase shorter than 10 bytes is refused by libsrt (API-socket-options.md).
            Assert.Throws<SrtException>(() => socket.SetString(SrtSocketOption.SRTO_PASSPHRASE, "short"));
        }
        finally
        {
            SrtNative.srt_cleanup();
        }
    }
}
