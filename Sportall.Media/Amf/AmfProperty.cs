namespace Sportall.Media.Amf;

/// <summary>One name/value pair of an AMF0 object or ECMA array, in wire order.</summary>
public readonly record struct AmfProperty(string Name, AmfValue Value);
