namespace Sportall.MediaServer.Srt.Native;

// SRT_SOCKOPT values from srt.h (1.5.x). Types as API-socket-options.md lists them.
internal enum SrtSocketOption
{
    SRTO_RCVSYN = 2,          // bool: blocking receive/accept
    SRTO_MAXBW = 16,          // int64: bytes/s ceiling; -1 infinite, 0 relative to input rate
    SRTO_LATENCY = 23,        // int ms: sets both SRTO_RCVLATENCY and SRTO_PEERLATENCY
    SRTO_PASSPHRASE = 26,     // string, 10..79 bytes; empty disables encryption
    SRTO_PBKEYLEN = 27,       // int: 0 (default), 16, 24, 32
    SRTO_RCVKMSTATE = 41,     // SRT_KM_STATE (read only)
    SRTO_RCVLATENCY = 43,     // int ms
    SRTO_STREAMID = 46,       // string, up to 512 bytes
    SRTO_PAYLOADSIZE = 49,    // int: 1316 (7 TS packets) in live mode
    SRTO_TRANSTYPE = 50,      // SRT_TRANSTYPE: SRTT_LIVE = 0
    SRTO_PEERIDLETIMEO = 55,  // int ms: silence from the peer before the link is declared broken
}
