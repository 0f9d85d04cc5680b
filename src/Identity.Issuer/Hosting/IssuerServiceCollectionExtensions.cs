using Identity.Issuer.Citizens;
using Identity.Issuer.Configuration;
using Identity.Issuer.Data;
using Identity.Issuer.Keys;
using Identity.Issuer.Login;
using Identity.Issuer.Oidc;
using Identity.Issuer.Oidc.Handlers;
using Identity.State;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Issuer.Hosting;

/// <summary>Registers the OpenID Provider.</summary>
public static class IssuerServiceCollectionExtensions
{
    /// <summary>The cookie scheme of the citizen's session at the provider.</summary>
    public const string CitizenScheme = "Identity.Citizen";

    /// <summary>Registers the provider: options, state, database, keys, OpenIddict, citizen pages. Safe to call twice.</summary>
    public static IServiceCollection AddIdentityIssuer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(KeyMaterial)))
        {
            return services;
        }

        services.AddOptions<IssuerOptions>().Bind(configuration.GetSection(IssuerOptions.SectionName)).ValidateOnStart();
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IssuerOptions>, IssuerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());

        services.AddIdentityState(configuration);
        services.TryAddSingleton<DataFolder>();
        services.TryAddSingleton<KeyMaterial>();
        services.TryAddSingleton<PairwiseSubject>();
        services.AddCitizenDirectory(configuration);
        services.TryAddSingleton<LoginThrottle>();
        services.TryAddSingleton<CitizenSessions>();
        services.TryAddScoped<ClientSectors>();
        services.TryAddScoped<CitizenPrincipals>();
        services.TryAddScoped<DatabaseMigrator>();
        services.AddHostedService<DatabaseInitializer>();
        services.TryAddSingleton<SqliteWriteGate>();

        // Pooled: OpenIddict's stores take the context on every token request, and a pooled one skips building its services again.
        services.AddDbContextPool<IssuerDbContext>((provider, options) =>
        {
            var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var connectionString = IssuerDatabase.IsPostgreSql(database.Provider)
                ? configuration.GetConnectionString("Identity")
                : IssuerDatabase.SqliteConnectionString(provider.GetRequiredService<DataFolder>().PrivateFile("issuer.db"));
            IssuerDatabase.Configure(options, database.Provider, connectionString);
            if (!IssuerDatabase.IsPostgreSql(database.Provider))
            {
                options.AddInterceptors(SqliteJournal.Instance, provider.GetRequiredService<SqliteWriteGate>());
            }
        });

        // Cookies and antiforgery tokens must be readable by every replica: the key ring goes to Redis when configured, else to
        // <data folder>/data-protection.
        var contentRoot = configuration[HostDefaults.ContentRootKey] ?? Directory.GetCurrentDirectory();
        services.AddIdentityDataProtection(configuration, DataFolder.Resolve(configuration[IssuerOptions.SectionName + ":DataPath"], contentRoot), "identity-issuer");

        AddOpenIddict(services);
        services.TryAddSingleton<ClientRegistrationCache>();
        services.Replace(ServiceDescriptor.Scoped<IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication>, SharedApplicationCache>());
        Dpop.DpopServiceCollectionExtensions.AddDpop(services);
        Oid4Vci.Oid4VciServiceCollectionExtensions.AddOid4Vci(services, configuration);

        services.AddAuthentication(CitizenScheme).AddCookie(CitizenScheme, options =>
        {
            options.Cookie.Name = "citizen_session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/login";
            options.LogoutPath = "/connect/endsession";
            options.ExpireTimeSpan = CitizenSessions.CookieLifetime;
            options.SlidingExpiration = false;
            // A cookie of a login that has logged out opens nothing, even a copy saved before the logout.
            options.Events.OnValidatePrincipal = CitizenSessions.ValidateAsync;
        });
        services.AddTransportSecurity();
        services.AddAuthorization();
        services.AddRazorPages();
        // French text stays readable in the HTML source (Razor still encodes markup characters).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddHealthChecks();
        StatusLists.CredentialStatusServiceCollectionExtensions.AddCredentialStatus(services, configuration);
        return services;
    }

    private static void AddOpenIddict(IServiceCollection services)
    {
        services.AddOpenIddict()
            .AddCore(options =>
            {
                options.UseEntityFrameworkCore().UseDbContext<IssuerDbContext>();
                options.ReplaceApplicationManager<OpenIddictEntityFrameworkCoreApplication, CachingApplicationManager>();
            })
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("connect/authorize")
                    .SetPushedAuthorizationEndpointUris("connect/par")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetEndSessionEndpointUris("connect/endsession")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks")
                    // OpenID4VCI §12.2.4 points wallets at OAuth 2.0 Authorization Server Metadata (RFC 8414 §3); same document.
                    .SetConfigurationEndpointUris(".well-known/openid-configuration", ".well-known/oauth-authorization-server");

                // Code flow only (RFC 9700 §2.1.2: no implicit; §2.4: no password grant), PKCE required.
                options.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                options.RequireProofKeyForCodeExchange();
                options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Address, Scopes.OfflineAccess, ScopeClaims.BirthdateScope);
                options.RegisterClaims(Claims.Subject, Claims.AuthenticationContextReference, Claims.AuthenticationTime, Claims.GivenName,
                    Claims.FamilyName, Claims.Birthdate, Claims.Address, Claims.Email, Claims.EmailVerified);

                // Access tokens are signed JWTs (RFC 9068 style) that resource servers validate with the JWKS; they carry no personal
                // claims. Codes, refresh tokens and request URIs stay encrypted with the server's own key.
                options.DisableAccessTokenEncryption();

                options.AddEventHandler(RejectReplayedClientAssertion.Descriptor);
                options.AddEventHandler(AttachProviderMetadata.Descriptor);
                options.AddEventHandler(SkipStorageOfUnrevokedTokens.Descriptor);
                options.AddEventHandler(AcceptGenericClientAssertionType.WidenValidTypes.Descriptor);
                options.AddEventHandler(AcceptGenericClientAssertionType.RestoreTokenType.Descriptor);

                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableStatusCodePagesIntegration();
            });

        services.AddOptions<OpenIddictServerOptions>().Configure<KeyMaterial, IOptions<IssuerOptions>, TimeProvider>((options, keys, issuer, time) =>
        {
            var settings = issuer.Value;
            options.TimeProvider = time;
            if (!string.IsNullOrEmpty(settings.IssuerUri))
            {
                options.Issuer = new Uri(settings.IssuerUri, UriKind.Absolute);
            }

            options.SigningCredentials.Add(keys.SigningCredentials);
            options.EncryptionCredentials.Add(new EncryptingCredentials(keys.EncryptionKey, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));

            // RFC 9700 §2.1.1: S256 only; "plain" is refused.
            options.CodeChallengeMethods.Clear();
            options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
            options.ClientAuthenticationMethods.Clear();
            options.ClientAuthenticationMethods.Add(ClientAuthenticationMethods.ClientSecretBasic);
            options.ClientAuthenticationMethods.Add(ClientAuthenticationMethods.PrivateKeyJwt);
            // OpenID Connect Core §8: only pairwise subjects are issued.
            options.SubjectTypes.Clear();
            options.SubjectTypes.Add(SubjectTypes.Pairwise);
            // OIDC Core §3.1.2.1: none, login and consent are honoured by the authorization page (and advertised in
            // prompt_values_supported); select_account is not, as a browser holds one citizen session.
            options.PromptValues.Clear();
            options.PromptValues.Add(PromptValues.None);
            options.PromptValues.Add(PromptValues.Login);
            options.PromptValues.Add(PromptValues.Consent);

            options.AuthorizationCodeLifetime = settings.AuthorizationCodeLifetime;
            options.AccessTokenLifetime = settings.AccessTokenLifetime;
            options.IdentityTokenLifetime = settings.IdentityTokenLifetime;
            options.RefreshTokenLifetime = settings.RefreshTokenLifetime;
            options.RequestTokenLifetime = settings.PushedRequestLifetime;
            options.RefreshTokenReuseLeeway = settings.RefreshTokenReuseLeeway;
            options.RequirePushedAuthorizationRequests = settings.RequirePushedAuthorizationRequests;
        });

        services.AddOptions<OpenIddictServerAspNetCoreOptions>().Configure<IOptions<IssuerOptions>, IHostEnvironment>((options, issuer, environment) =>
            // Plain http only on a developer machine; production refuses it (OpenIddict's default).
            options.DisableTransportSecurityRequirement = environment.IsDevelopment() || issuer.Value.AllowInsecureHttp);
    }
}
