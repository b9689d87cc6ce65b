using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Admin;

/// <summary>
/// One platform for a test class: Lavaur and Gaillac, each with a signed-in supervisor; Lavaur also
/// with an agent of the roads service and a resident. Accounts are made directly in the town's
/// schema (their invitation and sign-up are the identity tests' business), then signed in through the pages.
/// </summary>
public sealed class AdminFixture(PostgresFixture postgres) : IAsyncLifetime
{
    public const string Password = "mot de passe des tests d'administration";

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
        await InTownAsync(town, async (db, scope) =>
        {
            var user = await CreateAsync(scope, new TownUser { Kind = UserKind.Agent, GivenName = "Agent", FamilyName = email.Split('@')[0] }, email);
            Assert.True((await scope.GetRequiredService<UserManager<TownUser>>().AddToRoleAsync(user, role)).Succeeded);
            if (service is not null)
            {
                db.AgentServices.Add(new AgentServiceMembership { UserId = user.Id, ServiceId = (await db.Services.SingleAsync(s => s.Slug == service)).Id });
                await db.SaveChangesAsync();
            }
            return 0;
        });
        var session = Env.Session($"{town}.localhost");
        var signedIn = await ResidentAccountTests.SignInAsync(session, email, Password, "/agents/connexion");
        Assert.Equal("/agents", signedIn.Headers.Location?.OriginalString);
        return session;
    }

    public async Task<WebSession> ResidentAsync(string town, string email)
    {
        await InTownAsync(town, (_, scope) => CreateAsync(scope, new TownUser { Kind = UserKind.Resident, GivenName = "Léa", FamilyName = "Habitante" }, email));
        var session = Env.Session($"{town}.localhost");
        Assert.Equal(HttpStatusCode.Redirect, (await ResidentAccountTests.SignInAsync(session, email, Password)).StatusCode);
        return session;
    }

    /// <summary>Runs <paramref name="work"/> on the town's schema, as a job of that town would.</summary>
    public async Task<T> InTownAsync<T>(string town, Func<TenantDbContext, IServiceProvider, Task<T>> work)
    {
        await using var scope = Env.Platform.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug(town)!);
        return await work(scope.ServiceProvider.GetRequiredService<TenantDbContext>(), scope.ServiceProvider);
    }

    private static async Task<TownUser> CreateAsync(IServiceProvider scope, TownUser user, string email)
    {
        user.Id = Guid.CreateVersion7();
        user.UserName = user.Email = email;
        user.EmailConfirmed = true;
        user.CreatedAt = DateTimeOffset.UtcNow;
        var created = await scope.GetRequiredService<UserManager<TownUser>>().CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
        return user;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in new[] { Supervisor, Agent, Resident, GaillacSupervisor })
            session?.Dispose();
        if (_env is not null)
            await _env.DisposeAsync();
    }
}
