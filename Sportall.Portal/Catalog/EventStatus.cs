namespace Sportall.Portal.Catalog;

public enum EventStatus
{
    Scheduled = 0,
    Live = 1,
    Postponed = 2,
    Cancelled = 3,
    Ended = 4,
}
