using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sportall.Portal.Catalog;
using Sportall.Portal.Identity;
using Sportall.Portal.Ingest;
using Sportall.Portal.Tenancy;

namespace Sportall.Portal.Hosting;

/// <summary>
/// On start: indexes, the tenant map, the stream-key directory, and on a first run the platform admin
/// from configuration, or else a one-time set-up link in the log. There is never a default password.
/// </summary>
public sealed partial class PortalBootstrapper(
    ICatalogStore store,
    TenantDirectory tenants,
    StreamKeyDirectory keys,
    SetupToken setup,
    IServiceScopeFactory scopes,
    IOptions<PortalOptions> options,
    ILogger<PortalBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await store.InitializeAsync(ct);
        await tenants.ReloadAsync(ct);
        keys.Load(await store.ListEventsWithStreamKeysAsync(ct));
        if (await store.AnyUserInRoleAsync(PortalRoles.PlatformAdmin, ct)) return;

        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.AdminEmail) && !string.IsNullOrEmpty(o.AdminPassword))
        {
            using var scope = scopes.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var admin = new PortalUser { Email = o.AdminEmail.Trim(), Roles = [PortalRoles.PlatformAdmin] };
            var result = await users.CreateAsync(admin, o.AdminPassword);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("Portal:AdminEmail/AdminPassword could not create the platform admin: "
                    + string.Join("; ", result.Errors.Select(e => e.Description)));
            }
            LogAdminCreated(logger, admin.Email);
            return;
        }
        LogSetupLink(logger, "/setup?token=" + setup.Issue());
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Portal: platform admin {Email} created from configuration.")]
    private static partial void LogAdminCreated(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal: no platform admin yet. Open {SetupPath} on this server (one-time link, valid until used or the server restarts), or set Portal:AdminEmail and Portal:AdminPassword.")]
    private static partial void LogSetupLink(ILogger logger, string setupPath);
}
