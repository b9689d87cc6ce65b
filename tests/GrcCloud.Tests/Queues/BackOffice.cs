using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Queues;

/// <summary>
/// Agents and requests made directly in a town's schema (faster than invitations by mail), then
/// agents signed in through the real back-office sign-in page.
/// </summary>
internal static class BackOffice
{
    /// <summary>Creates an agent with a function and services in the town, then signs them in.</summary>
    internal static async Task<WebSession> AgentAsync(TestPlatform platform, string town, string email, string role, params string[] services)
    {
        await platform.CreateAgentAsync(town, email, role, services);
        var session = new WebSession(platform, $"{town}.localhost");
        var signedIn = await ResidentAccountTests.SignInAsync(session, email, TownAccounts.Password, "/agents/connexion");
        Assert.Equal("/agents", signedIn.Headers.Location?.OriginalString);
        return session;
    }

    /// <summary>A resident account of the town (no sign-in: the counter finds it).</summary>
    internal static Task<Guid> ResidentAsync(TestPlatform platform, string town, string email, string givenName, string familyName, string? phone = null) =>
        platform.CreateResidentAsync(town, email, givenName, familyName, phone);

    /// <summary>Inserts a request of a theme with what a test needs changed; returns its reference.</summary>
    internal static Task<string> RequestAsync(TestPlatform platform, string town, string theme, string reference, Action<ServiceRequest>? change = null) =>
        platform.InTownAsync(town, async scope =>
        {
            var db = scope.GetRequiredService<TenantDbContext>();
            var t = await db.Themes.AsNoTracking().SingleAsync(x => x.Slug == theme);
            var request = new ServiceRequest
            {
                Id = Guid.CreateVersion7(), Reference = reference, ThemeId = t.Id, ThemeTitle = t.Title, ServiceId = t.ServiceId,
                FormVersion = t.FormVersion, Form = t.Fields, Channel = RequestChannel.Online,
                ReceivedAt = DateTimeOffset.UtcNow, DueOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(t.DueDays),
                SubmissionKey = Guid.CreateVersion7(), ContactName = "Habitant " + reference,
            };
            change?.Invoke(request);
            db.Requests.Add(request);
            await db.SaveChangesAsync();
            return request.Reference;
        });
}
