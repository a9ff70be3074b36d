using System.Text.Json;

namespace Sportall.Packager.Delivery;

/// <summary>
/// The built-in test player at /play/{name}: hls.js in low-latency mode against this server's own
/// playlist, showing the playhead and the latency behind the live edge. hls.js is served from
/// /lib/hls.js/hls.min.js (copied from npm at build time), never from a CDN.
/// </summary>
internal static class PlayerPage
{
    private const string NamePlaceholder = "__STREAM_NAME_JSON__";

    private const string Template = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sportall live player</title>
        <link rel="icon" href="data:,">
        <style>
          body { font-family: system-ui, sans-serif; margin: 1rem; background: #111; color: #eee; }
          video { width: 100%; max-width: 960px; background: #000; display: block; }
          dl { display: grid; grid-template-columns: max-content auto; gap: .25rem 1rem; }
          dt { color: #999; }
        </style>
        </head>
        <body>
        <video id="video" controls muted autoplay playsinline></video>
        <dl>
          <dt>Stream</dt><dd id="stream"></dd>
          <dt>Current time</dt><dd id="currentTime">-</dd>
          <dt>Latency</dt><dd id="latency">-</dd>
          <dt>Target latency</dt><dd id="targetLatency">-</dd>
          <dt>Buffer ahead</dt><dd id="buffer">-</dd>
          <dt>Status</dt><dd id="status">loading</dd>
        </dl>
        <script src="/lib/hls.js/hls.min.js"></script>
        <script>
          const name = __STREAM_NAME_JSON__;
          const src = "/live/" + encodeURIComponent(name) + "/index.m3u8";
          const video = document.getElementById("video");
          const show = (id, text) => { document.getElementById(id).textContent = text; };
          show("stream", name);
          window.playerState = { currentTime: 0, latency: null, error: null };
          if (window.Hls && Hls.isSupported()) {
            const hls = new Hls({ lowLatencyMode: true, backBufferLength: 30 });
            window.hls = hls;
            hls.on(Hls.Events.ERROR, (_, data) => {
              window.playerState.error = data.details;
              show("status", (data.fatal ? "fatal: " : "error: ") + data.details);
            });
            hls.on(Hls.Events.MANIFEST_PARSED, () => { show("status", "playing"); video.play().catch(() => {}); });
            hls.loadSource(src);
            hls.attachMedia(video);
            setInterval(() => {
              window.playerState.currentTime = video.currentTime;
              window.playerState.latency = hls.latency;
              show("currentTime", video.currentTime.toFixed(3) + " s");
              show("latency", Number.isFinite(hls.latency) ? hls.latency.toFixed(3) + " s" : "-");
              show("targetLatency", Number.isFinite(hls.targetLatency) ? hls.targetLatency.toFixed(3) + " s" : "-");
              const b = video.buffered;
              show("buffer", b.length ? (b.end(b.length - 1) - video.currentTime).toFixed(3) + " s" : "-");
            }, 250);
          } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
            video.src = src;
            show("status", "native HLS");
            setInterval(() => { window.playerState.currentTime = video.currentTime; show("currentTime", video.currentTime.toFixed(3) + " s"); }, 250);
          } else {
            show("status", "HLS is not supported in this browser");
          }
        </script>
        </body>
        </html>
        """;

    /// <summary>The page for one stream; the name goes in as a JSON string literal (System.Text.Json escapes &lt;, &gt;, &amp;, quotes).</summary>
    public static string Render(string streamName) =>
        Template.Replace(NamePlaceholder, JsonSerializer.Serialize(streamName), StringComparison.Ordinal);
}
