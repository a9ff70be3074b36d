using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sportall.Portal.Catalog;
using Sportall.Portal.Identity;

namespace Sportall.Portal.Pages;

/// <summary>First run without Portal:AdminEmail/AdminPassword: the logged one-time link creates the platform admin.</summary>
public sealed class SetupModel(SetupToken setup, UserManager<PortalUser> users, SignInManager<PortalUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    public List<string> Errors { get; } = [];

    public IActionResult OnGet() => setup.Matches(Token) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!setup.Matches(Token)) return NotFound();
        var admin = new PortalUser { Email = Email?.Trim() ?? "", Roles = [PortalRoles.PlatformAdmin] };
        var result = await users.CreateAsync(admin, Password ?? "");
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors.Select(e => e.Description));
            return Page();
        }
        setup.Spend();
        await signIn.SignInAsync(admin, isPersistent: false);
        return LocalRedirect("/admin");
    }
}
