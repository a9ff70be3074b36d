using Microsoft.Extensions.Options;

namespace Sportall.MediaServer.Transcoding;

public static class TranscodingEndpoints
{
    /// <summary>
    /// <c>GET /live/{name}/poster.jpg</c>: the stream's latest poster frame. FFmpeg rewrites the file in place,
    /// so it is read whole into memory first; a torn read (rare) is a broken JPEG for one refresh.
    /// </summary>
    public static IEndpointRouteBuilder MapTranscoding(this IEndpointRouteBuilder app)
    {
        app.MapGet("/live/{name}/poster.jpg", async (string name, TranscodingService service, HttpContext context) =>
        {
            if (!Hub.StreamHub.IsValidName(name)) return Results.NotFound();
            var path = service.PosterPathOf(name);
            if (!File.Exists(path)) return Results.NotFound();
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(path, context.RequestAborted).ConfigureAwait(false);
            }
            catch (IOException)
            {
                return Results.NotFound();
            }
            context.Response.Headers.CacheControl = "max-age=1";
            return Results.Bytes(bytes, "image/jpeg");
        });
        return app;
    }
}
