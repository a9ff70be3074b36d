using Microsoft.Extensions.Options;
using Sportall.MediaServer.Packaging;

namespace Sportall.MediaServer.Transcoding;

public static class TranscodingServiceCollectionExtensions
{
    /// <summary>The transcoding ladder (section <c>Transcoding</c>); the packaging service takes the renditions.</summary>
    public static IServiceCollection AddTranscoding(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TranscodingOptions>(configuration.GetSection(TranscodingOptions.SectionName));
        services.AddSingleton<IFfmpegProbeRunner>(sp => new FfmpegProbeRunner(sp.GetRequiredService<IOptions<TranscodingOptions>>().Value.FfmpegPath));
        services.AddSingleton<HardwareAccelerationDetector>();
        services.AddSingleton<ILiveRenditionSink>(sp => sp.GetRequiredService<LivePackagingService>());
        services.AddSingleton<TranscodingService>();
        services.AddHostedService(sp => sp.GetRequiredService<TranscodingService>());
        return services;
    }
}
