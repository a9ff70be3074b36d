using Sportall.Media.Amf;

namespace Sportall.MediaServer.Rtmp;

/// <summary>
/// An AMF0 command message (RTMP 7.1.1): name, transaction id, command object, then arguments.
/// </summary>
public sealed record RtmpCommand(string Name, double TransactionId, AmfValue CommandObject, AmfValue[] Arguments, uint MessageStreamId)
{
    public AmfValue Argument(int index) => index < Arguments.Length ? Arguments[index] : AmfValue.Undefined;
}
