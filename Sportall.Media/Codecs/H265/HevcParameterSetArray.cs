namespace Sportall.Media.Codecs.H265;

/// <summary>One array of an hvcC: NAL units of one type (32 VPS, 33 SPS, 34 PPS, 39/40 SEI).</summary>
public sealed record HevcParameterSetArray(bool ArrayCompleteness, byte NalUnitType, IReadOnlyList<byte[]> NalUnits);
