using Microsoft.AspNetCore.Mvc.RazorPages;
using Sportall.Portal.Catalog;
using Sportall.Portal.Identity;
using Sportall.Portal.Tenancy;

namespace Sportall.Portal.Pages.Admin;

public sealed class IndexModel(TenantDirectory tenants) : PageModel
{
    public IReadOnlyList<Tenant> Tenants { get; private set; } = [];

    public void OnGet() =>
        Tenants = tenants.Current.Tenants.Where(t => User.CanEdit(t.Id)).ToList();
}
