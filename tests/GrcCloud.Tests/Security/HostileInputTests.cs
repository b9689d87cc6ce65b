using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static GrcCloud.Tests.Workflow.WorkflowPeople;

namespace GrcCloud.Tests.Security;

/// <summary>
/// Every endpoint of the route table (<see cref="EndpointCatalog"/>), on a town host and on the ops
/// host, anonymous and signed in, gets hostile input: each declared method and a few undeclared ones,
/// hostile route values, query and form fields, unknown handlers, wrong content types, missing,
/// invalid and valid anti-forgery tokens. No answer may be a 5xx, and nothing may be logged as an
/// unhandled exception. Values are sampled in turn, not crossed, to keep the run short.
/// </summary>
public sealed partial class HostileInputTests(PostgresFixture postgres)
{
    /// <summary>Values a field or a route value receives (percent-encoded on the way).</summary>
    private static readonly string[] Values =
    [
        new string('é', 3000), "\0", "a\0b", "\u0001\u0008\u001b\u007f", "<script>alert('x')</script>\"'>", "9223372036854775807",
        "-9223372036854775808", "99999999999999999999999999999", "-1", "0", "0001-01-01T00:00", "9999-12-31", "9999-12-31T23:59",
        "../../../../etc/passwd", "..\\..\\appsettings.json", "\uFFFE\uFEFF", "' OR '1'='1", "NaN", "", "1e309",
        "00000000-0000-0000-0000-000000000000", "//evil.example/\t", "javascript:alert(1)", "\r\nSet-Cookie: x=1",
    ];

    /// <summary>Sent as they are: NUL and invalid UTF-8 percent-escapes, a lone "%".</summary>
    private static readonly string[] RawEscapes = ["%00", "%FF", "%C3%28", "%ED%A0%80", "%E2%82", "%", "a%00b%0D%0A"];

    private static readonly string[] UndeclaredMethods = ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS"];

    private sealed record Visitor(string Name, WebSession Session, SiteKind Site, string Token);

    [Fact]
    public async Task No_endpoint_answers_hostile_input_with_a_server_error()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres, accountPostsPerMinute: 1_000_000);
        var logged = new UnhandledExceptions();
        env.Platform.Services.GetRequiredService<ILoggerFactory>().AddProvider(logged);
        // The test platform's own failing address is there to fail.
        var endpoints = (await EndpointCatalog.ReadAsync(env.Platform.Services)).Where(e => e.Route != TestPlatform.FailurePath).ToList();
        // The enumeration must find the platform, not silently nothing.
        Assert.True(endpoints.Count(e => e.Site is SiteKind.Town) >= 50, $"{endpoints.Count} adresses : {string.Join(", ", endpoints)}");
        Assert.True(endpoints.Count(e => e.Site is SiteKind.Operator) >= 4, string.Join(", ", endpoints.Where(e => e.Site is SiteKind.Operator)));
        Assert.True(endpoints.Sum(e => e.Handlers.Count) >= 100, $"{endpoints.Sum(e => e.Handlers.Count)} gestionnaires");
        Assert.Contains(endpoints, e => e.Handlers.Any(h => h.Name is "Visite" && h.Fields.Contains("visite.date")));

        using var resident = await ResidentAsync(env, "hostile@exemple.fr", "Hugo Hostile");
        var reference = await SubmitAsync(resident);
        using var supervisor = await AgentAsync(env, "superviseur@lavaur.example", "Sophie Superviseur", AgentRoles.Supervisor, null);
        using var operatorSession = await OperatorTests.SignedInOperatorAsync(env);
        using var townVisitor = env.Session();
        using var opsVisitor = env.Session("ops.localhost");
        // The operators' API answers bearer tokens only: a tool with the operator's token, no cookie.
        using var apiVisitor = env.Session("ops.localhost");
        var (apiToken, _) = await GrcCloud.Tests.OperatorApi.OperatorApiClient.TokenAsync(env.Platform, "ops@grccloud.example", name: "hostile", createOperator: false);
        apiVisitor.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiToken);
        var plausible = await PlausibleRouteValuesAsync(env, reference);
        Visitor[] visitors =
        [
            new("anonyme (lavaur)", townVisitor, SiteKind.Town, await TokenAsync(townVisitor, "/connexion")),
            new("habitant", resident, SiteKind.Town, await TokenAsync(resident, "/mon-compte")),
            new("superviseur", supervisor, SiteKind.Town, await TokenAsync(supervisor, "/agents")),
            new("anonyme (ops)", opsVisitor, SiteKind.Operator, await TokenAsync(opsVisitor, "/connexion")),
            new("opérateur", operatorSession, SiteKind.Operator, await TokenAsync(operatorSession, "/")),
            new("outil (jeton d'API)", apiVisitor, SiteKind.Operator, await TokenAsync(apiVisitor, "/connexion")),
        ];

        var failures = new ConcurrentBag<string>();
        var sent = 0;
        await Task.WhenAll(visitors.Select(visitor => Task.Run(async () =>
        {
            var counter = visitor.Name.Length; // each visitor starts elsewhere in the lists
            // Signing out last, so the rest is visited signed in.
            foreach (var endpoint in endpoints.Where(e => e.Site is null || e.Site == visitor.Site).OrderBy(e => e.Route.Contains("deconnexion", StringComparison.Ordinal)))
            {
                foreach (var (request, what) in Requests(endpoint, visitor, plausible, () => counter++))
                {
                    Interlocked.Increment(ref sent);
                    var outcome = await SendAsync(visitor.Session, request);
                    if (outcome is not null)
                        failures.Add($"{visitor.Name} : {request.Method} {request.RequestUri} ({what}) → {outcome}");
                }
            }
        }, TestContext.Current.CancellationToken)));

        TestContext.Current.SendDiagnosticMessage($"Entrées hostiles : {sent} requêtes sur {endpoints.Count} adresses.");
        Assert.True(failures.IsEmpty && logged.IsEmpty,
            $"{failures.Count} réponse(s) 5xx, {logged.Count} exception(s) non gérée(s) :\n" + string.Join("\n", failures.Take(100).Concat(logged.Take(20))));
    }

    /// <summary>What the visitor sends to one endpoint: each handler with hostile fields and tokens, undeclared methods, unknown handlers.</summary>
    private static IEnumerable<(HttpRequestMessage Request, string What)> Requests(EndpointTarget endpoint, Visitor visitor, IReadOnlyDictionary<string, string[]> plausible, Func<int> next)
    {
        foreach (var handler in endpoint.Handlers)
        {
            var query = handler.Name is null ? "" : $"handler={handler.Name}";
            var value = Values[next() % Values.Length];
            var path = Path(endpoint, plausible, next(), hostile: false);
            if (HttpMethods.IsGet(handler.Method))
            {
                yield return (Get(path, Join(query, Fields(handler.Fields, Uri.EscapeDataString(value))), lastEventId: "9223372036854775807"), $"champs = {Show(value)}");
                var raw = RawEscapes[next() % RawEscapes.Length];
                yield return (Get(Path(endpoint, plausible, next(), hostile: true), Join(query, Fields(handler.Fields, raw)), json: true), $"champs et route hostiles, brut {raw}");
                continue;
            }
            var token = "__RequestVerificationToken=" + Uri.EscapeDataString(visitor.Token);
            yield return (Post(handler.Method, path, query, Urlencoded(Join(Fields(handler.Fields, Uri.EscapeDataString(value)), token))), $"jeton valide, champs = {Show(value)}");
            var rawValue = RawEscapes[next() % RawEscapes.Length];
            yield return (Post(handler.Method, Path(endpoint, plausible, next(), hostile: true), query, Urlencoded(Join(Fields(handler.Fields, rawValue), token))), $"jeton valide, route hostile, brut {rawValue}");
            yield return (Post(handler.Method, path, query, Multipart(handler, Values[next() % Values.Length], visitor.Token)), "multipart, jeton valide, fichiers hostiles");
            yield return (Post(handler.Method, path, query, Urlencoded(Fields(handler.Fields, Uri.EscapeDataString(value)))), "sans jeton");
            yield return (Post(handler.Method, path, query, Urlencoded(Join(Fields(handler.Fields, "x"), "__RequestVerificationToken=CfDJ8invalide%00"))), "jeton invalide");
            var json = Post(handler.Method, path, query, new StringContent("{\"a\":[1,", Encoding.UTF8, "application/json"));
            json.Headers.Add("RequestVerificationToken", visitor.Token);
            yield return (json, "JSON tronqué, jeton en en-tête");
            yield return (Post(handler.Method, path, query, new StringContent(value, Encoding.UTF8, "text/plain")), "text/plain");
        }

        var route = Path(endpoint, plausible, next(), hostile: false);
        foreach (var method in UndeclaredMethods.Where(m => !endpoint.Handlers.Any(h => h.Method == m)))
            yield return (new HttpRequestMessage(new HttpMethod(method), route), "méthode non déclarée");
        yield return (Post("POST", route, "handler=Inconnu%00", Urlencoded("__RequestVerificationToken=" + Uri.EscapeDataString(visitor.Token))), "gestionnaire inconnu, jeton valide");
        yield return (Get(route, "handler=..%2F..%2Fx"), "gestionnaire inconnu");
    }

    /// <summary>The route with its values: a plausible one (an existing request, theme...) or a hostile one.</summary>
    private static string Path(EndpointTarget endpoint, IReadOnlyDictionary<string, string[]> plausible, int turn, bool hostile) =>
        RouteParameter().Replace(endpoint.Route, m =>
        {
            var name = m.Groups["name"].Value;
            if (hostile)
                return turn % 3 == 0 ? RawEscapes[turn % RawEscapes.Length] : Uri.EscapeDataString(Values[turn % Values.Length]);
            var candidates = plausible.TryGetValue(name, out var known) ? known : ["x"];
            return Uri.EscapeDataString(candidates[turn % candidates.Length]);
        });

    /// <summary>Existing data for route values, so handlers run past "not found".</summary>
    private static async Task<IReadOnlyDictionary<string, string[]>> PlausibleRouteValuesAsync(IdentityPlatform env, string reference) =>
        await InTownAsync(env, async db => new Dictionary<string, string[]>
        {
            ["reference"] = [reference],
            ["slug"] = [.. await db.Themes.OrderBy(t => t.Slug).Select(t => t.Slug).Take(1).ToListAsync(),
                        .. await db.Families.OrderBy(f => f.Slug).Select(f => f.Slug).Take(1).ToListAsync(),
                        .. await db.Services.OrderBy(s => s.Slug).Select(s => s.Slug).Take(1).ToListAsync()],
            ["what"] = ["accuse-de-reception"],
            ["id"] = [Guid.NewGuid().ToString()],
            ["token"] = ["x"],
        });

    private static string Fields(IEnumerable<string> names, string encodedValue) =>
        string.Join('&', names.Select(n => $"{Uri.EscapeDataString(n)}={encodedValue}"));

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : $"{a}&{b}";

    private static HttpRequestMessage Get(string path, string query, string? lastEventId = null, bool json = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, query.Length == 0 ? path : $"{path}?{query}");
        if (lastEventId is not null)
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        if (json)
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static HttpRequestMessage Post(string method, string path, string query, HttpContent content) =>
        new(new HttpMethod(method), query.Length == 0 ? path : $"{path}?{query}") { Content = content };

    /// <summary>An url-encoded body sent byte for byte (FormUrlEncodedContent would escape the raw escapes).</summary>
    private static StringContent Urlencoded(string body)
    {
        var content = new StringContent(body, Encoding.ASCII);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return content;
    }

    private static MultipartFormDataContent Multipart(EndpointHandler handler, string value, string token)
    {
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var field in handler.Fields)
            content.Add(new StringContent(value), field);
        foreach (var file in handler.Files.DefaultIfEmpty("fichier"))
        {
            var part = new ByteArrayContent([0xFF, 0xD8, 0xFF, 0x00, 0x3C, 0x73]);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            content.Add(part, file, "../../<photo>.jpg");
        }
        return content;
    }

    /// <summary>Null when the answer is acceptable; otherwise what went wrong.</summary>
    private static async Task<string?> SendAsync(WebSession session, HttpRequestMessage request)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            // Headers only: a live stream stays open, and the status is all that is judged.
            using var response = await session.SendAsync(request, timeout.Token);
            return (int)response.StatusCode >= 500 ? $"{(int)response.StatusCode}" : null;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return "pas de réponse en 30 s";
        }
        catch (HttpRequestException e)
        {
            return $"connexion interrompue ({e.Message})";
        }
    }

    private static async Task<string> TokenAsync(WebSession session, string page) =>
        (await session.PageAsync(page)).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException($"Pas de jeton anti-falsification dans {page}");

    private static string Show(string value) => value.Length > 40
        ? $"{value.Length} caractères"
        : string.Concat(value.Select(c => char.IsControl(c) || c > '\uFFF0' ? $"\\u{(int)c:X4}" : c.ToString()));

    [GeneratedRegex(@"\{\*{0,2}(?<name>\w+)(:[^}?]*)?\??\}")]
    private static partial Regex RouteParameter();

    /// <summary>Errors the framework logs for an exception nobody handled (also after a response started, where no 500 can be sent).</summary>
    private sealed class UnhandledExceptions : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _entries = new();

        public bool IsEmpty => _entries.IsEmpty;
        public int Count => _entries.Count;
        public IEnumerable<string> Take(int count) => _entries.Take(count);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel) && exception is not null)
                    entries.Enqueue($"journal {category} : {exception.GetType().Name} : {exception.Message}\n{exception.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("GrcCloud", StringComparison.Ordinal))}");
            }
        }
    }
}
