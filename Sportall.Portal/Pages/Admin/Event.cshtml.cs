using Microsoft.AspNetCore.Mvc;
using Sportall.Portal.Catalog;
using Sportall.Portal.Editing;
using Sportall.Portal.Identity;

namespace Sportall.Portal.Pages.Admin;

/// <summary>Edit, reschedule, postpone or cancel an event; its admins also manage the stream key.</summary>
public sealed class EventModel(CatalogEditor editor) : TenantPageModel(editor.Store)
{
    [BindProperty] public EventForm Form { get; set; } = new();
    public SportEvent Event { get; private set; } = null!;
    public bool CanSeeKeys { get; private set; }
    public string IngestHost => Request.Host.Host;

    public async Task<IActionResult> OnGetAsync(string tenantId, string id, CancellationToken ct)
    {
        if (await LoadAsync(tenantId, id, adminOnly: false, ct) is { } denied) return denied;
        Form = EventForm.From(Event);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string tenantId, string id, CancellationToken ct)
    {
        if (await LoadAsync(tenantId, id, adminOnly: false, ct) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(Form.Title)) return BadRequest();
        Form.ApplyTo(Event);
        await editor.SaveEventAsync(Event, ct);
        return Redirect($"/admin/tenants/{tenantId}/events/{id}");
    }

    public async Task<IActionResult> OnPostRotateAsync(string tenantId, string id, CancellationToken ct)
    {
        if (await LoadAsync(tenantId, id, adminOnly: true, ct) is { } denied) return denied;
        await editor.RotateStreamKeyAsync(tenantId, id, ct);
        return Redirect($"/admin/tenants/{tenantId}/events/{id}");
    }

    public async Task<IActionResult> OnPostRevokeAsync(string tenantId, string id, CancellationToken ct)
    {
        if (await LoadAsync(tenantId, id, adminOnly: true, ct) is { } denied) return denied;
        await editor.RevokeStreamKeyAsync(tenantId, id, ct);
        return Redirect($"/admin/tenants/{tenantId}/events/{id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string tenantId, string id, CancellationToken ct)
    {
        if (await LoadAsync(tenantId, id, adminOnly: false, ct) is { } denied) return denied;
        await editor.DeleteEventAsync(tenantId, id, ct);
        return Redirect($"/admin/tenants/{tenantId}/events");
    }

    private async Task<IActionResult?> LoadAsync(string tenantId, string id, bool adminOnly, CancellationToken ct)
    {
        if (await AuthorizeTenantAsync(tenantId, adminOnly, ct) is { } denied) return denied;
        if (await Store.GetEventAsync(tenantId, id, ct) is not { } e) return NotFound();
        Event = e;
        CanSeeKeys = User.CanAdminister(tenantId);
        return null;
    }
}
