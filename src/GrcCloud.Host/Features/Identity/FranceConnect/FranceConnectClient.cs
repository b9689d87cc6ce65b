using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace GrcCloud.Host.Features.Identity.FranceConnect;

/// <summary>The identity FranceConnect certified, as userinfo gave it (claims may be missing or empty).</summary>
public sealed record FranceConnectIdentity(
    string Subject, string? GivenName, string? FamilyName, string? UsageName, string? BirthDate,
    string? Gender, string? BirthPlace, string? BirthCountry, string? Email, string IdToken);

public sealed class FranceConnectException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A FranceConnect v2 client written to its rules (franceconnect.md): only the whitelisted authorize
/// parameters, no PKCE, client_secret_post, id token and signed userinfo verified against the JWKS
/// (refreshed once when a key id is unknown), nonce, acr, issuer, audience and expiry checked.
/// </summary>
public sealed class FranceConnectClient(IHttpClientFactory httpClients)
{
    public const string Scopes = "openid given_name family_name preferred_username birthdate gender birthplace birthcountry email";
    private static readonly string[] AcceptedAcr = ["eidas1", "eidas2", "eidas3"];
    private static readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> Configurations = new();

    /// <summary>32 random bytes in hex: what FranceConnect asks for state and nonce.</summary>
    public static string NewRandom() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public async Task<string> AuthorizeUrlAsync(FranceConnectClientSettings settings, string redirectUri, string state, string nonce, CancellationToken cancellationToken)
    {
        var configuration = await ConfigurationAsync(settings, cancellationToken);
        var query = QueryString.Create(new KeyValuePair<string, string?>[]
        {
            new("response_type", "code"),
            new("client_id", settings.ClientId),
            new("redirect_uri", redirectUri),
            new("scope", Scopes),
            new("acr_values", "eidas1"),
            new("state", state),
            new("nonce", nonce),
            new("prompt", "login"),
        });
        return configuration.AuthorizationEndpoint + query;
    }

    public async Task<string> EndSessionUrlAsync(FranceConnectClientSettings settings, string idToken, string state, string postLogoutRedirectUri, CancellationToken cancellationToken)
    {
        var configuration = await ConfigurationAsync(settings, cancellationToken);
        return configuration.EndSessionEndpoint + QueryString.Create(new KeyValuePair<string, string?>[]
        {
            new("id_token_hint", idToken),
            new("state", state),
            new("post_logout_redirect_uri", postLogoutRedirectUri),
        });
    }

    /// <summary>Exchanges the code, verifies the id token and the signed userinfo, and returns the identity.</summary>
    public async Task<FranceConnectIdentity> CompleteAsync(FranceConnectClientSettings settings, string code, string redirectUri, string expectedNonce, CancellationToken cancellationToken)
    {
        var configuration = await ConfigurationAsync(settings, cancellationToken);
        var http = httpClients.CreateClient(nameof(FranceConnectClient));

        using var tokenResponse = await http.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = settings.ClientId,
            ["client_secret"] = settings.ClientSecret,
            ["redirect_uri"] = redirectUri,
            ["code"] = code,
        }), cancellationToken);
        var tokenJson = await tokenResponse.Content.ReadAsStringAsync(cancellationToken);
        if (!tokenResponse.IsSuccessStatusCode)
            throw new FranceConnectException($"FranceConnect a refusé l'échange du code ({(int)tokenResponse.StatusCode}) : {tokenJson}");
        using var tokens = JsonDocument.Parse(tokenJson);
        var idToken = tokens.RootElement.GetProperty("id_token").GetString()!;
        var accessToken = tokens.RootElement.GetProperty("access_token").GetString()!;

        var id = await ValidateAsync(settings, idToken, cancellationToken);
        if (!id.TryGetValue("nonce", out var nonce) || !CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(nonce?.ToString() ?? ""), System.Text.Encoding.UTF8.GetBytes(expectedNonce)))
            throw new FranceConnectException("le nonce du jeton d'identité ne correspond pas");
        if (!id.TryGetValue("acr", out var acr) || !AcceptedAcr.Contains(acr?.ToString()))
            throw new FranceConnectException("niveau d'authentification (acr) insuffisant");

        using var userinfoRequest = new HttpRequestMessage(HttpMethod.Get, configuration.UserInfoEndpoint);
        userinfoRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var userinfoResponse = await http.SendAsync(userinfoRequest, cancellationToken);
        var userinfoJwt = (await userinfoResponse.Content.ReadAsStringAsync(cancellationToken)).Trim();
        if (!userinfoResponse.IsSuccessStatusCode || userinfoResponse.Content.Headers.ContentType?.MediaType != "application/jwt")
            throw new FranceConnectException($"réponse userinfo inattendue ({(int)userinfoResponse.StatusCode})");
        // ASP.NET Core's handler would parse this JWT without checking its signature: verify it here.
        var info = await ValidateAsync(settings, userinfoJwt, cancellationToken);
        var subject = id["sub"]?.ToString();
        if (subject is null || (info.TryGetValue("sub", out var infoSub) ? infoSub?.ToString() : null) != subject)
            throw new FranceConnectException("le sujet de userinfo ne correspond pas au jeton d'identité");

        return new FranceConnectIdentity(
            subject, Text(info, "given_name"), Text(info, "family_name"), Text(info, "preferred_username"),
            Text(info, "birthdate"), Text(info, "gender"), Text(info, "birthplace"), Text(info, "birthcountry"),
            Text(info, "email"), idToken);
    }

    private async Task<IDictionary<string, object>> ValidateAsync(FranceConnectClientSettings settings, string jwt, CancellationToken cancellationToken)
    {
        var handler = new JsonWebTokenHandler();
        for (var attempt = 0; ; attempt++)
        {
            var configuration = await ConfigurationAsync(settings, cancellationToken);
            var result = await handler.ValidateTokenAsync(jwt, new TokenValidationParameters
            {
                ValidIssuer = configuration.Issuer,
                ValidAudience = settings.ClientId,
                IssuerSigningKeys = configuration.SigningKeys,
                ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256],
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromSeconds(30),
            });
            if (result.IsValid)
                return result.Claims;
            if (attempt == 0 && result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                // A key rotation at FranceConnect: fetch the key set again, then retry once. A new manager
                // fetches before answering (RequestRefresh would only refresh in the background).
                Configurations[settings.Issuer] = NewManager(settings.Issuer);
                continue;
            }
            throw new FranceConnectException($"jeton FranceConnect invalide : {result.Exception?.Message}", result.Exception);
        }
    }

    private Task<OpenIdConnectConfiguration> ConfigurationAsync(FranceConnectClientSettings settings, CancellationToken cancellationToken) =>
        Manager(settings).GetConfigurationAsync(cancellationToken);

    private ConfigurationManager<OpenIdConnectConfiguration> Manager(FranceConnectClientSettings settings) =>
        Configurations.GetOrAdd(settings.Issuer, NewManager);

    private ConfigurationManager<OpenIdConnectConfiguration> NewManager(string issuer) =>
        new(
            issuer.TrimEnd('/') + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(httpClients.CreateClient(nameof(FranceConnectClient)))
            {
                // Only the local simulator is served over plain HTTP.
                RequireHttps = issuer.StartsWith("https://", StringComparison.Ordinal),
            })
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(12),
            RefreshInterval = TimeSpan.FromSeconds(1),
        };

    private static string? Text(IDictionary<string, object> claims, string name) =>
        claims.TryGetValue(name, out var value) && value?.ToString() is { Length: > 0 } text ? text : null;
}
