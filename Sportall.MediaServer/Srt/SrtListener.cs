using System.Collections.Concurrent;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sportall.MediaServer.Ingest;
using Sportall.MediaServer.Srt.Native;

namespace Sportall.MediaServer.Srt;

/// <summary>
/// The SRT ingest listener: UDP <see cref="IngestOptions.SrtPort"/>, live mode, callers publish MPEG-TS.
/// <para>
/// Admission happens in libsrt's listen callback, during the handshake: the stream id is parsed, the key
/// validated, a duplicate refused, and the key's passphrase set on the new socket, so a refused caller
/// gets an access-control code (1400/1401/1404/1405/1409) instead of a connection that drops. A wrong
/// passphrase is refused by libsrt itself (SRT_REJ_BADSECRET), which we learn from its log.
/// </para>
/// <para>
/// One dedicated thread waits on a single SRT epoll for the listener and every connection, accepts,
/// reads messages into one reused buffer and hands them to <see cref="ISrtPublishSession.OnData"/>;
/// between waits it closes idle connections and samples link statistics. No thread per connection, no
/// thread-pool work per packet.
/// </para>
/// </summary>
public sealed class SrtListener : IHostedService, IAsyncDisposable
{
    // Bounds how late stop, idle checks and stats run while connections are open.
    private const int WaitTimeoutMs = 100;

    // With no connection and no caller being admitted the thread sleeps on _callerArrived instead of in
    // srt_epoll_wait, which polls every 10 ms inside libsrt whatever its timeout; this bounds that sleep.
    private const int IdleWaitMs = 1000;

    // Ready sockets returned per wait; more stay ready (level-triggered) for the next call.
    private const int MaxEventsPerWait = 64;

    // Handshaken connections waiting for srt_accept. The receive thread picks them up within one wait,
    // so this only matters for bursts (many encoders reconnecting after an outage).
    private const int ListenBacklog = 128;

    // A callback-admitted caller whose handshake then failed (bad passphrase, lost packets) never reaches
    // srt_accept; its reservation of the name is dropped after this long. libsrt completes the handshake
    // within one round trip of the callback and we accept within one wait, so 5 s is generous and
    // still lets an encoder's reconnect through.
    private const long AdmissionTtlMs = 5_000;

    private const long RepeatedHandshakeWindowMs = 1_000;

    // libsrt's log text for a refusal by encryption policy (core.cpp, interpretSrtHandshake). All three
    // variants end with "per enforced encryption"; the KMREQ one means the passphrases differ. libsrt
    // spells it "abnornal", hence the prefix match.
    private const string EnforcedEncryptionLogText = "per enforced encryption";
    private const string BadSecretLogText = "KMREQ result abnor";

    private static readonly ConcurrentDictionary<IntPtr, SrtListener> Listeners = new();
    private static long s_nextListenerId;
    private static int s_logHandlerInstalled;
    private static volatile ILogger? s_nativeLogger;

    // Set by the listen callback on libsrt's receive-queue thread, read by the log handler on the same
    // thread when libsrt then refuses that handshake for its passphrase.
    [ThreadStatic] private static SrtListener? t_handshakeListener;
    [ThreadStatic] private static bool t_handshakeEncrypted;
    [ThreadStatic] private static int t_handshakeSocket;

    private readonly ISrtIngestSink _sink;
    private readonly IStreamKeyValidator _validator;
    private readonly IngestOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, PendingAdmission> _admissions = new();
    private readonly Dictionary<int, SrtConnection> _connections = [];
    private readonly ConcurrentDictionary<string, SrtTraceBStats> _latestStats = new();
    private readonly long[] _rejections = new long[Enum.GetValues<SrtRejection>().Length];
    private readonly IntPtr _id = new(Interlocked.Increment(ref s_nextListenerId));

    // Callback-thread only (one libsrt receive-queue thread per port).
    private string? _lastRefusedRemote;
    private long _lastRefusedMs;
    private SrtSocketHandle? _socket;
    private SrtEpollHandle? _epoll;
    private Thread? _thread;
    private volatile bool _stopping;
    // Set by the listen callback for every admitted caller, and by stop: wakes an idle receive thread.
    private readonly ManualResetEventSlim _callerArrived = new(false, spinCount: 0);
    private int _activeConnections;
    private bool _started;
    private bool _libraryStarted;

    public SrtListener(ISrtIngestSink sink, IStreamKeyValidator validator, IOptions<IngestOptions> options, ILogger<SrtListener> logger)
    {
        _sink = sink;
        _validator = validator;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The bound address, read back with srt_getsockname (so port 0 shows the port chosen).</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    public int ActiveConnections => Volatile.Read(ref _activeConnections);

    /// <summary>
    /// True while the receive thread sleeps without polling: no connection is open and no caller is being
    /// admitted. The listen callback wakes it.
    /// </summary>
    internal bool IsIdle { get => Volatile.Read(ref _isIdle); private set => Volatile.Write(ref _isIdle, value); }

    private bool _isIdle;

    /// <summary>Callers this listener refused for <paramref name="reason"/> (the process-wide metric sums all listeners).</summary>
    public long RejectionCount(SrtRejection reason) => Interlocked.Read(ref _rejections[(int)reason]);

    /// <summary>The last srt_bstats sample of a live stream's connection (every Ingest:SrtStatsIntervalSeconds).</summary>
    internal bool TryGetLatestStats(string playbackName, out SrtTraceBStats stats) => _latestStats.TryGetValue(playbackName, out stats);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.SrtEnabled)
        {
            SrtLog.Disabled(_logger);
            return Task.CompletedTask;
        }

        try
        {
            Start();
        }
        catch (DllNotFoundException ex)
        {
            // SRT is optional in the all-in-one host: RTMP and playback work without it.
            SrtLog.LibraryMissing(_logger, ex.Message);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    public unsafe void Start()
    {
        if (_started)
        {
            throw new InvalidOperationException("the SRT listener is already started");
        }

        _started = true;
        SrtNative.Check(SrtNative.srt_startup(), "srt_startup");
        _libraryStarted = true;
        InstallLogHandler(_logger);
        try
        {
            var socket = _socket = SrtSocketHandle.Create();
            socket.SetInt32(SrtSocketOption.SRTO_TRANSTYPE, 0); // SRTT_LIVE
            // Non-blocking: srt_accept and srt_recvmsg return SRT_EASYNCRCV instead of waiting; accepted
            // sockets inherit this and the other options below from the listener.
            socket.SetBoolean(SrtSocketOption.SRTO_RCVSYN, false);
            socket.SetInt32(SrtSocketOption.SRTO_LATENCY, _options.SrtLatencyMs);
            socket.SetInt32(SrtSocketOption.SRTO_PAYLOADSIZE, SrtNative.SRT_LIVE_DEF_PLSIZE);
            if (_options.SrtMaxBandwidthBytesPerSecond != -1)
            {
                socket.SetInt64(SrtSocketOption.SRTO_MAXBW, _options.SrtMaxBandwidthBytesPerSecond);
            }

            if (!string.IsNullOrEmpty(_options.SrtPassphrase))
            {
                socket.SetString(SrtSocketOption.SRTO_PASSPHRASE, _options.SrtPassphrase);
            }

            if (_options.SrtPbKeyLength != 0)
            {
                socket.SetInt32(SrtSocketOption.SRTO_PBKEYLEN, _options.SrtPbKeyLength);
            }

            socket.Bind(new IPEndPoint(IPAddress.Parse(_options.SrtBindAddress), _options.SrtPort));
            Listeners[_id] = this;
            // Installed before srt_listen, so no handshake is ever admitted without it.
            SrtNative.Check(SrtNative.srt_listen_callback(socket.Id, &OnListen, _id), "srt_listen_callback");
            socket.Listen(ListenBacklog);
            LocalEndPoint = socket.GetLocalEndPoint();

            _epoll = SrtEpollHandle.Create();
            _epoll.Add(socket, SrtEpollFlags.SRT_EPOLL_IN | SrtEpollFlags.SRT_EPOLL_ERR);
            _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"SRT receive {LocalEndPoint}" };
            _thread.Start();
            SrtLog.Listening(_logger, LocalEndPoint.ToString(), _options.SrtLatencyMs,
                string.IsNullOrEmpty(_options.SrtPassphrase) ? "per key or none" : "required");
        }
        catch
        {
            Teardown();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_started || _stopping)
        {
            return ValueTask.CompletedTask;
        }

        _stopping = true;
        _callerArrived.Set();
        // The loop wakes at once from its idle sleep, else within WaitTimeoutMs; joining here keeps every
        // socket call on that thread.
        _thread?.Join();
        Teardown();
        return ValueTask.CompletedTask;
    }

    private void Teardown()
    {
        _stopping = true;
        // Closing the listener first: no new callbacks; the dictionary entry goes next, so a callback
        // already running finds no listener and refuses (1503) instead of touching freed state.
        _socket?.Dispose();
        Listeners.TryRemove(_id, out _);
        foreach (var connection in _connections.Values.ToArray())
        {
            Close(connection, "server stopping");
        }

        _epoll?.Dispose();
        _admissions.Clear();
        _socket = null;
        if (_libraryStarted)
        {
            // srt_startup/srt_cleanup are reference-counted: other listeners (and tests) keep theirs.
            _libraryStarted = false;
            SrtNative.srt_cleanup();
        }
    }

    // ---- admission (libsrt's receive-queue thread) ------------------------------------------------

    [UnmanagedCallersOnly]
    private static unsafe int OnListen(IntPtr opaque, int socket, int handshakeVersion, byte* peerAddress, byte* streamId)
    {
        try
        {
            if (!Listeners.TryGetValue(opaque, out var listener) || listener._stopping)
            {
                SrtNative.srt_setrejectreason(socket, (int)SrtRejectReason.SRT_REJX_DOWN);
                return -1;
            }

            var remote = SrtSocketHandle.ToEndPoint(peerAddress, 128)?.ToString() ?? "unknown";
            var id = streamId is null ? null : Marshal.PtrToStringUTF8((IntPtr)streamId);
            return listener.OnHandshake(socket, remote, id);
        }
        catch (Exception exception)
        {
            // An exception must not cross into libsrt: refuse this caller and keep the listener alive.
            if (s_nativeLogger is { } logger)
            {
                SrtLog.ListenCallbackFailed(logger, exception);
            }

            SrtNative.srt_setrejectreason(socket, (int)SrtRejectReason.SRT_REJX_ISE);
            return -1;
        }
    }

    private int OnHandshake(int socket, string remote, string? streamId)
    {
        t_handshakeListener = null;
        var admission = Admit(streamId, remote);
        if (!admission.IsAdmitted)
        {
            // A caller repeats its conclusion handshake until it hears back (every 250 ms), and libsrt runs
            // the callback for each copy: count and log one refusal per caller address and second.
            var nowMs = Environment.TickCount64;
            if (remote != _lastRefusedRemote || nowMs - _lastRefusedMs > RepeatedHandshakeWindowMs)
            {
                CountRejection(admission.Rejection);
                SrtLog.Refused(_logger, remote, admission.Rejection, (int)admission.RejectCode, admission.Detail);
            }

            _lastRefusedRemote = remote;
            _lastRefusedMs = nowMs;
            SrtNative.srt_setrejectreason(socket, (int)admission.RejectCode);
            return -1;
        }

        var encrypted = !string.IsNullOrEmpty(_options.SrtPassphrase);
        if (!string.IsNullOrEmpty(admission.Passphrase))
        {
            // Set on the socket being created: libsrt runs this callback before it interprets the caller's
            // key material, so the check that follows uses this key's passphrase (covered by the
            // per-key passphrase interop test).
            SrtSocketHandle.SetString(socket, SrtSocketOption.SRTO_PASSPHRASE, admission.Passphrase);
            if (_options.SrtPbKeyLength != 0)
            {
                SrtSocketHandle.SetInt32(socket, SrtSocketOption.SRTO_PBKEYLEN, _options.SrtPbKeyLength);
            }

            encrypted = true;
        }

        t_handshakeListener = this;
        t_handshakeEncrypted = encrypted;
        t_handshakeSocket = socket;
        _admissions[socket] = new PendingAdmission(admission.PlaybackName!, remote, Environment.TickCount64);
        _callerArrived.Set();
        return 0;
    }

    /// <summary>
    /// The admission decision for one stream id, without libsrt: parse, app, mode, key, duplicate.
    /// Runs on libsrt's receive-queue thread during the handshake, so it never blocks for long.
    /// </summary>
    internal SrtAdmission Admit(string? streamId, string remote)
    {
        if (ActiveConnections >= _options.MaxConnections)
        {
            return SrtAdmission.Refused(SrtRejection.TooManyConnections, SrtRejectReason.SRT_REJX_OVERLOAD,
                $"{ActiveConnections} connections open, Ingest:MaxConnections is {_options.MaxConnections}");
        }

        if (!SrtStreamId.TryParse(streamId, out var id))
        {
            return SrtAdmission.Refused(SrtRejection.BadRequest, SrtRejectReason.SRT_REJX_BAD_REQUEST,
                $"unusable stream id '{streamId}': use streamid=#!::r=live/<stream key>,m=publish");
        }

        if (Array.IndexOf(_options.Apps, id.App) < 0)
        {
            return SrtAdmission.Refused(SrtRejection.NotFound, SrtRejectReason.SRT_REJX_NOTFOUND,
                $"unknown application '{id.App}': publish to r=live/<stream key>");
        }

        if (id.Mode != SrtStreamMode.Publish)
        {
            return SrtAdmission.Refused(SrtRejection.BadMode, SrtRejectReason.SRT_REJX_BAD_MODE,
                $"playback over SRT is not supported; watch /live/{id.StreamKey}/index.m3u8");
        }

        // Asked even with open publishing: a key the catalog issued publishes under its event's playback
        // name on a fresh install too; open publishing only changes what happens to an unknown key.
        var answered = TryValidate(id, out var decision);
        string playbackName;
        string? passphrase = null;
        if (answered && decision.IsAccepted)
        {
            playbackName = decision.PlaybackName!;
            passphrase = decision.SrtPassphrase;
        }
        else if (!_options.RequireStreamKey)
        {
            playbackName = id.StreamKey;
        }
        else if (!answered)
        {
            return SrtAdmission.Refused(SrtRejection.Unavailable, SrtRejectReason.SRT_REJX_DOWN,
                $"the stream key validator did not answer within {_options.SrtKeyValidationTimeoutMs} ms");
        }
        else
        {
            return SrtAdmission.Refused(SrtRejection.Unauthorized, SrtRejectReason.SRT_REJX_UNAUTHORIZED,
                $"stream key refused: {decision.RefusalReason}");
        }

        if (!_options.RequireStreamKey && playbackName == id.StreamKey)
        {
            SrtLog.OpenPublishing(_logger, id.App, id.StreamKey, remote);
        }

        if (_sink.IsLive(playbackName) || IsBeingAdmitted(playbackName))
        {
            return SrtAdmission.Refused(SrtRejection.Conflict, SrtRejectReason.SRT_REJX_CONFLICT,
                $"stream '{playbackName}' is already being published");
        }

        return SrtAdmission.Admitted(playbackName, passphrase);
    }

    // The callback must answer synchronously. A validator that answers from memory returns a completed
    // ValueTask and costs nothing here. Anything slower gets a bounded wait: this thread carries every SRT
    // packet of the port, so the bound (Ingest:SrtKeyValidationTimeoutMs, 200 ms) stays below the
    // latency other publishers' streams have in hand; past it the attempt is refused with 1503 and the
    // validator is cancelled. Encoders reconnect, and a validator with a cache answers the retry at once.
    private bool TryValidate(SrtStreamId id, out StreamKeyDecision decision)
    {
        // Cancelled only after the wait gave up, so an answer produced by the cancellation itself
        // cannot slip in as the decision.
        using var timeout = new CancellationTokenSource();
        var pending = _validator.ValidateAsync(id.App, id.StreamKey, timeout.Token);
        if (pending.IsCompletedSuccessfully)
        {
            decision = pending.Result;
            return true;
        }

        var task = pending.AsTask();
        try
        {
            if (task.Wait(_options.SrtKeyValidationTimeoutMs))
            {
                decision = task.Result;
                return true;
            }
        }
        catch (AggregateException)
        {
            // A failing validator is an unavailable one: the caller is refused with 1503, not 1401.
        }

        timeout.Cancel();
        decision = null!;
        return false;
    }

    private bool IsBeingAdmitted(string playbackName)
    {
        foreach (var pending in _admissions.Values)
        {
            if (pending.PlaybackName == playbackName)
            {
                return true;
            }
        }

        return false;
    }

    private void CountRejection(SrtRejection reason)
    {
        Interlocked.Increment(ref _rejections[(int)reason]);
        SrtMetrics.Rejected(reason);
    }

    // ---- libsrt's log -----------------------------------------------------------------------------

    // libsrt writes its log to stderr unless a handler takes it. Errors only (LOG_ERR): warnings and
    // notices fire per packet loss. The handler is process-wide; the newest listener's logger gets it.
    private static unsafe void InstallLogHandler(ILogger logger)
    {
        s_nativeLogger = logger;
        if (Interlocked.Exchange(ref s_logHandlerInstalled, 1) == 0)
        {
            SrtNative.srt_setloglevel(SrtNative.LOG_ERR);
            SrtNative.srt_setloghandler(IntPtr.Zero, &OnNativeLog);
        }
    }

    [UnmanagedCallersOnly]
    private static unsafe void OnNativeLog(IntPtr opaque, int level, byte* file, int line, byte* area, byte* message)
    {
        try
        {
            var text = Marshal.PtrToStringUTF8((IntPtr)message) ?? string.Empty;
            if (text.Contains(EnforcedEncryptionLogText, StringComparison.Ordinal) && t_handshakeListener is { } listener)
            {
                var reason = text.Contains(BadSecretLogText, StringComparison.Ordinal) && t_handshakeEncrypted
                    ? SrtRejection.BadSecret
                    : SrtRejection.Unsecure;
                listener.OnRefusedByLibrary(t_handshakeSocket, reason);
                t_handshakeListener = null;
            }

            if (s_nativeLogger is { } logger)
            {
                SrtLog.Native(logger, Marshal.PtrToStringUTF8((IntPtr)area) ?? string.Empty, text.TrimEnd());
            }
        }
        catch
        {
            // Nothing may unwind into libsrt; a lost log line is the lesser harm.
        }
    }

    private void OnRefusedByLibrary(int socket, SrtRejection reason)
    {
        CountRejection(reason);
        var remote = _admissions.TryRemove(socket, out var pending) ? pending.Remote : "unknown";
        SrtLog.RefusedByLibrary(_logger, remote, reason);
    }

    // ---- the receive thread -----------------------------------------------------------------------

    private void ReceiveLoop()
    {
        var events = new SrtEpollEvent[MaxEventsPerWait];
        // One buffer for every connection: messages are handed over synchronously and not kept.
        var buffer = new byte[SrtNative.SRT_LIVE_MAX_PLSIZE];
        var statsIntervalMs = Math.Max(1, _options.SrtStatsIntervalSeconds) * 1000L;
        var nextStatsMs = Environment.TickCount64 + statsIntervalMs;
        var listenerId = _socket!.Id;
        try
        {
            while (!_stopping)
            {
                if (_connections.Count == 0 && _admissions.IsEmpty)
                {
                    // Reset before the second look: a caller admitted after it sets the event again.
                    _callerArrived.Reset();
                    if (_connections.Count == 0 && _admissions.IsEmpty && !_stopping)
                    {
                        IsIdle = true;
                        _callerArrived.Wait(IdleWaitMs);
                        IsIdle = false;
                        continue;
                    }
                }

                var ready = _epoll!.Wait(events, WaitTimeoutMs);
                var nowMs = Environment.TickCount64;
                for (var i = 0; i < ready; i++)
                {
                    var ev = events[i];
                    if (ev.Socket == listenerId)
                    {
                        AcceptPending(nowMs);
                    }
                    else if (_connections.TryGetValue(ev.Socket, out var connection))
                    {
                        Drain(connection, buffer, nowMs, ev.Events);
                    }
                }

                CloseIdle(nowMs);
                if (nowMs >= nextStatsMs)
                {
                    nextStatsMs = nowMs + statsIntervalMs;
                    SampleStats();
                }

                if (!_admissions.IsEmpty)
                {
                    DropStaleAdmissions(nowMs);
                }
            }
        }
        catch (Exception exception)
        {
            SrtLog.ReceiveLoopFailed(_logger, exception);
        }
    }

    private void AcceptPending(long nowMs)
    {
        while (true)
        {
            SrtSocketHandle? socket;
            IPEndPoint? remoteEndPoint;
            try
            {
                socket = _socket!.Accept(out remoteEndPoint);
            }
            catch (SrtException exception)
            {
                SrtLog.ReceiveLoopFailed(_logger, exception);
                return;
            }

            if (socket is null)
            {
                return;
            }

            var remote = remoteEndPoint?.ToString() ?? "unknown";
            if (!_admissions.TryRemove(socket.Id, out var admission))
            {
                // Not admitted by our callback (cannot happen while the callback is installed).
                socket.Dispose();
                continue;
            }

            var session = _sink.BeginPublish(admission.PlaybackName, remote, out var refusal);
            if (session is null)
            {
                // Lost a race with a publisher that got past the callback's IsLive check first: the
                // handshake is complete, so all that is left is to close.
                CountRejection(SrtRejection.Conflict);
                SrtLog.Refused(_logger, remote, SrtRejection.Conflict, (int)SrtRejectReason.SRT_REJX_CONFLICT,
                    refusal ?? $"stream '{admission.PlaybackName}' is already being published");
                socket.Dispose();
                continue;
            }

            var connection = new SrtConnection(socket, session, admission.PlaybackName, remote, nowMs);
            _connections.Add(socket.Id, connection);
            Interlocked.Increment(ref _activeConnections);
            SrtMetrics.Connections.Inc();
            try
            {
                _epoll!.Add(socket, SrtEpollFlags.SRT_EPOLL_IN | SrtEpollFlags.SRT_EPOLL_ERR);
            }
            catch (SrtException)
            {
                // Broke between accept and here.
                Close(connection, "connection lost");
                continue;
            }

            SrtLog.PublishStarted(_logger, admission.PlaybackName, remote);
        }
    }

    private void Drain(SrtConnection connection, byte[] buffer, long nowMs, SrtEpollFlags events)
    {
        while (true)
        {
            var received = connection.Socket.Receive(buffer, out var error);
            if (received > 0)
            {
                connection.LastDataMs = nowMs;
                connection.Bytes += received;
                SrtMetrics.BytesReceived.Inc(received);
                try
                {
                    connection.Session.OnData(buffer.AsSpan(0, received));
                }
                catch (Exception exception)
                {
                    SrtLog.SessionFailed(_logger, connection.PlaybackName, exception);
                    Close(connection, "ingest session failed");
                    return;
                }

                continue;
            }

            if (received == 0 || error == SrtErrorCode.SRT_EASYNCRCV)
            {
                // Drained. ERR without data means the peer is gone (closed or broken).
                if ((events & SrtEpollFlags.SRT_EPOLL_ERR) != 0 && (events & SrtEpollFlags.SRT_EPOLL_IN) == 0)
                {
                    Close(connection, "connection closed");
                }

                return;
            }

            Close(connection, error == SrtErrorCode.SRT_ECONNLOST ? "connection lost" : $"connection closed (SRT error {(int)error})");
            return;
        }
    }

    private void CloseIdle(long nowMs)
    {
        if (_connections.Count == 0)
        {
            return;
        }

        var idleMs = _options.IdleTimeoutSeconds * 1000L;
        List<SrtConnection>? idle = null;
        foreach (var connection in _connections.Values)
        {
            if (nowMs - connection.LastDataMs > idleMs)
            {
                (idle ??= []).Add(connection);
            }
        }

        if (idle is not null)
        {
            foreach (var connection in idle)
            {
                Close(connection, $"no data for {_options.IdleTimeoutSeconds} s");
            }
        }
    }

    private void Close(SrtConnection connection, string why)
    {
        if (!_connections.Remove(connection.Socket.Id))
        {
            return;
        }

        _epoll?.Remove(connection.Socket);
        connection.Socket.Dispose();
        Interlocked.Decrement(ref _activeConnections);
        SrtMetrics.Connections.Dec();
        SrtMetrics.RemoveStream(connection.PlaybackName);
        _latestStats.TryRemove(connection.PlaybackName, out _);
        try
        {
            connection.Session.Dispose();
        }
        catch (Exception exception)
        {
            SrtLog.SessionFailed(_logger, connection.PlaybackName, exception);
        }

        SrtLog.PublishEnded(_logger, connection.PlaybackName, connection.Remote, why, connection.Bytes);
    }

    private void SampleStats()
    {
        foreach (var connection in _connections.Values)
        {
            SrtTraceBStats stats;
            try
            {
                // clear: the local (non-Total) fields restart, so each sample covers one interval.
                connection.Socket.GetStats(out stats, clear: true);
            }
            catch (SrtException)
            {
                continue;
            }

            _latestStats[connection.PlaybackName] = stats;
            connection.RttMs.Set(stats.msRTT);
            connection.ReceiveRateMbps.Set(stats.mbpsRecvRate);
            connection.ReceiveBufferMs.Set(stats.msRcvBuf);
            connection.PacketsLost.Inc(Math.Max(0, stats.pktRcvLoss));
            connection.PacketsRetransmitted.Inc(Math.Max(0, stats.pktRcvRetrans));
            connection.PacketsDropped.Inc(Math.Max(0, stats.pktRcvDrop));

            if (IsDegrading(stats, out var lossPercent))
            {
                SrtLog.LinkDegrading(_logger, connection.PlaybackName, lossPercent, stats.pktRcvDrop, stats.msRTT,
                    stats.msRcvBuf, stats.msRcvTsbPdDelay);
            }
        }
    }

    /// <summary>
    /// A link is degrading when, over one stats interval, more than 1 % of packets needed a
    /// retransmission, any packet arrived too late to play (a glitch viewers see), or the RTT has grown
    /// past 40 % of the latency: Haivision sizes latency at 2.5-4 × RTT so one retransmission fits, and
    /// below 2.5 × the next loss burst turns into drops.
    /// </summary>
    internal static bool IsDegrading(in SrtTraceBStats stats, out double lossPercent)
    {
        var expected = stats.pktRecv + stats.pktRcvLoss;
        lossPercent = expected > 0 ? 100.0 * stats.pktRcvLoss / expected : 0;
        return lossPercent > 1.0 || stats.pktRcvDrop > 0 ||
            (stats.msRcvTsbPdDelay > 0 && stats.msRTT * 2.5 > stats.msRcvTsbPdDelay);
    }

    private void DropStaleAdmissions(long nowMs)
    {
        foreach (var (socket, pending) in _admissions)
        {
            if (nowMs - pending.AdmittedMs > AdmissionTtlMs)
            {
                _admissions.TryRemove(socket, out _);
            }
        }
    }

    private readonly record struct PendingAdmission(string PlaybackName, string Remote, long AdmittedMs);
}
