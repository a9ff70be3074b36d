namespace Sportall.Media.Codecs;

/// <summary>Why a codec configuration record, parameter set or header was rejected.</summary>
public enum CodecFormatError
{
    /// <summary>The data ends before the structure does.</summary>
    Truncated,

    /// <summary>A version, marker or sync field has a value this parser does not know.</summary>
    UnsupportedVersion,

    /// <summary>A field holds a value the specification forbids or this implementation does not support.</summary>
    InvalidValue,

    /// <summary>A count or size exceeds a named limit of this implementation.</summary>
    LimitExceeded,

    /// <summary>A NAL unit or OBU of the wrong type was given.</summary>
    WrongUnitType,
}
