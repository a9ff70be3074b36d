using System.Runtime.InteropServices;

namespace Sportall.MediaServer.Srt.Native;

// struct CBytePerfMon (SRT_TRACEBSTATS) as libsrt 1.5.x lays it out: C natural alignment, which
// LayoutKind.Sequential reproduces for these blittable fields. Fields are only ever appended
// ("please add new fields to this structure to the end"), and since 1.5.0 byteRcvLoss(Total) are
// unconditional. "Total" fields count since the connection started; the others since the last
// srt_bstats(..., clear: 1). Names are srt.h's.
[StructLayout(LayoutKind.Sequential)]
internal struct SrtTraceBStats
{
    // global measurements
    public long msTimeStamp;
    public long pktSentTotal;
    public long pktRecvTotal;
    public int pktSndLossTotal;
    public int pktRcvLossTotal;
    public int pktRetransTotal;
    public int pktSentACKTotal;
    public int pktRecvACKTotal;
    public int pktSentNAKTotal;
    public int pktRecvNAKTotal;
    public long usSndDurationTotal;
    public int pktSndDropTotal;
    public int pktRcvDropTotal;
    public int pktRcvUndecryptTotal;
    public ulong byteSentTotal;
    public ulong byteRecvTotal;
    public ulong byteRcvLossTotal;
    public ulong byteRetransTotal;
    public ulong byteSndDropTotal;
    public ulong byteRcvDropTotal;
    public ulong byteRcvUndecryptTotal;

    // local measurements (since the last clear)
    public long pktSent;
    public long pktRecv;
    public int pktSndLoss;
    public int pktRcvLoss;
    public int pktRetrans;
    public int pktRcvRetrans;
    public int pktSentACK;
    public int pktRecvACK;
    public int pktSentNAK;
    public int pktRecvNAK;
    public double mbpsSendRate;
    public double mbpsRecvRate;
    public long usSndDuration;
    public int pktReorderDistance;
    public double pktRcvAvgBelatedTime;
    public long pktRcvBelated;
    public int pktSndDrop;
    public int pktRcvDrop;
    public int pktRcvUndecrypt;
    public ulong byteSent;
    public ulong byteRecv;
    public ulong byteRcvLoss;
    public ulong byteRetrans;
    public ulong byteSndDrop;
    public ulong byteRcvDrop;
    public ulong byteRcvUndecrypt;

    // instant measurements
    public double usPktSndPeriod;
    public int pktFlowWindow;
    public int pktCongestionWindow;
    public int pktFlightSize;
    public double msRTT;
    public double mbpsBandwidth;
    public int byteAvailSndBuf;
    public int byteAvailRcvBuf;
    public double mbpsMaxBW;
    public int byteMSS;
    public int pktSndBuf;
    public int byteSndBuf;
    public int msSndBuf;
    public int msSndTsbPdDelay;
    public int pktRcvBuf;
    public int byteRcvBuf;
    public int msRcvBuf;
    public int msRcvTsbPdDelay;
    public int pktSndFilterExtraTotal;
    public int pktRcvFilterExtraTotal;
    public int pktRcvFilterSupplyTotal;
    public int pktRcvFilterLossTotal;
    public int pktSndFilterExtra;
    public int pktRcvFilterExtra;
    public int pktRcvFilterSupply;
    public int pktRcvFilterLoss;
    public int pktReorderTolerance;

    // new in 1.5.0
    public long pktSentUniqueTotal;
    public long pktRecvUniqueTotal;
    public ulong byteSentUniqueTotal;
    public ulong byteRecvUniqueTotal;
    public long pktSentUnique;
    public long pktRecvUnique;
    public ulong byteSentUnique;
    public ulong byteRecvUnique;
}
