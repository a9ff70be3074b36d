using Microsoft.AspNetCore.Mvc;
using Sportall.Portal.Catalog;
using Sportall.Portal.Editing;

namespace Sportall.Portal.Pages.Admin;

public sealed class EventsModel(CatalogEditor editor) : TenantPageModel(editor.Store)
{
    [BindProperty] public EventForm Form { get; set; } = new();
    public IReadOnlyList<SportEvent> Events { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string tenantId, CancellationToken ct)
    {
        if (await AuthorizeTenantAsync(tenantId, adminOnly: false, ct) is { } denied) return denied;
        Events = await Store.ListEventsAsync(tenantId, new EventQuery(), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string tenantId, CancellationToken ct)
    {
        if (await AuthorizeTenantAsync(tenantId, adminOnly: false, ct) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(Form.Title)) return BadRequest();
        var e = new SportEvent { TenantId = tenantId };
        Form.ApplyTo(e);
        await editor.SaveEventAsync(e, ct);
        return Redirect($"/admin/tenants/{tenantId}/events/{e.Id}");
    }
}
