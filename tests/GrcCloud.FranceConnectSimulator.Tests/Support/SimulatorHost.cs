using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GrcCloud.FranceConnectSimulator.Tests.Support;

/// <summary>A service provider registered for one test: a town with its own credentials and URIs.</summary>
public sealed record TestClient(string ClientId, string ClientSecret, string RedirectUri, string PostLogoutRedirectUri);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string IdToken);

/// <summary>
/// The simulator on a loopback port with a clock the test moves, driven over plain HTTP as a browser
/// and a service provider would: no redirect followed automatically.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    public const string DefaultScope = "openid profile birth email";

    private readonly WebApplication _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly List<HttpClient> _clients = [];

    private SimulatorHost(WebApplication app, FakeTime time, Uri baseAddress)
    {
        _app = app;
        Time = time;
        BaseAddress = baseAddress;
    }

    public FakeTime Time { get; }
    public Uri BaseAddress { get; }
    public string Issuer => new Uri(BaseAddress, "/api/v2").ToString();
    public IServiceProvider Services => _app.Services;
    public SimulatorClients Clients => Services.GetRequiredService<SimulatorClients>();
    public SimulatorSigningKeys Keys => Services.GetRequiredService<SimulatorSigningKeys>();

    /// <summary>Starts a simulator whose issuer follows the request (the port is only known once bound).</summary>
    public static async Task<SimulatorHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["FranceConnectSimulator:Issuer"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;

        var time = new FakeTime();
        var app = FranceConnectSimulatorApp.Build(["--urls=http://127.0.0.1:0", "--environment=Testing"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            builder.Services.AddSingleton<TimeProvider>(time);
        });
        await app.StartAsync(Ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorHost(app, time, new Uri(address));
    }

    /// <summary>Registers a town as FranceConnect would after its DataPass: its own id, secret and URIs.</summary>
    public TestClient RegisterClient(string? clientId = null)
    {
        clientId ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var client = new TestClient(clientId, "secret-" + clientId, $"https://{clientId}.commune.test/signin-franceconnect", $"https://{clientId}.commune.test/signout-franceconnect");
        Clients.Register(new SimulatorClient
        {
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            RedirectUris = [client.RedirectUri],
            PostLogoutRedirectUris = [client.PostLogoutRedirectUri],
        });
        return client;
    }

    /// <summary>A browser: keeps cookies, never follows redirects.</summary>
    public HttpClient NewBrowser()
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };
        _clients.Add(http);
        return http;
    }

    public static string RandomState() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>An /authorize URL as a well-behaved client builds it; a change with a null value removes that parameter.</summary>
    public static string AuthorizePath(TestClient client, params (string Name, string? Value)[] changes)
    {
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["client_id"] = client.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = client.RedirectUri,
            ["scope"] = DefaultScope,
            ["acr_values"] = "eidas1",
            ["state"] = RandomState(),
            ["nonce"] = RandomState(),
        };
        foreach (var (name, value) in changes)
            parameters[name] = value;
        return QueryHelpers.AddQueryString("/api/v2/authorize", parameters.Where(p => p.Value is not null));
    }

    /// <summary>Opens the login page of a valid request, then submits the form with the given button.</summary>
    public static async Task<HttpResponseMessage> SubmitLoginAsync(HttpClient browser, IDocument page, string login, string password, string action = "login")
    {
        var form = page.QuerySelector("form") ?? throw new InvalidOperationException("Pas de formulaire sur la page");
        var fields = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["login"] = login;
        fields["password"] = password;
        fields["action"] = action;
        return await browser.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields), Ct);
    }

    /// <summary>authorize → login page → login POST; returns the code after checking the state came back.</summary>
    public async Task<string> SignInAsync(TestClient client, string login = "test", string scope = DefaultScope, string? nonce = null)
    {
        var browser = NewBrowser();
        var state = RandomState();
        var page = await browser.GetAsync(AuthorizePath(client, ("scope", scope), ("state", state), ("nonce", nonce ?? RandomState())), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var response = await SubmitLoginAsync(browser, await Html.ParseAsync(page), login, "123");
        var callback = Callback(response, client.RedirectUri);
        Assert.Equal(state, callback["state"]);
        return callback["code"].ToString();
    }

    /// <summary>The query of a redirect to <paramref name="expectedUri"/>; fails if the response is anything else.</summary>
    public static Dictionary<string, StringValues> Callback(HttpResponseMessage response, string expectedUri)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(expectedUri + "?", location, StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(new Uri(location).Query);
    }

    public Task<HttpResponseMessage> PostTokenAsync(TestClient client, string code, string? secret = null, string? redirectUri = null) =>
        NewBrowser().PostAsync("/api/v2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = client.ClientId,
            ["client_secret"] = secret ?? client.ClientSecret,
            ["redirect_uri"] = redirectUri ?? client.RedirectUri,
            ["code"] = code,
        }), Ct);

    public async Task<TokenResponse> RedeemAsync(TestClient client, string code)
    {
        var response = await PostTokenAsync(client, code);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var root = json.RootElement;
        return new TokenResponse(root.GetProperty("access_token").GetString()!, root.GetProperty("token_type").GetString()!,
            root.GetProperty("expires_in").GetInt32(), root.GetProperty("id_token").GetString()!);
    }

    public Task<HttpResponseMessage> GetUserInfoAsync(string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/userinfo");
        request.Headers.Authorization = new("Bearer", accessToken);
        return NewBrowser().SendAsync(request, Ct);
    }

    /// <summary>Userinfo as a client must read it: a JWT whose signature is checked against /jwks.</summary>
    public async Task<JsonWebToken> UserInfoAsync(TestClient client, string accessToken)
    {
        var response = await GetUserInfoAsync(accessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jwt", response.Content.Headers.ContentType?.MediaType);
        return await VerifyAsync(await response.Content.ReadAsStringAsync(Ct), client);
    }

    /// <summary>Checks signature (keys from /jwks, by kid), issuer, audience and lifetime, as a client does.</summary>
    public async Task<JsonWebToken> VerifyAsync(string jwt, TestClient client)
    {
        var keySet = new JsonWebKeySet(await NewBrowser().GetStringAsync("/api/v2/jwks", Ct));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = client.ClientId,
            IssuerSigningKeys = keySet.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    /// <summary>Userinfo of a full sign-in of <paramref name="login"/>.</summary>
    public async Task<JsonWebToken> UserInfoOfAsync(string login, string scope = DefaultScope)
    {
        var client = RegisterClient();
        var tokens = await RedeemAsync(client, await SignInAsync(client, login, scope));
        return await UserInfoAsync(client, tokens.AccessToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var http in _clients)
            http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
