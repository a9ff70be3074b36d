using Microsoft.AspNetCore.Identity;
using Sportall.Portal.Catalog;

namespace Sportall.Portal.Identity;

/// <summary>ASP.NET Core Identity's user store over the catalog (no Entity Framework, no SQL server).</summary>
public sealed class CatalogUserStore(ICatalogStore store) :
    IUserPasswordStore<PortalUser>,
    IUserEmailStore<PortalUser>,
    IUserLockoutStore<PortalUser>,
    IUserSecurityStampStore<PortalUser>
{
    public Task<string> GetUserIdAsync(PortalUser user, CancellationToken ct) => Task.FromResult(user.Id);
    public Task<string?> GetUserNameAsync(PortalUser user, CancellationToken ct) => Task.FromResult<string?>(user.Email);
    public Task SetUserNameAsync(PortalUser user, string? userName, CancellationToken ct)
    {
        user.Email = userName ?? "";
        return Task.CompletedTask;
    }
    public Task<string?> GetNormalizedUserNameAsync(PortalUser user, CancellationToken ct) => Task.FromResult<string?>(user.NormalizedEmail);
    public Task SetNormalizedUserNameAsync(PortalUser user, string? normalizedName, CancellationToken ct)
    {
        user.NormalizedEmail = normalizedName ?? "";
        return Task.CompletedTask;
    }

    public async Task<IdentityResult> CreateAsync(PortalUser user, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(user.Id)) user.Id = Guid.NewGuid().ToString("N");
        return await SaveAsync(user, ct);
    }

    public Task<IdentityResult> UpdateAsync(PortalUser user, CancellationToken ct) => SaveAsync(user, ct);

    public async Task<IdentityResult> DeleteAsync(PortalUser user, CancellationToken ct)
    {
        await store.DeleteUserAsync(user.Id, ct);
        return IdentityResult.Success;
    }

    public Task<PortalUser?> FindByIdAsync(string userId, CancellationToken ct) => store.GetUserAsync(userId, ct);
    public Task<PortalUser?> FindByNameAsync(string normalizedUserName, CancellationToken ct) => store.FindUserByNormalizedEmailAsync(normalizedUserName, ct);

    public Task SetPasswordHashAsync(PortalUser user, string? passwordHash, CancellationToken ct)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }
    public Task<string?> GetPasswordHashAsync(PortalUser user, CancellationToken ct) => Task.FromResult(user.PasswordHash);
    public Task<bool> HasPasswordAsync(PortalUser user, CancellationToken ct) => Task.FromResult(user.PasswordHash is not null);

    public Task SetEmailAsync(PortalUser user, string? email, CancellationToken ct)
    {
        user.Email = email ?? "";
        return Task.CompletedTask;
    }
    public Task<string?> GetEmailAsync(PortalUser user, CancellationToken ct) => Task.FromResult<string?>(user.Email);

    // Accounts are created by an admin who knows the address; no confirmation mail exists to send.
    public Task<bool> GetEmailConfirmedAsync(PortalUser user, CancellationToken ct) => Task.FromResult(true);
    public Task SetEmailConfirmedAsync(PortalUser user, bool confirmed, CancellationToken ct) => Task.CompletedTask;
    public Task<PortalUser?> FindByEmailAsync(string normalizedEmail, CancellationToken ct) => store.FindUserByNormalizedEmailAsync(normalizedEmail, ct);
    public Task<string?> GetNormalizedEmailAsync(PortalUser user, CancellationToken ct) => Task.FromResult<string?>(user.NormalizedEmail);
    public Task SetNormalizedEmailAsync(PortalUser user, string? normalizedEmail, CancellationToken ct)
    {
        user.NormalizedEmail = normalizedEmail ?? "";
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(PortalUser user, CancellationToken ct) =>
        Task.FromResult<DateTimeOffset?>(user.LockoutEndUtc is { } end ? new DateTimeOffset(DateTime.SpecifyKind(end, DateTimeKind.Utc)) : null);
    public Task SetLockoutEndDateAsync(PortalUser user, DateTimeOffset? lockoutEnd, CancellationToken ct)
    {
        user.LockoutEndUtc = lockoutEnd?.UtcDateTime;
        return Task.CompletedTask;
    }
    public Task<int> IncrementAccessFailedCountAsync(PortalUser user, CancellationToken ct) => Task.FromResult(++user.AccessFailedCount);
    public Task ResetAccessFailedCountAsync(PortalUser user, CancellationToken ct)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }
    public Task<int> GetAccessFailedCountAsync(PortalUser user, CancellationToken ct) => Task.FromResult(user.AccessFailedCount);
    public Task<bool> GetLockoutEnabledAsync(PortalUser user, CancellationToken ct) => Task.FromResult(user.LockoutEnabled);
    public Task SetLockoutEnabledAsync(PortalUser user, bool enabled, CancellationToken ct)
    {
        user.LockoutEnabled = enabled;
        return Task.CompletedTask;
    }

    public Task SetSecurityStampAsync(PortalUser user, string stamp, CancellationToken ct)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }
    public Task<string?> GetSecurityStampAsync(PortalUser user, CancellationToken ct) => Task.FromResult<string?>(user.SecurityStamp);

    private async Task<IdentityResult> SaveAsync(PortalUser user, CancellationToken ct)
    {
        try
        {
            await store.SaveUserAsync(user, ct);
            return IdentityResult.Success;
        }
        catch (CatalogConflictException ex)
        {
            return IdentityResult.Failed(new IdentityError { Code = "DuplicateEmail", Description = ex.Message });
        }
    }

    public void Dispose()
    {
    }
}
