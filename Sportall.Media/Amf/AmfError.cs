namespace Sportall.Media.Amf;

/// <summary>Why an AMF0 value could not be decoded.</summary>
public enum AmfError
{
    /// <summary>A marker this reader does not decode (reference, movie clip, record set, typed object, AMF3 switch).</summary>
    UnsupportedMarker,
    /// <summary>An object end marker (0x09) outside an object or ECMA array.</summary>
    UnexpectedObjectEnd,
    /// <summary>Objects and arrays nested deeper than <see cref="Amf0Reader.MaxDepth"/>.</summary>
    NestingTooDeep,
    /// <summary>A string or array longer than the reader's limit.</summary>
    LengthTooLarge,
}
