using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sportall.Portal.Catalog;
using Sportall.Portal.Editing;
using Sportall.Portal.Hosting;
using Sportall.Portal.Identity;
using Sportall.Portal.Localization;

namespace Sportall.Portal.Pages.Admin;

/// <summary>Creates a tenant (platform admin, route id "new") or edits its branding (its admins).</summary>
public sealed partial class TenantModel(CatalogEditor editor) : PageModel
{
    public const string NewId = "new";

    [BindProperty] public TenantForm Form { get; set; } = new();
    public bool IsNew { get; private set; }
    public bool Saved { get; private set; }
    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(string tenantId, bool saved, CancellationToken ct)
    {
        var (denied, tenant) = await LoadAsync(tenantId, ct);
        if (denied is not null) return denied;
        Saved = saved;
        if (tenant is not null)
        {
            Form = new TenantForm
            {
                Name = tenant.Name,
                Slug = tenant.Slug,
                Hosts = string.Join('\n', tenant.Hosts),
                PrimaryColor = tenant.PrimaryColor,
                AccentColor = tenant.AccentColor,
                DefaultCulture = tenant.DefaultCulture,
                FooterLinks = string.Join('\n', tenant.FooterLinks.Select(l => l.Text + "|" + l.Url)),
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string tenantId, IFormFile? logo, IFormFile? favicon, CancellationToken ct)
    {
        var (denied, tenant) = await LoadAsync(tenantId, ct);
        if (denied is not null) return denied;
        tenant ??= new Tenant();

        if (string.IsNullOrWhiteSpace(Form.Name)) Errors.Add("name is required");
        if (!ColorRules.IsValid(Form.PrimaryColor) || !ColorRules.IsValid(Form.AccentColor)) Errors.Add("colours must be #rrggbb");
        if (!PortalCultures.IsSupported(Form.DefaultCulture)) Errors.Add("language must be en or fr");
        // Slug and hosts decide which requests reach a tenant: only a platform admin may change them.
        if (User.IsPlatformAdmin())
        {
            var slug = (Form.Slug ?? "").Trim().ToLowerInvariant();
            if (!SlugPattern().IsMatch(slug)) Errors.Add("slug: lowercase letters, digits and '-'");
            tenant.Slug = slug;
            tenant.Hosts = Lines(Form.Hosts).Select(h => h.ToLowerInvariant()).Distinct().ToList();
            if (tenant.Hosts.Any(h => !HostPattern().IsMatch(h))) Errors.Add("host names: letters, digits, '-' and '.'");
        }
        var links = new List<FooterLink>();
        foreach (var line in Lines(Form.FooterLinks))
        {
            var bar = line.IndexOf('|');
            var url = bar < 0 ? "" : line[(bar + 1)..].Trim();
            // Only web links: a javascript: URL in a footer would run on every public page.
            if (bar <= 0 || !(url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith('/')))
            {
                Errors.Add($"footer link '{line}': use text|https://address");
                continue;
            }
            links.Add(new FooterLink { Text = line[..bar].Trim(), Url = url });
        }
        if (await ReadImageAsync(logo, BrandImageRules.MaxLogoBytes, "logo", ct) is { } newLogo) tenant.Logo = newLogo;
        if (await ReadImageAsync(favicon, BrandImageRules.MaxFaviconBytes, "favicon", ct) is { } newFavicon) tenant.Favicon = newFavicon;
        if (Errors.Count > 0)
        {
            IsNew = tenantId == NewId;
            return Page();
        }

        tenant.Name = Form.Name.Trim();
        tenant.PrimaryColor = Form.PrimaryColor;
        tenant.AccentColor = Form.AccentColor;
        tenant.DefaultCulture = Form.DefaultCulture;
        tenant.FooterLinks = links;
        try
        {
            await editor.SaveTenantAsync(tenant, ct);
        }
        catch (CatalogConflictException ex)
        {
            Errors.Add(ex.Message);
            IsNew = tenantId == NewId;
            return Page();
        }
        return Redirect($"/admin/tenants/{tenant.Id}?saved=true");
    }

    private async Task<(IActionResult? Denied, Tenant? Tenant)> LoadAsync(string tenantId, CancellationToken ct)
    {
        if (tenantId == NewId)
        {
            IsNew = true;
            return (User.IsPlatformAdmin() ? null : StatusCode(StatusCodes.Status403Forbidden), null);
        }
        if (!User.CanAdminister(tenantId)) return (StatusCode(StatusCodes.Status403Forbidden), null);
        var tenant = await editor.Store.GetTenantAsync(tenantId, ct);
        return tenant is null ? (NotFound(), null) : (null, tenant);
    }

    private async Task<BrandImage?> ReadImageAsync(IFormFile? file, int maxBytes, string what, CancellationToken ct)
    {
        if (file is null || file.Length == 0) return null;
        if (file.Length > maxBytes)
        {
            Errors.Add($"{what}: {maxBytes / 1024} KiB at most");
            return null;
        }
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        if (!BrandImageRules.TryCreate(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), maxBytes, out var image, out var error))
        {
            Errors.Add($"{what}: {error}");
        }
        return image;
    }

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,40}$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[a-z0-9.-]{1,253}$")]
    private static partial Regex HostPattern();
}
