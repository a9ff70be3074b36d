using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sportall.Portal.Caching;
using Sportall.Portal.Catalog;
using Sportall.Portal.Catalog.LiteDb;
using Sportall.Portal.Catalog.Mongo;
using Sportall.Portal.Editing;
using Sportall.Portal.Identity;
using Sportall.Portal.Ingest;
using Sportall.Portal.Localization;
using Sportall.Portal.Tenancy;

namespace Sportall.Portal.Hosting;

/// <summary>Composes the portal into a host: <c>services.AddSportallPortal(configuration)</c>, then <c>app.MapSportallPortal()</c>.</summary>
public static class PortalHosting
{
    public const string CatalogFileName = "portal.litedb";

    public static IServiceCollection AddSportallPortal(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(PortalOptions.SectionName);
        services.Configure<PortalOptions>(section);
        var options = section.Get<PortalOptions>() ?? new PortalOptions();
        var dataPath = Path.GetFullPath(options.DataPath ?? configuration["Packager:DataPath"] ?? "data");

        services.TryAddSingleton(TimeProvider.System);
        // Every catalog call is a span of the caller's trace (ActivitySource "Sportall.Portal.Catalog"),
        // whichever store runs underneath; without a listener the wrapper costs one null check.
        services.AddSingleton<ICatalogStore>(sp => options.Store.ToLowerInvariant() switch
        {
            "litedb" => new TracingCatalogStore(new LiteDbCatalogStore(Path.Combine(dataPath, CatalogFileName)), "litedb"),
            "mongodb" => new TracingCatalogStore(new MongoCatalogStore(
                options.MongoConnectionString ?? throw new InvalidOperationException("Portal:Store=mongodb needs Portal:MongoConnectionString."),
                options.MongoDatabase,
                sp.GetService<ICatalogCommandObserver>()), "mongodb"),
            _ => throw new InvalidOperationException($"Portal:Store '{options.Store}' is unknown: use 'litedb' or 'mongodb'."),
        });
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<StreamKeyDirectory>();
        services.AddSingleton<IStreamKeyLookup>(sp => sp.GetRequiredService<StreamKeyDirectory>());
        services.AddSingleton<CatalogEditor>();
        services.AddSingleton<ILiveStatusSink>(sp => sp.GetRequiredService<CatalogEditor>());
        services.AddSingleton<IReplayRegistry>(sp => sp.GetRequiredService<CatalogEditor>());
        services.AddSingleton<SetupToken>();
        services.AddHostedService<PortalBootstrapper>();

        // Cookie and anti-forgery keys survive restarts (signed-in editors stay signed in).
        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataPath, "portal-keys")))
            .SetApplicationName("Sportall.Portal");

        services.AddIdentityCore<PortalUser>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B 5.1.1.2): a passphrase of 12+ characters.
                identity.Password.RequiredLength = 12;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireDigit = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireLowercase = false;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = options.MaxFailedSignIns;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(options.LockoutMinutes);
            })
            .AddSignInManager()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>();
        services.AddScoped<IUserStore<PortalUser>, CatalogUserStore>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/signin";
            cookie.AccessDeniedPath = "/account/denied";
            cookie.Cookie.Name = "sportall.auth";
            // One sign-in for the whole site: without this the cookie would be scoped to /t/<slug>.
            cookie.Cookie.Path = "/";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = options.RequireSecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "sportall.af";
            antiforgery.Cookie.Path = "/";
            antiforgery.Cookie.SecurePolicy = options.RequireSecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthorization();

        services.AddLocalization(localization => localization.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(localization =>
        {
            localization.SetDefaultCulture(PortalCultures.Default);
            localization.AddSupportedCultures(PortalCultures.Supported);
            localization.AddSupportedUICultures(PortalCultures.Supported);
            localization.FallBackToParentCultures = true;
            localization.FallBackToParentUICultures = true;
            // The visitor's explicit choice (?culture=, then the switcher's cookie), their browser's
            // Accept-Language, then the tenant's default language.
            localization.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
                new TenantCultureProvider(),
            ];
        });

        services.AddOutputCache(cache =>
            cache.AddPolicy(TenantOutputCachePolicy.Name, new TenantOutputCachePolicy(TimeSpan.FromSeconds(options.PublicCacheSeconds))));

        services.AddRazorPages(pages =>
            {
                pages.Conventions.AuthorizeFolder("/Admin");
            })
            .AddApplicationPart(typeof(PortalHosting).Assembly);
        return services;
    }

    /// <summary>
    /// Adds the portal's middleware (tenant → language → routing → sign-in → output cache) and its pages.
    /// Call it after endpoints that must not see tenant resolution have been mapped; it calls UseRouting.
    /// </summary>
    public static WebApplication MapSportallPortal(this WebApplication app)
    {
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseRequestLocalization(app.Services.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseOutputCache();
        app.MapRazorPages();
        app.MapPortalEndpoints();
        return app;
    }
}
