using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sportall.Packager.Recording;

/// <summary>One JSON shape for journals, manifests, index entries and the API: camelCase, enums as names.</summary>
internal static class RecordingJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    // Journal lines must stay on one line.
    public static readonly JsonSerializerOptions Line = new(Options) { WriteIndented = false };
}
