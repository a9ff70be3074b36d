namespace Sportall.Media.Amf;

/// <summary>Malformed or unsupported AMF0 data; <see cref="Reason"/> says which.</summary>
public sealed class AmfException : Exception
{
    public AmfException(AmfError reason, string message) : base(message) => Reason = reason;

    /// <summary>What was wrong with the data.</summary>
    public AmfError Reason { get; }
}
