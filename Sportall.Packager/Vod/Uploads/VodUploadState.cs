using System.Text.Json.Serialization;

namespace Sportall.Packager.Vod.Uploads;

/// <summary>Where an upload stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VodUploadState>))]
public enum VodUploadState
{
    /// <summary>Created; the file has not started arriving (two-step uploads).</summary>
    Created,

    /// <summary>The body is streaming into the store.</summary>
    Receiving,

    /// <summary>Stored; the moov is being read into the sample index.</summary>
    Indexing,

    /// <summary>Servable under /vod/{assetId}/.</summary>
    Ready,

    /// <summary>Refused or broken off; <see cref="VodUploadStatus.Error"/> says why. Nothing is kept in the store.</summary>
    Failed,
}
