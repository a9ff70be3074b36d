using System.Net;
using System.Text;
using Sportall.MediaServer.Hub;
using Sportall.Packager.Live;

namespace Sportall.MediaServer.Hosting;

/// <summary>
/// What is live on this node, with its player, HLS and DASH links, so a fresh install shows where to
/// watch what an encoder pushes: at <c>/</c> without the portal role, at <c>/streams</c> beside it.
/// </summary>
public static class LiveIndexPage
{
    public static WebApplication MapLiveIndexPage(this WebApplication app, string path = "/")
    {
        app.MapGet(path, (StreamHub hub, LiveStreamRegistry registry) =>
        {
            var html = new StringBuilder();
            html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sportall Media</title>")
                .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}td,th{padding:.3rem .8rem;text-align:left}</style>")
                .Append("</head><body><h1>Sportall Media</h1>");
            var streams = registry.Streams.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
            if (streams.Count == 0)
            {
                html.Append("<p>Nothing is live. Push with <code>ffmpeg … -f flv rtmp://HOST:1935/live/&lt;key&gt;</code> or OBS (server <code>rtmp://HOST:1935/live</code>).</p>");
            }
            else
            {
                html.Append("<table><tr><th>Stream</th><th>State</th><th>Source</th><th>Watch</th></tr>");
                foreach (var stream in streams)
                {
                    var name = WebUtility.HtmlEncode(stream.Name);
                    var snapshot = stream.Current;
                    var state = snapshot.Ended ? "ended" : snapshot.PublisherConnected ? "live" : "waiting for the encoder";
                    var source = hub.TryGet(stream.Name, out var live) ? WebUtility.HtmlEncode($"{live.Protocol} from {live.RemoteEndPoint}") : "";
                    html.Append("<tr><td>").Append(name).Append("</td><td>").Append(state).Append("</td><td>").Append(source)
                        .Append("</td><td><a href=\"/play/").Append(name).Append("\">player</a> · <a href=\"/live/").Append(name)
                        .Append("/index.m3u8\">HLS</a> · <a href=\"/live/").Append(name).Append("/index.mpd\">DASH</a></td></tr>");
                }
                html.Append("</table>");
            }
            html.Append("<p><a href=\"/metrics\">metrics</a> · <a href=\"/healthz\">health</a></p></body></html>");
            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        });
        return app;
    }
}
