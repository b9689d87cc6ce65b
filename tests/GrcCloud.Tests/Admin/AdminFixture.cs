using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Admin;

/// <summary>
/// One platform for a test class: Lavaur and Gaillac, each with a signed-in supervisor; Lavaur also
/// with an agent of the roads service and a resident. Accounts are made directly in the town's
/// schema (their invitation and sign-up are the identity tests' business), then signed in through the pages.
/// </summary>
public sealed class AdminFixture(PostgresFixture postgres) : IAsyncLifetime
{
    public const string Password = TownAccounts.Password;

    private IdentityPlatform? _env;

    public IdentityPlatform Env => _env ?? throw new InvalidOperationException("Plateforme non démarrée");
    public WebSession Supervisor { get; private set; } = null!;
    public WebSession Agent { get; private set; } = null!;
    public WebSession Resident { get; private set; } = null!;
    public WebSession GaillacSupervisor { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await IdentityPlatform.StartAsync(postgres);
        Supervisor = await AgentAsync("lavaur", "cabinet@lavaur.example", AgentRoles.Supervisor);
        Agent = await AgentAsync("lavaur", "voirie@lavaur.example", AgentRoles.Agent, "voirie");
        Resident = await ResidentAsync("lavaur", "habitant@exemple.fr");
        GaillacSupervisor = await AgentAsync("gaillac", "cabinet@gaillac.example", AgentRoles.Supervisor);
    }

    public async Task<WebSession> AgentAsync(string town, string email, string role, string? service = null)
    {
        await Env.Platform.CreateAgentAsync(town, email, role, service is null ? [] : [service], "Agent", email.Split('@')[0]);
        var session = Env.Session($"{town}.localhost");
        var signedIn = await ResidentAccountTests.SignInAsync(session, email, Password, "/agents/connexion");
        Assert.Equal("/agents", signedIn.Headers.Location?.OriginalString);
        return session;
    }

    public async Task<WebSession> ResidentAsync(string town, string email)
    {
        await Env.Platform.CreateResidentAsync(town, email, "Léa", "Habitante");
        var session = Env.Session($"{town}.localhost");
        Assert.Equal(HttpStatusCode.Redirect, (await ResidentAccountTests.SignInAsync(session, email, Password)).StatusCode);
        return session;
    }

    /// <summary>Runs <paramref name="work"/> on the town's schema, as a request of that town would.</summary>
    public Task<T> InTownAsync<T>(string town, Func<TenantDbContext, IServiceProvider, Task<T>> work) =>
        Env.Platform.InTownAsync(town, services => work(services.GetRequiredService<TenantDbContext>(), services));

    public async ValueTask DisposeAsync()
    {
        foreach (var session in new[] { Supervisor, Agent, Resident, GaillacSupervisor })
            session?.Dispose();
        if (_env is not null)
            await _env.DisposeAsync();
    }
}
