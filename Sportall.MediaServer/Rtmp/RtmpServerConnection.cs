using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Sportall.Media.Amf;
using Sportall.MediaServer.Ingest;

namespace Sportall.MediaServer.Rtmp;

/// <summary>
/// One RTMP connection after accept: handshake, then the chunk stream, protocol control, the
/// NetConnection/NetStream commands of a publisher, and media handed to an <see cref="IRtmpPublishSession"/>.
/// Media messages go from the chunk reader to the session as spans inside one synchronous loop;
/// only commands (a few per connection) leave it to be handled asynchronously.
/// </summary>
internal sealed class RtmpServerConnection : IDisposable
{
    private const int MessageStreamId = 1;

    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly IRtmpIngestSink _sink;
    private readonly IStreamKeyValidator _validator;
    private readonly IngestOptions _options;
    private readonly ILogger _logger;
    private readonly string _remote;
    private readonly RtmpChunkReader _chunks;
    private readonly CancellationTokenSource _readTimeout = new();
    private readonly CancellationToken _connectionClosed;

    private int _outgoingChunkSize = RtmpChunkReader.DefaultChunkSize;
    private long _bytesReceived;
    private long _bytesAtLastAcknowledgement;
    private long _peerWindowSize;
    private string? _app;
    private IRtmpPublishSession? _session;
    private IDisposable? _streamScope;
    private string? _playbackName;
    private Media.Model.StreamMetadata? _pendingMetadata;

    public RtmpServerConnection(IDuplexPipe transport, string remote, IRtmpIngestSink sink, IStreamKeyValidator validator,
        IngestOptions options, ILogger logger, CancellationToken connectionClosed)
    {
        _input = transport.Input;
        _output = transport.Output;
        _remote = remote;
        _sink = sink;
        _validator = validator;
        _options = options;
        _logger = logger;
        _connectionClosed = connectionClosed;
        _chunks = new RtmpChunkReader(options.MaxMessageSize);
    }

    public async Task RunAsync()
    {
        if (!await HandshakeAsync())
        {
            return;
        }

        var idleTimeout = TimeSpan.FromSeconds(_options.IdleTimeoutSeconds);
        while (true)
        {
            _readTimeout.CancelAfter(idleTimeout);
            var result = await ReadAsync(RtmpProtocolError.IdleTimeout,
                $"no data received for {_options.IdleTimeoutSeconds} s (Ingest:IdleTimeoutSeconds)");
            var buffer = result.Buffer;
            RtmpCommand? command;
            SequencePosition consumed;
            try
            {
                command = ProcessMessages(buffer, out consumed);
            }
            catch
            {
                // Whatever was queued for the peer (an onStatus error) still goes out before the close;
                // a peer that is already gone must not hide the original error.
                try
                {
                    await _output.FlushAsync(_connectionClosed);
                }
                catch (Exception exception) when (exception is IOException or OperationCanceledException or InvalidOperationException)
                {
                }

                throw;
            }

            var consumedBytes = buffer.Slice(0, consumed).Length;
            _input.AdvanceTo(consumed, command is null ? buffer.End : consumed);
            CountReceived(consumedBytes);
            await _output.FlushAsync(_connectionClosed);

            if (command is not null)
            {
                await HandleCommandAsync(command);
                if (_session is not null && _streamScope is null)
                {
                    // Set here, in the connection's own flow, so every later line of this connection — the
                    // packager's too, which runs on this thread — carries the stream (JSON logs with scopes).
                    _streamScope = Hosting.StreamLogScope.Begin(_logger, _playbackName!);
                }
                await _output.FlushAsync(_connectionClosed);
            }
            else if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        EndPublish();
        _streamScope?.Dispose();
        _chunks.Dispose();
        _readTimeout.Dispose();
    }

    // --- Handshake (RTMP 5.2) ---

    private async Task<bool> HandshakeAsync()
    {
        _readTimeout.CancelAfter(TimeSpan.FromSeconds(_options.HandshakeTimeoutSeconds));
        var timeoutDetail = $"handshake not completed within {_options.HandshakeTimeoutSeconds} s (Ingest:HandshakeTimeoutSeconds)";

        // C0 + C1
        while (true)
        {
            var result = await ReadAsync(RtmpProtocolError.HandshakeTimeout, timeoutDetail);
            var buffer = result.Buffer;
            if (buffer.Length > 0 && buffer.FirstSpan[0] != RtmpHandshake.Version)
            {
                if (buffer.Length < 4 && !result.IsCompleted)
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                RejectWrongVersion(buffer);
            }

            if (buffer.Length < 1 + RtmpHandshake.PacketSize)
            {
                if (result.IsCompleted)
                {
                    return false;
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var c1 = new byte[RtmpHandshake.PacketSize];
            buffer.Slice(1, RtmpHandshake.PacketSize).CopyTo(c1);
            _input.AdvanceTo(buffer.GetPosition(1 + RtmpHandshake.PacketSize));
            CountReceived(1 + RtmpHandshake.PacketSize);

            var digest = RtmpHandshake.FindClientDigest(c1);
            var response = _output.GetSpan(1 + 2 * RtmpHandshake.PacketSize);
            response[0] = RtmpHandshake.Version;
            RtmpHandshake.WriteS1(response.Slice(1, RtmpHandshake.PacketSize), withDigest: digest >= 0);
            RtmpHandshake.WriteS2(response.Slice(1 + RtmpHandshake.PacketSize, RtmpHandshake.PacketSize), c1, digest);
            _output.Advance(1 + 2 * RtmpHandshake.PacketSize);
            await _output.FlushAsync(_connectionClosed);
            break;
        }

        // C2: its content is not checked (FMS does not either); clients often send it together with connect.
        while (true)
        {
            var result = await ReadAsync(RtmpProtocolError.HandshakeTimeout, timeoutDetail);
            var buffer = result.Buffer;
            if (buffer.Length >= RtmpHandshake.PacketSize)
            {
                _input.AdvanceTo(buffer.GetPosition(RtmpHandshake.PacketSize));
                CountReceived(RtmpHandshake.PacketSize);
                return true;
            }

            if (result.IsCompleted)
            {
                return false;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static void RejectWrongVersion(ReadOnlySequence<byte> buffer)
    {
        Span<byte> first = stackalloc byte[4];
        var length = (int)Math.Min(4, buffer.Length);
        buffer.Slice(0, length).CopyTo(first);
        first = first[..length];
        if (first.Length >= 2 && first[0] == 0x16 && first[1] == 0x03)
        {
            RtmpThrow.ProtocolError(RtmpProtocolError.TlsOnRtmpPort,
                "TLS on the RTMP port (use rtmp:// not rtmps://)");
        }

        if (first.SequenceEqual("GET "u8) || first.SequenceEqual("POST"u8) || first.SequenceEqual("HEAD"u8) ||
            first.SequenceEqual("PUT "u8) || first.SequenceEqual("OPTI"u8))
        {
            RtmpThrow.ProtocolError(RtmpProtocolError.HttpOnRtmpPort,
                "HTTP request on the RTMP port: this port speaks RTMP (rtmp://host/live/<key>); playback is served over HTTP");
        }

        RtmpThrow.ProtocolError(RtmpProtocolError.UnsupportedVersion,
            $"RTMP version {first[0]} requested; only version 3 (plain RTMP) is supported (6 would be RTMPE)");
    }

    // --- Messages ---

    private RtmpCommand? ProcessMessages(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        RtmpCommand? command = null;
        while (command is null && _chunks.TryReadMessage(ref reader, out var message))
        {
            command = HandleMessage(message);
        }

        consumed = reader.Position;
        return command;
    }

    private RtmpCommand? HandleMessage(in RtmpMessage message)
    {
        var payload = message.Payload;
        switch (message.TypeId)
        {
            case RtmpMessageType.Video:
                RtmpMetrics.VideoMessages.Inc();
                if (_session is not null && payload.Length > 0)
                {
                    try
                    {
                        _session.OnVideo(message.TimestampMs, payload);
                    }
                    catch (Exception exception)
                    {
                        FailSession(exception);
                    }
                }

                return null;

            case RtmpMessageType.Audio:
                RtmpMetrics.AudioMessages.Inc();
                if (_session is not null && payload.Length > 0)
                {
                    try
                    {
                        _session.OnAudio(message.TimestampMs, payload);
                    }
                    catch (Exception exception)
                    {
                        FailSession(exception);
                    }
                }

                return null;

            case RtmpMessageType.SetChunkSize:
            {
                RtmpMetrics.ControlMessages.Inc();
                var value = ReadControlValue(message);
                // RTMP 5.4.1: "The first bit of this field MUST be zero"; valid sizes are 1..0x7FFFFFFF.
                if (value == 0 || value > int.MaxValue)
                {
                    RtmpThrow.InvalidChunkSize(value);
                }

                if (value > _options.MaxChunkSize)
                {
                    RtmpThrow.ChunkSizeTooLarge(value, _options.MaxChunkSize);
                }

                _chunks.ChunkSize = (int)value;
                return null;
            }

            case RtmpMessageType.AbortMessage:
                RtmpMetrics.ControlMessages.Inc();
                _chunks.Abort((int)Math.Min(ReadControlValue(message), int.MaxValue));
                return null;

            case RtmpMessageType.WindowAcknowledgementSize:
                RtmpMetrics.ControlMessages.Inc();
                _peerWindowSize = ReadControlValue(message);
                return null;

            case RtmpMessageType.Acknowledgement:
            case RtmpMessageType.SetPeerBandwidth:
                RtmpMetrics.ControlMessages.Inc();
                return null;

            case RtmpMessageType.UserControl:
                RtmpMetrics.ControlMessages.Inc();
                if (payload.Length < 2)
                {
                    RtmpThrow.MalformedControlMessage(message.TypeId, payload.Length);
                }

                if ((RtmpUserControlEvent)BinaryPrimitives.ReadUInt16BigEndian(payload) == RtmpUserControlEvent.PingRequest &&
                    payload.Length >= 6)
                {
                    RtmpChunkWriter.WriteUserControl(_output, RtmpUserControlEvent.PingResponse,
                        BinaryPrimitives.ReadUInt32BigEndian(payload[2..]), _outgoingChunkSize);
                }

                return null;

            case RtmpMessageType.DataAmf0:
            case RtmpMessageType.DataAmf3:
                RtmpMetrics.DataMessages.Inc();
                // An AMF3 data message begins with a format byte of 0 followed by AMF0 values.
                HandleData(message.TypeId == RtmpMessageType.DataAmf3 && payload.Length > 0 ? payload[1..] : payload);
                return null;

            case RtmpMessageType.CommandAmf0:
            case RtmpMessageType.CommandAmf3:
                RtmpMetrics.CommandMessages.Inc();
                return DecodeCommand(message.TypeId == RtmpMessageType.CommandAmf3 && payload.Length > 0 ? payload[1..] : payload,
                    message.MessageStreamId);

            case RtmpMessageType.Aggregate:
                RtmpMetrics.AggregateMessages.Inc();
                HandleAggregate(message.TimestampMs, payload);
                return null;

            default:
                RtmpMetrics.OtherMessages.Inc();
                return null;
        }
    }

    private static uint ReadControlValue(in RtmpMessage message)
    {
        if (message.Payload.Length < 4)
        {
            RtmpThrow.MalformedControlMessage(message.TypeId, message.Payload.Length);
        }

        return BinaryPrimitives.ReadUInt32BigEndian(message.Payload);
    }

    // Aggregate message (RTMP 7.1.6): FLV tags back to back, each "type u8 | size u24 | ts u24 |
    // ts ext u8 | stream id u24 | body | back pointer u32"; sub-tag timestamps are offsets from the first.
    private void HandleAggregate(long timestampMs, ReadOnlySpan<byte> payload)
    {
        long? first = null;
        while (payload.Length >= 11)
        {
            var type = (RtmpMessageType)payload[0];
            var size = payload[1] << 16 | payload[2] << 8 | payload[3];
            var tagTimestamp = (uint)(payload[7] << 24 | payload[4] << 16 | payload[5] << 8 | payload[6]);
            if (payload.Length < 11 + size)
            {
                RtmpThrow.MalformedControlMessage(RtmpMessageType.Aggregate, payload.Length);
            }

            first ??= tagTimestamp;
            var body = payload.Slice(11, size);
            var at = timestampMs + (tagTimestamp - first.Value);
            if (_session is not null && body.Length > 0)
            {
                try
                {
                    if (type == RtmpMessageType.Video)
                    {
                        _session.OnVideo(at, body);
                    }
                    else if (type == RtmpMessageType.Audio)
                    {
                        _session.OnAudio(at, body);
                    }
                }
                catch (Exception exception)
                {
                    FailSession(exception);
                }
            }

            if (type == RtmpMessageType.DataAmf0)
            {
                HandleData(body);
            }

            payload = payload[Math.Min(payload.Length, 11 + size + 4)..];
        }
    }

    private void HandleData(ReadOnlySpan<byte> payload)
    {
        var values = DecodeAmf(payload, maxValues: 4);
        var index = 0;
        // "@setDataFrame" is how publishers ask the server to store the following data frame (FMLE,
        // OBS, FFmpeg); some encoders send a bare "onMetaData".
        if (values.Count > 0 && values[0].String == "@setDataFrame")
        {
            index = 1;
        }

        if (values.Count < index + 2 || values[index].String != "onMetaData")
        {
            return;
        }

        var metadataObject = values[index + 1];
        if (metadataObject.Type is not (Amf0Marker.Object or Amf0Marker.EcmaArray))
        {
            return;
        }

        var metadata = RtmpMetadataReader.Read(metadataObject);
        if (_session is null)
        {
            _pendingMetadata = metadata;
            return;
        }

        try
        {
            _session.OnMetadata(metadata);
        }
        catch (Exception exception)
        {
            FailSession(exception);
        }
    }

    private RtmpCommand DecodeCommand(ReadOnlySpan<byte> payload, uint messageStreamId)
    {
        var values = DecodeAmf(payload, maxValues: 16);
        var name = values.Count >= 2 ? values[0].String : null;
        if (name is null || values[1].Type != Amf0Marker.Number)
        {
            RtmpThrow.ProtocolError(RtmpProtocolError.MalformedCommand,
                "command message without a name and transaction id (RTMP 7.1.1)");
        }

        var commandObject = values.Count > 2 ? values[2] : AmfValue.Null;
        var arguments = values.Count > 3 ? values.GetRange(3, values.Count - 3).ToArray() : [];
        return new RtmpCommand(name, values[1].Number, commandObject, arguments, messageStreamId);
    }

    private static List<AmfValue> DecodeAmf(ReadOnlySpan<byte> payload, int maxValues)
    {
        // Commands and metadata are rare: copying them out of the reassembly buffer is fine.
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(payload.ToArray()));
        var values = new List<AmfValue>();
        try
        {
            while (reader.Remaining > 0 && values.Count < maxValues)
            {
                if (!Amf0Reader.TryReadValue(ref reader, out var value))
                {
                    RtmpThrow.ProtocolError(RtmpProtocolError.MalformedCommand, "AMF0 value truncated by the end of its message");
                }

                values.Add(value);
            }
        }
        catch (AmfException exception)
        {
            throw new RtmpProtocolException(RtmpProtocolError.MalformedCommand, exception.Message, exception);
        }

        return values;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void FailSession(Exception exception)
    {
        WriteOnStatus("error", "NetStream.Publish.Failed", exception.Message);
        throw new RtmpProtocolException(RtmpProtocolError.PublishSessionFailed,
            $"publish '{_playbackName}' failed in the ingest pipeline: {exception.Message}", exception);
    }

    private void CountReceived(long bytes)
    {
        _bytesReceived += bytes;
        RtmpMetrics.BytesReceived.Inc(bytes);
        // RTMP 5.4.3: acknowledge once the bytes received since the last one reach the window the
        // peer announced (or ours, when it announced none, as FMS does).
        var window = _peerWindowSize > 0 ? _peerWindowSize : _options.AcknowledgementWindowSize;
        if (_bytesReceived - _bytesAtLastAcknowledgement >= window)
        {
            _bytesAtLastAcknowledgement = _bytesReceived;
            RtmpChunkWriter.WriteControl(_output, RtmpMessageType.Acknowledgement, (uint)_bytesReceived, _outgoingChunkSize);
        }
    }

    // --- Commands (RTMP 7.2) ---

    private async Task HandleCommandAsync(RtmpCommand command)
    {
        if (command.Name == "connect")
        {
            HandleConnect(command);
            return;
        }

        if (_app is null)
        {
            RtmpThrow.ProtocolError(RtmpProtocolError.CommandBeforeConnect, $"'{command.Name}' before connect");
        }

        switch (command.Name)
        {
            case "releaseStream":
                WriteCommand("_result", command.TransactionId, AmfValue.Null, AmfValue.Undefined);
                break;
            case "FCPublish":
                // FMLE-era call answered by FMS and nginx-rtmp; OBS and FFmpeg send it and do not need more.
                WriteCommand("onFCPublish", 0, AmfValue.Null, AmfValue.FromObject(
                    new("code", "NetStream.Publish.Start"),
                    new("description", RtmpStreamNames.NormalizeStreamName(command.Argument(0).String))));
                WriteCommand("_result", command.TransactionId, AmfValue.Null, AmfValue.Undefined);
                break;
            case "createStream":
                WriteCommand("_result", command.TransactionId, AmfValue.Null, (double)MessageStreamId);
                break;
            case "publish":
                await HandlePublishAsync(command);
                break;
            case "FCUnpublish":
            case "deleteStream":
            case "closeStream":
                EndPublish();
                break;
            case "play":
                var name = RtmpStreamNames.NormalizeStreamName(command.Argument(0).String);
                WriteOnStatus("error", "NetStream.Play.Failed",
                    $"playback over RTMP is not supported; watch /live/{name}/index.m3u8", command.MessageStreamId);
                RtmpThrow.ProtocolError(RtmpProtocolError.PlaybackNotSupported, $"play '{name}' refused: playback over RTMP is not supported");
                break;
            default:
                RtmpLog.UnknownCommand(_logger, _remote, command.Name, command.TransactionId);
                if (command.TransactionId != 0)
                {
                    WriteCommand("_error", command.TransactionId, AmfValue.Null, AmfValue.FromObject(
                        new("level", "error"),
                        new("code", "NetConnection.Call.Failed"),
                        new("description", $"unknown command '{command.Name}'")));
                }

                break;
        }
    }

    private void HandleConnect(RtmpCommand command)
    {
        var app = RtmpStreamNames.NormalizeApp(command.CommandObject.GetString("app"), command.CommandObject.GetString("tcUrl"));
        if (!_options.Apps.Contains(app, StringComparer.OrdinalIgnoreCase))
        {
            var description = $"application '{app}' is not served here; publish to rtmp://<host>/{_options.Apps.FirstOrDefault() ?? "live"}/<stream key>";
            WriteCommand("_error", command.TransactionId, AmfValue.Null, AmfValue.FromObject(
                new("level", "error"),
                new("code", "NetConnection.Connect.Rejected"),
                new("description", description)));
            RtmpThrow.ProtocolError(RtmpProtocolError.ApplicationRejected, description);
        }

        _app = app;
        var ackWindow = (uint)_options.AcknowledgementWindowSize;
        RtmpChunkWriter.WriteControl(_output, RtmpMessageType.WindowAcknowledgementSize, ackWindow, _outgoingChunkSize);
        RtmpChunkWriter.WriteSetPeerBandwidth(_output, ackWindow, limitType: 2, _outgoingChunkSize);
        RtmpChunkWriter.WriteControl(_output, RtmpMessageType.SetChunkSize, (uint)_options.OutgoingChunkSize, _outgoingChunkSize);
        _outgoingChunkSize = _options.OutgoingChunkSize;

        List<AmfProperty> properties = [new("fmsVer", "FMS/3,0,1,123"), new("capabilities", 31d)];
        if (command.CommandObject.TryGetProperty("fourCcList", out _))
        {
            // Enhanced RTMP: the client listed the FourCCs it can handle; answer with the video
            // codecs this server ingests, as veovera/enhanced-rtmp issue #11 recommends servers do.
            properties.Add(new("fourCcList", AmfValue.FromStrictArray("avc1", "hvc1", "av01")));
        }

        var objectEncoding = command.CommandObject.GetNumber("objectEncoding") ?? 0;
        WriteCommand("_result", command.TransactionId, AmfValue.FromObject([.. properties]), AmfValue.FromObject(
            new("level", "status"),
            new("code", "NetConnection.Connect.Success"),
            new("description", "Connection succeeded."),
            new("objectEncoding", objectEncoding)));
    }

    private async Task HandlePublishAsync(RtmpCommand command)
    {
        var streamId = command.MessageStreamId;
        if (_session is not null)
        {
            WriteOnStatus("error", "NetStream.Publish.BadName", "this connection is already publishing", streamId);
            return;
        }

        var streamKey = RtmpStreamNames.NormalizeStreamName(command.Argument(0).String);
        if (streamKey.Length == 0)
        {
            Refuse(RtmpProtocolError.BadStreamName, "NetStream.Publish.BadName",
                "empty stream key: publish to rtmp://<host>/live/<stream key>", streamId);
        }

        // The validator is asked even with open publishing, so a key the catalog issued publishes under
        // its event's playback name on a fresh install too; open publishing only changes what happens to
        // a key it does not know (published under its own name instead of refused).
        var decision = await _validator.ValidateAsync(_app!, streamKey, _connectionClosed);
        string playbackName;
        if (decision.IsAccepted)
        {
            playbackName = decision.PlaybackName!;
        }
        else if (!_options.RequireStreamKey)
        {
            playbackName = streamKey;
        }
        else
        {
            // A pause before answering makes guessing keys slow.
            await Task.Delay(_options.RefusedKeyDelayMs, _connectionClosed);
            Refuse(RtmpProtocolError.StreamKeyRefused, "NetStream.Publish.Denied",
                $"stream key refused: {decision.RefusalReason}", streamId);
            return; // Refuse throws; the return tells definite assignment so.
        }

        if (!_options.RequireStreamKey && playbackName == streamKey)
        {
            RtmpLog.OpenPublishing(_logger, _app!, streamKey, _remote);
        }

        var session = _sink.BeginPublish(playbackName, _remote, out var refusalReason);
        if (session is null)
        {
            Refuse(RtmpProtocolError.StreamAlreadyLive, "NetStream.Publish.BadName",
                refusalReason ?? $"stream '{playbackName}' is already being published", streamId);
        }

        _session = session;
        _playbackName = playbackName;
        RtmpLog.PublishStarted(_logger, playbackName, _remote, _app!);
        RtmpChunkWriter.WriteUserControl(_output, RtmpUserControlEvent.StreamBegin, streamId, _outgoingChunkSize);
        WriteOnStatus("status", "NetStream.Publish.Start", $"'{playbackName}' is now published.", streamId);
        if (_pendingMetadata is { } metadata)
        {
            _pendingMetadata = null;
            try
            {
                session.OnMetadata(metadata);
            }
            catch (Exception exception)
            {
                FailSession(exception);
            }
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Refuse(RtmpProtocolError reason, string code, string description, uint streamId)
    {
        WriteOnStatus("error", code, description, streamId);
        RtmpThrow.ProtocolError(reason, description);
    }

    private void EndPublish()
    {
        var session = _session;
        if (session is null)
        {
            return;
        }

        _session = null;
        RtmpLog.PublishEnded(_logger, _playbackName!, _remote);
        session.Dispose();
    }

    private void WriteCommand(string name, double transactionId, AmfValue commandObject, AmfValue argument) =>
        RtmpChunkWriter.WriteAmf0Message(_output, RtmpChunkWriter.CommandChunkStreamId, RtmpMessageType.CommandAmf0, 0,
            [name, transactionId, commandObject, argument], _outgoingChunkSize);

    private void WriteOnStatus(string level, string code, string description, uint streamId = MessageStreamId) =>
        RtmpChunkWriter.WriteAmf0Message(_output, RtmpChunkWriter.StreamChunkStreamId, RtmpMessageType.CommandAmf0, streamId,
            ["onStatus", 0d, AmfValue.Null, AmfValue.FromObject(
                new("level", level), new("code", code), new("description", description))],
            _outgoingChunkSize);

    // Pooled builder: this is awaited once per receive, so its state machine is not allocated each time.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> ReadAsync(RtmpProtocolError timeoutReason, string timeoutDetail)
    {
        try
        {
            return await _input.ReadAsync(_readTimeout.Token);
        }
        catch (OperationCanceledException) when (_readTimeout.IsCancellationRequested)
        {
            throw new RtmpProtocolException(timeoutReason, timeoutDetail);
        }
    }
}
