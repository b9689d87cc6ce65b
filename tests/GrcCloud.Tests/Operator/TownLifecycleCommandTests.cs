using System.Text.Json;
using GrcCloud.Data.Platform;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Operator;

/// <summary>The town actions on the command line (<c>grccloud tenants …</c>), as a vendor's scripts run them with <c>--json</c>.</summary>
public sealed class TownLifecycleCommandTests(PostgresFixture postgres) : IAsyncDisposable
{
    private readonly string _exports = Path.Combine(Path.GetTempPath(), "grccloud-exports-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Every_town_action_runs_on_the_command_line_with_json_output_and_refusals_in_one_french_line()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres, settings: new Dictionary<string, string?> { ["GrcCloud:Exports:Path"] = _exports });
        await TownLifecycleTests.AddRequestAsync(env, "lavaur", "LAV-2026-000001", withAttachment: false);
        var environment = env.CliEnvironment();
        environment["GrcCloud__Exports__Path"] = _exports;
        Task<CliResult> Run(params string[] args) => Cli.RunAsync(env.Platform.ConnectionString, environment, args);

        using var shown = Json(await Run("tenants", "show", "--slug", "lavaur", "--json"));
        Assert.Equal("active", shown.RootElement.GetProperty("status").GetString());
        Assert.Equal("81140", shown.RootElement.GetProperty("inseeCode").GetString());

        using var edited = Json(await Run("tenants", "edit", "--slug", "lavaur", "--siret", "21810140400018", "--contact-phone", "05 63 83 12 12", "--json"));
        Assert.Equal("21810140400018", edited.RootElement.GetProperty("town").GetProperty("siret").GetString());
        Assert.Equal("Lavaur", edited.RootElement.GetProperty("town").GetProperty("name").GetString()); // options not given stay
        var badSiret = await Run("tenants", "edit", "--slug", "lavaur", "--siret", "21810140400012");
        AssertRefused(badSiret, "clé de contrôle incorrecte");

        using var host = Json(await Run("tenants", "hosts", "add", "--slug", "lavaur", "--host", "demarches.ville-lavaur.fr", "--json"));
        Assert.Equal(["demarches.ville-lavaur.fr"], host.RootElement.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()));
        AssertRefused(await Run("tenants", "hosts", "add", "--slug", "gaillac", "--host", "demarches.ville-lavaur.fr"), "déjà celui d'une autre commune");
        await env.Platform.WaitForRegistryAsync(r => r.FindByHost("demarches.ville-lavaur.fr") is not null);

        const string Secret = "secret-de-la-ligne-de-commande-42";
        var fcResult = await Run("tenants", "franceconnect", "--slug", "lavaur", "--environment", "sandbox", "--client-id", "lavaur-fc", "--client-secret", Secret, "--json");
        using var fc = Json(fcResult);
        Assert.Equal("sandbox", fc.RootElement.GetProperty("franceConnect").GetProperty("environment").GetString());
        Assert.True(fc.RootElement.GetProperty("franceConnect").GetProperty("secretIsSet").GetBoolean());
        Assert.Contains($"http://demarches.ville-lavaur.fr:{env.Platform.Port}/connexion/franceconnect/retour",
            fc.RootElement.GetProperty("redirectUris").EnumerateArray().Select(u => u.GetString()));
        Assert.DoesNotContain(Secret, fcResult.Output);

        using var suspended = Json(await Run("tenants", "suspend", "--slug", "lavaur", "--reason", "Impayé", "--json"));
        Assert.Equal(("suspended", "Impayé"), (suspended.RootElement.GetProperty("status").GetString(), suspended.RootElement.GetProperty("reason").GetString()));
        AssertRefused(await Run("tenants", "suspend", "--slug", "lavaur", "--reason", "Encore"), "seule une commune active se suspend");
        using var resumed = Json(await Run("tenants", "resume", "--slug", "lavaur", "--json"));
        Assert.Equal("active", resumed.RootElement.GetProperty("status").GetString());

        using var cancelled = Json(await Run("tenants", "cancel", "--slug", "lavaur", "--reason", "Fin du contrat", "--json"));
        Assert.Equal("cancelled", cancelled.RootElement.GetProperty("status").GetString());
        var purgeAfter = cancelled.RootElement.GetProperty("purgeAfter").GetDateTimeOffset();
        Assert.InRange(purgeAfter - DateTimeOffset.UtcNow, TimeSpan.FromDays(89.9), TimeSpan.FromDays(90));
        await env.Platform.WaitForRegistryAsync(r => r.FindBySlug("lavaur")?.Status == TenantStatus.Cancelled);

        var exported = await Run("tenants", "export", "--slug", "lavaur");
        Assert.True(exported.ExitCode == 0, exported.Error);
        var paths = exported.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, paths.Length);
        Assert.All(paths, p => Assert.True(File.Exists(p), p));
        Assert.All(paths, p => Assert.StartsWith(Path.Combine(_exports, "lavaur"), p, StringComparison.Ordinal));

        AssertRefused(await Run("tenants", "purge", "--slug", "lavaur", "--confirm", "lavaur"), "délai de conservation");
        using var reactivated = Json(await Run("tenants", "reactivate", "--slug", "lavaur", "--json"));
        Assert.Equal("active", reactivated.RootElement.GetProperty("status").GetString());
        await env.Platform.WaitForRegistryAsync(r => r.FindBySlug("lavaur")?.Status == TenantStatus.Active);
        AssertRefused(await Run("tenants", "show", "--slug", "albi"), "inconnue");

        // Cancelled again, the delay over: the typed slug purges the schema; the registry row stays.
        Assert.Equal(0, (await Run("tenants", "cancel", "--slug", "lavaur", "--reason", "Fin du contrat")).ExitCode);
        await using (var scope = env.Platform.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Tenants.Where(t => t.Slug == "lavaur")
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.PurgeAfter, DateTimeOffset.UtcNow.AddDays(-1)), TestContext.Current.CancellationToken);
        AssertRefused(await Run("tenants", "purge", "--slug", "lavaur", "--confirm", "lavau"), "saisissez exactement l'identifiant");
        using var purged = Json(await Run("tenants", "purge", "--slug", "lavaur", "--confirm", "lavaur", "--json"));
        Assert.Equal("cancelled", purged.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, purged.RootElement.GetProperty("purgedAt").ValueKind);
        using var afterPurge = Json(await Run("tenants", "show", "--slug", "lavaur", "--json"));
        Assert.Null(afterPurge.RootElement.GetProperty("franceConnect").GetString());
        Assert.Empty(afterPurge.RootElement.GetProperty("customDomains").EnumerateArray());
        AssertRefused(await Run("tenants", "reactivate", "--slug", "lavaur"), "ne peut plus être réactivée");

        var journal = await TownLifecycleTests.JournalAsync(env, "lavaur");
        Assert.All(journal, e => Assert.StartsWith("cli:", e.OperatorEmail, StringComparison.Ordinal));
        Assert.Contains(journal, e => e.Action == "franceconnect-modifie" && e.Details!.Contains("--client-secret ***", StringComparison.Ordinal));
        Assert.DoesNotContain(journal, e => e.Details!.Contains(Secret, StringComparison.Ordinal));
        Assert.Contains(journal, e => e.Action == "commune-purgee");
    }

    private static JsonDocument Json(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Output);
    }

    private static void AssertRefused(CliResult result, string message)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("grccloud : ", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_exports))
            Directory.Delete(_exports, recursive: true);
        return ValueTask.CompletedTask;
    }
}
