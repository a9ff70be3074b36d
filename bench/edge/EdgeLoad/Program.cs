using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

// join  BASE_URL STREAM VIEWERS SECONDS CONNECTIONS  → JSON: join-time percentiles, errors
// hammer URL SECONDS CONCURRENCY                      → JSON: requests, bytes, errors
var mode = args[0];
var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = int.Parse(args[mode == "join" ? 5 : 3], CultureInfo.InvariantCulture),
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
    UseProxy = false,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
};
using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

if (mode == "join")
{
    var baseUri = new Uri(args[1]);
    string stream = args[2];
    int viewers = int.Parse(args[3], CultureInfo.InvariantCulture);
    double seconds = double.Parse(args[4], CultureInfo.InvariantCulture);
    var times = new double[viewers];
    int errors = 0;
    string? firstError = null;
    var clock = Stopwatch.StartNew();
    var tasks = new Task[viewers];
    for (int i = 0; i < viewers; i++)
    {
        // Viewers arrive evenly over the window (a notification fan-out is not faster than that).
        var due = TimeSpan.FromSeconds(seconds * i / viewers);
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
        int viewer = i;
        tasks[i] = Task.Run(async () =>
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                // multivariant → first variant's media playlist → its init segment → the newest part.
                var multivariantUri = new Uri(baseUri, $"live/{stream}/index.m3u8");
                var multivariant = await http.GetStringAsync(multivariantUri);
                var variant = multivariant.Split('\n').First(l => l.Length > 0 && !l.StartsWith('#')).Trim();
                var mediaUri = new Uri(multivariantUri, variant);
                var media = await http.GetStringAsync(mediaUri);
                var lines = media.Split('\n');
                var map = lines.First(l => l.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal));
                var part = lines.Last(l => l.StartsWith("#EXT-X-PART:", StringComparison.Ordinal));
                await http.GetByteArrayAsync(new Uri(mediaUri, Attribute(map, "URI")));
                await http.GetByteArrayAsync(new Uri(mediaUri, Attribute(part, "URI")));
                times[viewer] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            catch (Exception ex)
            {
                times[viewer] = double.NaN;
                Interlocked.Increment(ref errors);
                firstError ??= ex.Message;
            }
        });
    }
    await Task.WhenAll(tasks);
    var ok = times.Where(t => !double.IsNaN(t)).Order().ToArray();
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        viewers,
        window_s = seconds,
        wall_s = clock.Elapsed.TotalSeconds,
        errors,
        first_error = firstError,
        join_p50_ms = Percentile(ok, 0.50),
        join_p90_ms = Percentile(ok, 0.90),
        join_p99_ms = Percentile(ok, 0.99),
        join_max_ms = ok.Length > 0 ? ok[^1] : double.NaN,
    }));
}
else
{
    var uri = new Uri(args[1]);
    double seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
    int concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);
    long requests = 0, bytes = 0, errors = 0;
    var stop = Stopwatch.StartNew();
    var buffer = new byte[1 << 20];
    var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        var local = new byte[256 * 1024];
        while (stop.Elapsed.TotalSeconds < seconds)
        {
            try
            {
                using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
                await using var body = await response.Content.ReadAsStreamAsync();
                long n = 0;
                int read;
                while ((read = await body.ReadAsync(local)) > 0) n += read;
                if (response.IsSuccessStatusCode) { Interlocked.Increment(ref requests); Interlocked.Add(ref bytes, n); }
                else Interlocked.Increment(ref errors);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
        }
    })).ToArray();
    await Task.WhenAll(workers);
    Console.WriteLine(JsonSerializer.Serialize(new { url = uri.ToString(), seconds = stop.Elapsed.TotalSeconds, requests, bytes, errors }));
}

static string Attribute(string line, string name)
{
    int at = line.IndexOf(name + "=\"", StringComparison.Ordinal) + name.Length + 2;
    return line[at..line.IndexOf('"', at)];
}

static double Percentile(double[] sorted, double q) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
