using System.Net;
using GrcCloud.Testing;

namespace GrcCloud.Tests.OperatorApi;

/// <summary>Each token has its own budget of calls a minute; past it, 429 as problem details, other tokens unaffected.</summary>
public sealed class OperatorApiRateLimitTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_token_past_its_budget_gets_429_and_another_token_still_gets_through()
    {
        await using var platform = await TestPlatform.StartAsync(postgres, settings: new Dictionary<string, string?> { ["GrcCloud:RateLimits:OperatorApiPerMinute"] = "3" });
        var (busy, _) = await OperatorApiClient.TokenAsync(platform, "ops@grccloud.example", name: "pressé");
        var (calm, _) = await OperatorApiClient.TokenAsync(platform, "ops@grccloud.example", name: "calme", createOperator: false);
        using var busyApi = OperatorApiClient.Client(platform, busy);
        using var calmApi = OperatorApiClient.Client(platform, calm);

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await busyApi.GetAsync("/api/ops/v1/plans", TestContext.Current.CancellationToken)).StatusCode);
        var refused = await OperatorApiClient.ProblemAsync(await busyApi.GetAsync("/api/ops/v1/plans", TestContext.Current.CancellationToken), 429);
        Assert.Equal("Trop de tentatives", refused.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await calmApi.GetAsync("/api/ops/v1/plans", TestContext.Current.CancellationToken)).StatusCode);
    }
}
