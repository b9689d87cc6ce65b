using GrcCloud.Data.Towns;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Testing;

/// <summary>
/// Accounts made directly in a town's schema, for tests whose subject is not the sign-up or the
/// invitation (those have their own tests): faster, and the same for every test project.
/// </summary>
public static class TownAccounts
{
    /// <summary>The password of every account made here.</summary>
    public const string Password = "mot de passe des agents";

    /// <summary>An agent with a function and the services whose requests reach them; returns the account's id.</summary>
    public static async Task<Guid> CreateAgentAsync(this TestPlatform platform, string town, string email, string role,
        IEnumerable<string>? services = null, string? givenName = null, string? familyName = null, bool dailyDigest = false)
    {
        await using var scope = platform.TownScope(town);
        var user = await CreateAsync(scope.ServiceProvider, new TownUser
        {
            Kind = UserKind.Agent, Email = email,
            GivenName = givenName ?? char.ToUpperInvariant(email[0]) + email.Split('@')[0][1..], FamilyName = familyName ?? "Agent",
            DailyDigest = dailyDigest,
        });
        var added = await scope.ServiceProvider.GetRequiredService<UserManager<TownUser>>().AddToRoleAsync(user, role);
        if (!added.Succeeded)
            throw new InvalidOperationException(string.Join(", ", added.Errors.Select(e => e.Description)));
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
        foreach (var slug in services ?? [])
            db.AgentServices.Add(new AgentServiceMembership { UserId = user.Id, ServiceId = (await db.Services.SingleAsync(s => s.Slug == slug)).Id });
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>A resident with a confirmed address; returns the account's id.</summary>
    public static async Task<Guid> CreateResidentAsync(this TestPlatform platform, string town, string email, string givenName, string familyName, string? phone = null)
    {
        await using var scope = platform.TownScope(town);
        var user = await CreateAsync(scope.ServiceProvider, new TownUser
        {
            Kind = UserKind.Resident, Email = email, GivenName = givenName, FamilyName = familyName, PhoneNumber = phone,
        });
        return user.Id;
    }

    private static async Task<TownUser> CreateAsync(IServiceProvider services, TownUser user)
    {
        user.Id = Guid.CreateVersion7();
        user.UserName = user.Email;
        user.EmailConfirmed = true;
        user.CreatedAt = DateTimeOffset.UtcNow;
        var created = await services.GetRequiredService<UserManager<TownUser>>().CreateAsync(user, Password);
        if (!created.Succeeded)
            throw new InvalidOperationException(string.Join(", ", created.Errors.Select(e => e.Description)));
        return user;
    }
}
