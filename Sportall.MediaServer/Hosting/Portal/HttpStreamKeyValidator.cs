using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sportall.MediaServer.Ingest;
using Sportall.Portal.Ingest;

namespace Sportall.MediaServer.Hosting.Portal;

/// <summary>
/// Ingest's key check answered by a portal in another process (GET /api/internal/stream-keys/{key}).
/// SRT waits for the answer synchronously inside libsrt's handshake callback (at most
/// Ingest:SrtKeyValidationTimeoutMs), so answers are kept for a few seconds: an encoder's repeated
/// handshakes and reconnects answer from memory, and a first attempt that timed out still fills the
/// cache for the retry. A portal that cannot be reached refuses (not cached); with
/// Ingest:RequireStreamKey=false ingest then falls back to open publishing as for any unknown key.
/// </summary>
public sealed partial class HttpStreamKeyValidator(IHttpClientFactory http, TimeProvider time, ILogger<HttpStreamKeyValidator> logger)
    : IStreamKeyValidator
{
    /// <summary>
    /// How long an answer is reused: long enough to cover an SRT encoder's handshake retries, short
    /// enough that a rotated or revoked key stops publishing within seconds of the change.
    /// </summary>
    public static readonly TimeSpan AnswerLifetime = TimeSpan.FromSeconds(5);

    // Bounds memory under key guessing (every refused guess is kept for AnswerLifetime): past this many
    // answers the cache starts over, which costs only a round trip per key.
    private const int MaxCachedAnswers = 10_000;

    private static readonly StreamKeyDecision s_unknown = StreamKeyDecision.Refused("unknown or revoked stream key");

    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);

    public ValueTask<StreamKeyDecision> ValidateAsync(string app, string streamKey, CancellationToken ct)
    {
        var now = time.GetTimestamp();
        if (!_answers.TryGetValue(streamKey, out var answer) || answer.IsStale(now))
        {
            if (_answers.Count >= MaxCachedAnswers) _answers.Clear();
            var fresh = new Answer();
            answer = _answers.AddOrUpdate(streamKey, fresh, (_, old) => old.IsStale(now) ? fresh : old);
            if (ReferenceEquals(answer, fresh))
            {
                // Not bound to the caller's token: SRT cancels its wait after the timeout, and the answer
                // must still arrive for the encoder's next attempt. On the thread pool, so the request's
                // synchronous start (name resolution, connection set-up) never runs on SRT's receive thread.
                _ = Task.Run(() => FetchAsync(streamKey, fresh));
            }
        }
        var decision = answer.Decision.Task;
        return decision.IsCompletedSuccessfully ? ValueTask.FromResult(decision.Result) : new ValueTask<StreamKeyDecision>(decision.WaitAsync(ct));
    }

    private async Task FetchAsync(string streamKey, Answer answer)
    {
        StreamKeyDecision decision;
        var cacheable = true;
        try
        {
            var client = http.CreateClient(PortalInternalApi.HttpClientName);
            using var response = await client.GetAsync("api/internal/stream-keys/" + Uri.EscapeDataString(streamKey), HttpCompletionOption.ResponseContentRead);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                decision = s_unknown;
            }
            else if (!response.IsSuccessStatusCode)
            {
                // 401: the token differs between the portal and this node; a configuration error, not a key's fault.
                LogPortalRefused(logger, (int)response.StatusCode);
                decision = StreamKeyDecision.Refused($"the portal answered {(int)response.StatusCode}");
                cacheable = false;
            }
            else
            {
                var entry = await response.Content.ReadFromJsonAsync<StreamKeyEntry>(JsonSerializerOptions.Web)
                    ?? throw new JsonException("empty stream key entry");
                decision = StreamKeyDecision.Accepted(entry.PlaybackName) with { SrtPassphrase = entry.SrtPassphrase };
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException or ArgumentNullException)
        {
            LogPortalUnreachable(logger, ex);
            decision = StreamKeyDecision.Refused("the portal could not be reached");
            cacheable = false;
        }

        if (cacheable)
        {
            answer.ExpiresAt = time.GetTimestamp() + (long)(AnswerLifetime.TotalSeconds * time.TimestampFrequency);
        }
        else
        {
            answer.ExpiresAt = long.MinValue;
            _answers.TryRemove(KeyValuePair.Create(streamKey, answer));
        }
        answer.Decision.TrySetResult(decision);
    }

    /// <summary>One key's answer: pending (never stale, the request has its own timeout) or completed until ExpiresAt.</summary>
    private sealed class Answer
    {
        private long _expiresAt = long.MaxValue;

        public TaskCompletionSource<StreamKeyDecision> Decision { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long ExpiresAt
        {
            get => Volatile.Read(ref _expiresAt);
            set => Volatile.Write(ref _expiresAt, value);
        }

        public bool IsStale(long now) => now >= ExpiresAt;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal: the internal API answered {Status} to a stream key check (is Portal:InternalApiToken the same on both sides?).")]
    private static partial void LogPortalRefused(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal: the internal API could not be reached for a stream key check; the key is refused.")]
    private static partial void LogPortalUnreachable(ILogger logger, Exception exception);
}
