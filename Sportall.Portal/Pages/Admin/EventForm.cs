using Sportall.Portal.Catalog;

namespace Sportall.Portal.Pages.Admin;

public sealed class EventForm
{
    public string Title { get; set; } = "";
    public string Sport { get; set; } = "";
    public string Competition { get; set; } = "";
    public string Venue { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>UTC, as the datetime-local input sends it.</summary>
    public DateTime ScheduledStart { get; set; } = DateTime.UtcNow.Date.AddDays(1).AddHours(10);

    public EventStatus Status { get; set; }
    public string StatusNote { get; set; } = "";

    public static EventForm From(SportEvent e) => new()
    {
        Title = e.Title,
        Sport = e.Sport,
        Competition = e.Competition,
        Venue = e.Venue,
        Description = e.Description,
        ScheduledStart = e.ScheduledStart,
        Status = e.Status,
        StatusNote = e.StatusNote,
    };

    // Model binding turns an empty field into null (MvcOptions ConvertEmptyStringToNull).
    public void ApplyTo(SportEvent e)
    {
        e.Title = Title?.Trim() ?? "";
        e.Sport = Sport?.Trim() ?? "";
        e.Competition = Competition?.Trim() ?? "";
        e.Venue = Venue?.Trim() ?? "";
        e.Description = Description?.Trim() ?? "";
        e.ScheduledStart = DateTime.SpecifyKind(ScheduledStart, DateTimeKind.Utc);
        e.Status = Status;
        e.StatusNote = StatusNote?.Trim() ?? "";
    }
}
