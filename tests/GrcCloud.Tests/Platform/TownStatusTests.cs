using System.Net;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Platform;

/// <summary>Towns that are not active: being provisioned, suspended, resumed, through the real command line.</summary>
public sealed class TownStatusTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_town_being_provisioned_answers_503_with_retry_after()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        await using (var scope = platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            db.Tenants.Add(new TenantRecord
            {
                Id = Guid.CreateVersion7(), Slug = "albi", Name = "Albi", SchemaName = "t_albi", InseeCode = "81004",
                Recipe = "_template", Status = TenantStatus.Provisioning, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        await platform.WaitForRegistryAsync(r => r.FindBySlug("albi") is not null);
        using var client = platform.ClientFor("albi.localhost");

        var page = await client.GetAsync("/", TestContext.Current.CancellationToken);
        var api = await client.GetAsync("/api/v1/catalogue", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.NotNull(page.Headers.RetryAfter);
        Assert.Equal("Portail en cours de mise en service", (await Html.ParseAsync(page)).Text("h1"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_suspended_town_shows_a_clear_page_and_comes_back_intact_when_resumed()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        await platform.ProvisionAsync("lautrec", "Lautrec", "81145");
        using var client = platform.ClientFor("lautrec.localhost");
        var before = await client.GetStringAsync("/api/v1/catalogue", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode); // the home page is now in the output cache

        var suspend = await Cli.RunAsync(platform.ConnectionString, "tenants", "suspend", "--slug", "lautrec", "--reason", "Impayé");
        Assert.Equal(0, suspend.ExitCode);
        await platform.WaitForRegistryAsync(r => r.FindBySlug("lautrec")?.Status == TenantStatus.Suspended);
        var suspended = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, suspended.StatusCode);
        var page = await Html.ParseAsync(suspended);
        Assert.Equal("Portail momentanément suspendu", page.Text("h1"));
        Assert.Contains("données sont conservées", page.Text("main"));

        var resume = await Cli.RunAsync(platform.ConnectionString, "tenants", "resume", "--slug", "lautrec");
        Assert.Equal(0, resume.ExitCode);
        await platform.WaitForRegistryAsync(r => r.FindBySlug("lautrec")?.Status == TenantStatus.Active);
        Assert.Equal(before, await client.GetStringAsync("/api/v1/catalogue", TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_suspended_town_page_tells_how_to_reach_the_town_hall_from_the_registry()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        await platform.ProvisionAsync("gaillac", "Gaillac", "81099", template: "gaillac");
        var suspend = await Cli.RunAsync(platform.ConnectionString, "tenants", "suspend", "--slug", "gaillac", "--reason", "Facture impayée");
        Assert.Equal(0, suspend.ExitCode);
        await platform.WaitForRegistryAsync(r => r.FindBySlug("gaillac")?.Status == TenantStatus.Suspended);

        using var client = platform.ClientFor("gaillac.localhost");
        var agents = await client.GetAsync("/agents/connexion", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, agents.StatusCode);
        var page = await Html.ParseAsync(agents);
        Assert.Contains("l'espace des agents sont fermés", page.Text("main"));
        Assert.Equal("Contacter la mairie de Gaillac", page.Text("main h2"));
        Assert.Contains("Téléphone : 05 63 81 20 20", page.Text(".contact"));
        Assert.Equal("tel:0563812020", page.QuerySelector(".contact a")!.GetAttribute("href"));
        Assert.Contains("Courriel : contact@ville-gaillac.example", page.Text(".contact"));
        Assert.Contains("place d'Hautpoul, 81600 Gaillac", page.Text(".contact"));
        // The vendor's reason is the console's, not the residents'.
        Assert.DoesNotContain("impayée", page.Text("main"));
    }

    [Fact]
    public async Task The_command_line_creates_and_lists_towns_and_refuses_bad_input_in_one_line()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);

        var created = await Cli.RunAsync(platform.ConnectionString, "tenants", "create", "--slug", "gaillac", "--name", "Gaillac", "--insee", "81099", "--host", "demarches.gaillac.fr");
        var list = await Cli.RunAsync(platform.ConnectionString, "tenants", "list");
        var duplicate = await Cli.RunAsync(platform.ConnectionString, "tenants", "create", "--slug", "gaillac", "--name", "Gaillac", "--insee", "81099");
        var reserved = await Cli.RunAsync(platform.ConnectionString, "tenants", "create", "--slug", "admin", "--name", "X", "--insee", "81099");
        var badInsee = await Cli.RunAsync(platform.ConnectionString, "tenants", "create", "--slug", "albi", "--name", "Albi", "--insee", "8100");
        var missing = await Cli.RunAsync(platform.ConnectionString, "tenants", "suspend", "--slug", "gaillac");
        var unknown = await Cli.RunAsync(platform.ConnectionString, "tenants", "resume", "--slug", "nowhere");

        Assert.Equal(0, created.ExitCode);
        Assert.Contains("http://gaillac.localhost/", created.Output);
        Assert.Matches(@"gaillac\s+Gaillac\s+81099\s+active\s+demarches\.gaillac\.fr", list.Output);
        foreach (var refused in new[] { duplicate, reserved, badInsee, missing, unknown })
        {
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("grccloud : ", refused.Error);
        }
        Assert.Contains("existe déjà", duplicate.Error);
        Assert.Contains("réservé", reserved.Error);
        Assert.Contains("code INSEE", badInsee.Error);
        Assert.Contains("--reason", missing.Error);
        Assert.Contains("inconnue", unknown.Error);
        await platform.WaitForRegistryAsync(r => r.FindByHost("demarches.gaillac.fr") is not null);
        using var client = platform.ClientFor("demarches.gaillac.fr");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);
    }
}
