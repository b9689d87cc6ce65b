using System.Text.Json;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;

namespace GrcCloud.Tests.OperatorApi;

/// <summary>The command line's <c>--json</c>: one JSON document on standard output, for a vendor's scripts.</summary>
public sealed class CliJsonTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Tenants_operators_agents_migrate_and_demo_commands_print_json()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var connection = env.Platform.ConnectionString;

        var list = await RunJsonAsync(connection, env, "tenants", "list", "--json");
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        var lavaur = list.EnumerateArray().Single(t => t.GetProperty("slug").GetString() == "lavaur");
        Assert.Equal("Lavaur", lavaur.GetProperty("name").GetString());
        Assert.Equal("81140", lavaur.GetProperty("inseeCode").GetString());
        Assert.Equal("active", lavaur.GetProperty("status").GetString());
        Assert.Equal("lavaur.localhost", lavaur.GetProperty("hosts")[0].GetString());
        Assert.True(lavaur.TryGetProperty("planCode", out _));

        var created = await RunJsonAsync(connection, env, "operators", "create", "--email", "robot@grccloud.example", "--role", "facturation", "--json");
        Assert.Equal("robot@grccloud.example", created.GetProperty("email").GetString());
        Assert.Equal("facturation", created.GetProperty("role").GetString());
        Assert.True(created.GetProperty("id").TryGetGuid(out _));
        Assert.Contains("/activation?operateur=", created.GetProperty("activationLink").GetString());

        var token = await RunJsonAsync(connection, env, "operators", "token", "create", "--email", "robot@grccloud.example", "--name", "CI", "--expires-in-days", "10", "--json");
        Assert.StartsWith("grcops_", token.GetProperty("token").GetString(), StringComparison.Ordinal);
        Assert.Equal("facturation", token.GetProperty("role").GetString());
        Assert.Equal(10, (int)Math.Round((token.GetProperty("expiresAt").GetDateTimeOffset() - token.GetProperty("createdAt").GetDateTimeOffset()).TotalDays));
        var tooLong = await Cli.RunAsync(connection, "operators", "token", "create", "--email", "robot@grccloud.example", "--name", "CI", "--expires-in-days", "9999");
        Assert.NotEqual(0, tooLong.ExitCode);
        Assert.Contains("entre 1 et 730 jours", tooLong.Error);

        var invited = await RunJsonAsync(connection, env, "agents", "invite", "--slug", "lavaur", "--email", "cabinet@lavaur.example", "--json");
        Assert.Equal("lavaur", invited.GetProperty("town").GetString());
        Assert.Equal("cabinet@lavaur.example", invited.GetProperty("email").GetString());
        Assert.Equal("supervisor", invited.GetProperty("role").GetString());
        Assert.StartsWith("http://lavaur.localhost:", invited.GetProperty("invitationLink").GetString(), StringComparison.Ordinal);

        var migrated = await RunJsonAsync(connection, env, "migrate", "--json");
        Assert.Equal(0, migrated.GetProperty("failed").GetInt32());
        Assert.Equal(["gaillac", "lavaur"], migrated.GetProperty("towns").EnumerateArray().Select(t => t.GetProperty("slug").GetString()).Order());
        Assert.All(migrated.GetProperty("towns").EnumerateArray(), t => Assert.True(t.GetProperty("succeeded").GetBoolean()));

        var demo = await RunJsonAsync(connection, env, "tenants", "provision-demo", "--json");
        var outcomes = demo.GetProperty("towns").EnumerateArray().ToDictionary(t => t.GetProperty("slug").GetString()!, t => t.GetProperty("outcome").GetString());
        Assert.Equal("existing", outcomes["lavaur"]);
        Assert.Equal("existing", outcomes["gaillac"]);
    }

    private static async Task<JsonElement> RunJsonAsync(string connection, IdentityPlatform env, params string[] args)
    {
        var result = await Cli.RunAsync(connection, env.CliEnvironment(), args);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)} : {result.Error}");
        using var document = JsonDocument.Parse(result.Output);
        return document.RootElement.Clone();
    }
}
