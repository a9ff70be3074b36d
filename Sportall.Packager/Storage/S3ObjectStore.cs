using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace Sportall.Packager.Storage;

/// <summary>
/// Objects in an S3-compatible bucket through the Minio SDK. Writes go through the SDK (a put of unknown
/// length becomes a multipart upload in 5 MiB parts); reads go through a presigned GET on our own
/// <see cref="HttpClient"/>, because Minio 7.0.0's ranged GetObject is broken (fixed in later releases) and its
/// callback-style GetObject cannot hand a live stream back to the caller without buffering.
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private const string DefaultContentType = "application/octet-stream";

    private readonly IMinioClient _client;
    private readonly HttpClient _http;
    private readonly string _bucket;
    private readonly int _presignedSeconds;
    private readonly SemaphoreSlim _bucketReady = new(1, 1);
    private volatile bool _bucketChecked;

    public S3ObjectStore(ObjectStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            throw new ArgumentException("Storage:Endpoint is required for the S3 store.", nameof(options));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Bucket);
        var (host, useSsl) = ParseEndpoint(options.Endpoint, options.UseSsl);
        _bucket = options.Bucket;
        _presignedSeconds = options.PresignedUrlSeconds;
        // Reads are long-lived streams (a recording can be hours): no overall timeout, cancellation ends them.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        // The SDK picks the addressing style itself: path style everywhere except amazonaws.com hosts, which is what
        // ForcePathStyle=true asks of MinIO, Ceph and s3rver; there is no switch for virtual-host style elsewhere.
        var client = new MinioClient()
            .WithEndpoint(host)
            .WithRegion(options.Region)
            .WithSSL(useSsl);
        if (!string.IsNullOrEmpty(options.AccessKey))
        {
            client = client.WithCredentials(options.AccessKey, options.SecretKey);
        }
        _client = client.Build();
    }

    public async Task PutAsync(string key, Stream content, long? length, string contentType, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        var args = new PutObjectArgs()
            .WithBucket(_bucket)
            .WithObject(key)
            .WithStreamData(content)
            .WithObjectSize(length ?? -1)
            .WithContentType(contentType);
        await _client.PutObjectAsync(args, cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        return GetAsync(key, range: null, cancellationToken);
    }

    public Task<Stream?> OpenReadRangeAsync(string key, long offset, long length, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        // RFC 9110 §14.1.2: byte-range positions are inclusive; a last position past the end is clipped by the server.
        return GetAsync(key, new RangeHeaderValue(offset, offset + length - 1), cancellationToken);
    }

    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stat = await _client.StatObjectAsync(new StatObjectArgs().WithBucket(_bucket).WithObject(key), cancellationToken).ConfigureAwait(false);
            return new ObjectInfo(key, stat.Size, string.IsNullOrEmpty(stat.ContentType) ? DefaultContentType : stat.ContentType, ToUtc(stat.LastModified));
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKey.ValidatePrefix(prefix);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        var args = new ListObjectsArgs().WithBucket(_bucket).WithPrefix(prefix).WithRecursive(true);
        await foreach (var item in _client.ListObjectsEnumAsync(args, cancellationToken).ConfigureAwait(false))
        {
            if (item.IsDir)
            {
                continue;
            }
            // A listing carries no content type; StatAsync has it when a caller needs it.
            yield return new ObjectInfo(item.Key, (long)item.Size, item.ContentType ?? DefaultContentType,
                item.LastModifiedDateTime is { } modified ? ToUtc(modified) : DateTimeOffset.MinValue);
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(_bucket).WithObject(key), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _http.Dispose();
        _client.Dispose();
        _bucketReady.Dispose();
    }

    private async Task<Stream?> GetAsync(string key, RangeHeaderValue? range, CancellationToken cancellationToken)
    {
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        var url = await _client.PresignedGetObjectAsync(new PresignedGetObjectArgs().WithBucket(_bucket).WithObject(key).WithExpiry(_presignedSeconds)).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = range;
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotFound:
                    response.Dispose();
                    return null;
                case HttpStatusCode.RequestedRangeNotSatisfiable:
                    throw new ArgumentOutOfRangeException("offset", range?.Ranges.First().From, $"The range starts past the end of '{key}'.");
                case HttpStatusCode.OK or HttpStatusCode.PartialContent when range is not null:
                    // Trust the body's own description, not our request: RFC 9110 §14.2 lets a server ignore Range
                    // (200, whole object), and s3rver 3.7.1 answers "bytes=0-0" with 206 and the whole object
                    // ("Content-Range: bytes 0-9/10"; it reads the end position 0 as "no end").
                    return await WindowAsync(response, key, range.Ranges.First(), cancellationToken).ConfigureAwait(false);
                case HttpStatusCode.OK:
                    // Disposing the content stream returns the connection; the response holds nothing else.
                    return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                default:
                    throw new HttpRequestException($"GET of '{key}' from bucket '{_bucket}' answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
            }
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task<Stream> WindowAsync(HttpResponseMessage response, string key, RangeItemHeaderValue range, CancellationToken cancellationToken)
    {
        var offset = range.From!.Value;
        var length = range.To!.Value - offset + 1;
        var headers = response.Content.Headers;
        long servedFrom = 0;
        var servedLength = headers.ContentLength;
        if (response.StatusCode == HttpStatusCode.PartialContent)
        {
            if (headers.ContentRange is not { From: { } from, To: { } to } || from > offset)
            {
                throw new HttpRequestException($"GET of '{key}' answered 206 with Content-Range '{headers.ContentRange}' for 'bytes={offset}-{range.To}'.");
            }
            servedFrom = from;
            servedLength = to - from + 1;
        }
        if (servedLength is { } served)
        {
            if (offset >= servedFrom + served)
            {
                throw new ArgumentOutOfRangeException(nameof(offset), offset, $"The range starts past the end of '{key}'.");
            }
            length = Math.Min(length, servedFrom + served - offset);
        }
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SkipAsync(body, offset - servedFrom, cancellationToken).ConfigureAwait(false);
            return new BoundedReadStream(body, length);
        }
        catch
        {
            await body.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task SkipAsync(Stream body, long count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (count > 0)
            {
                var n = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new EndOfStreamException("The object ended before the requested range.");
                }
                count -= n;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (_bucketChecked)
        {
            return;
        }
        await _bucketReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_bucketChecked)
            {
                if (!await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket), cancellationToken).ConfigureAwait(false))
                {
                    await _client.MakeBucketAsync(new MakeBucketArgs().WithBucket(_bucket), cancellationToken).ConfigureAwait(false);
                }
                _bucketChecked = true;
            }
        }
        finally
        {
            _bucketReady.Release();
        }
    }

    private static (string Host, bool UseSsl) ParseEndpoint(string endpoint, bool useSsl)
    {
        if (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return (uri.Authority, uri.Scheme == Uri.UriSchemeHttps);
        }
        return (endpoint, useSsl);
    }

    private static DateTimeOffset ToUtc(DateTime value) =>
        new(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime());
}
