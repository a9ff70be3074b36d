namespace Sportall.Portal.Tests.Infrastructure;

/// <summary>Tests that run ffmpeg against the all-in-one host: run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class EncoderCollection
{
    public const string Name = "encoder";
}
