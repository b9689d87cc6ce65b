using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Notifications.Jobs;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Notifications;

/// <summary>
/// A job enqueued in the caller's transaction is the job Hangfire's client would have written (the
/// contract to re-check when Hangfire.PostgreSql changes), and it exists only if the transaction commits.
/// The host runs no worker here, so the rows stay as enqueued.
/// </summary>
public sealed class JobsInTransactionTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_enqueued_in_a_transaction_has_the_rows_hangfires_client_writes()
    {
        await using var env = await WebOnlyAsync();
        var town = env.Platform.Services.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!.Id;
        var byClient = Guid.NewGuid();
        var inTransaction = Guid.NewGuid();

        env.Platform.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<TownJobs>(j => j.MailPublicEventAsync(town, byClient, "https://lavaur.localhost", CancellationToken.None));
        await using (var scope = env.Platform.TownScope("lavaur"))
        {
            var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await JobsInTransaction.EnqueueAsync<TownJobs>(db.Database, j => j.MailPublicEventAsync(town, inTransaction, "https://lavaur.localhost", CancellationToken.None), Ct);
            await transaction.CommitAsync(Ct);
        }

        var expected = await JobRowsAsync(env, byClient);
        var actual = await JobRowsAsync(env, inTransaction);
        Assert.Equal("Enqueued|Enqueued|mail|mail|fetched: false|expires: false", expected.Summary);
        Assert.Equal(expected.Summary, actual.Summary);
        Assert.Equal(expected.Invocation.Replace(byClient.ToString(), "ID"), actual.Invocation.Replace(inTransaction.ToString(), "ID"));
        Assert.Equal(expected.Arguments.Replace(byClient.ToString(), "ID"), actual.Arguments.Replace(inTransaction.ToString(), "ID"));
    }

    [Fact]
    public async Task A_rolled_back_transaction_leaves_no_job_and_outside_a_transaction_it_refuses()
    {
        await using var env = await WebOnlyAsync();
        var town = env.Platform.Services.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!.Id;
        var requestId = Guid.NewGuid();
        await using var scope = env.Platform.TownScope("lavaur");
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();

        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            await JobsInTransaction.EnqueueAsync<TownJobs>(db.Database, j => j.MailNewRequestAsync(town, requestId, null, CancellationToken.None), Ct);
            await transaction.RollbackAsync(Ct);
        }

        Assert.Equal(0, await CountAsync(env, $"SELECT count(*) FROM hangfire.job WHERE arguments::text LIKE '%{requestId}%'"));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            JobsInTransaction.EnqueueAsync<TownJobs>(db.Database, j => j.MailNewRequestAsync(town, requestId, null, CancellationToken.None), Ct));
    }

    private Task<IdentityPlatform> WebOnlyAsync() =>
        IdentityPlatform.StartAsync(postgres, settings: new Dictionary<string, string?> { ["GrcCloud:Jobs:RunServer"] = "false" });

    private sealed record JobRows(string Summary, string Invocation, string Arguments);

    private static async Task<JobRows> JobRowsAsync(IdentityPlatform env, Guid argument)
    {
        await using var connection = new Npgsql.NpgsqlConnection(env.Platform.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT j.statename || '|' || s.name || '|' || (s.data ->> 'Queue') || '|' || q.queue
                   || '|fetched: ' || (q.fetchedat IS NOT NULL) || '|expires: ' || (j.expireat IS NOT NULL),
                   j.invocationdata::text, j.arguments::text
            FROM hangfire.job j
            JOIN hangfire.state s ON s.id = j.stateid AND s.jobid = j.id
            JOIN hangfire.jobqueue q ON q.jobid = j.id
            WHERE j.arguments::text LIKE '%' || @argument || '%'
            """, connection);
        command.Parameters.AddWithValue("argument", argument.ToString());
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct), "le travail n'a pas été trouvé avec son état et sa file");
        var rows = new JobRows(reader.GetString(0), reader.GetString(1), reader.GetString(2));
        Assert.False(await reader.ReadAsync(Ct), "un seul travail attendu");
        return rows;
    }

    private static async Task<long> CountAsync(IdentityPlatform env, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(env.Platform.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
