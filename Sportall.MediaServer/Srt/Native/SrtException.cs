namespace Sportall.MediaServer.Srt.Native;

/// <summary>A libsrt call failed: the operation, libsrt's error code and its message.</summary>
public sealed class SrtException : Exception
{
    internal SrtException(string operation, SrtErrorCode code, string message)
        : base($"{operation} failed: {message} (SRT error {(int)code})")
    {
        Operation = operation;
        ErrorCode = (int)code;
    }

    public string Operation { get; }

    /// <summary>libsrt's SRT_ERRNO (1000 × major + minor, e.g. 5015 = address already bound).</summary>
    public int ErrorCode { get; }
}
