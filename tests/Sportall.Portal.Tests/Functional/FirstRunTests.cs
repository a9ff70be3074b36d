using System.Net;
using Sportall.Portal.Catalog;
using Sportall.Portal.Identity;
using Sportall.Portal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Sportall.Portal.Tests.Functional;

public sealed class FirstRunTests
{
    [Fact]
    public async Task WithoutConfiguredAdminAOneTimeSetupLinkCreatesIt()
    {
        await using var host = await PortalTestHost.StartAsync(withAdmin: false);
        Assert.False(await host.Store.AnyUserInRoleAsync(PortalRoles.PlatformAdmin, CancellationToken.None));
        var token = host.Services.GetRequiredService<SetupToken>().Value;
        Assert.NotNull(token);

        var client = host.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/setup?token=wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/setup")).StatusCode);
        var create = await PortalTestHost.PostFormAsync(client, $"/setup?token={token}", new Dictionary<string, string>
        {
            ["email"] = "owner@platform.example",
            ["password"] = PortalTestHost.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
        Assert.True(await host.Store.AnyUserInRoleAsync(PortalRoles.PlatformAdmin, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client().GetAsync($"/setup?token={token}")).StatusCode);
    }

    [Fact]
    public async Task ConfiguredAdminIsCreatedAndNoSetupLinkIsIssued()
    {
        await using var host = await PortalTestHost.StartAsync();
        Assert.Null(host.Services.GetRequiredService<SetupToken>().Value);
        var admin = await host.Store.FindUserByNormalizedEmailAsync(PortalTestHost.AdminEmail.ToUpperInvariant(), CancellationToken.None);
        Assert.Equal([PortalRoles.PlatformAdmin], admin!.Roles);
        Assert.NotEqual(PortalTestHost.Password, admin.PasswordHash);
    }
}
