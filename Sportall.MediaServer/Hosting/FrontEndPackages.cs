namespace Sportall.MediaServer.Hosting;

/// <summary>Serves the front-end packages embedded at build time from npm (hls.js for the player page).</summary>
public static partial class FrontEndPackages
{
    private const string HlsJs = "lib/hls.js/hls.min.js";

    public static WebApplication MapFrontEndPackages(this WebApplication app)
    {
        var assembly = typeof(FrontEndPackages).Assembly;
        using (var probe = assembly.GetManifestResourceStream(HlsJs))
        {
            if (probe is null)
            {
                LogMissing(app.Logger, HlsJs);
                return app;
            }
        }
        app.MapMethods("/" + HlsJs, ["GET", "HEAD"], (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Stream(assembly.GetManifestResourceStream(HlsJs)!, "text/javascript; charset=utf-8");
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Package} was not embedded at build time (npm unavailable?): the /play page is off. Run 'npm install' in Sportall.MediaServer and rebuild.")]
    private static partial void LogMissing(ILogger logger, string package);
}
