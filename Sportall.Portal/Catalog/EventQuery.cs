namespace Sportall.Portal.Catalog;

/// <summary>Events of one tenant whose scheduled start lies in [FromUtc, ToUtc), by start time.</summary>
public sealed record EventQuery(DateTime? FromUtc = null, DateTime? ToUtc = null, int Limit = 500);
