using System.Linq.Expressions;
using System.Reflection;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace GrcCloud.Host.Features.Notifications.Jobs;

/// <summary>
/// Enqueues a job inside the caller's own database transaction: the job exists if and only if the change
/// that asked for it is committed. Hangfire's client enqueues on its own connection after the commit
/// (two more transactions, a blocked thread), so a crash or a database hiccup in between lost the mail.
/// The rows are the ones Hangfire.PostgreSql writes for an enqueued job (job, Enqueued state, queue row;
/// the workers poll every second), serialised by Hangfire's own <see cref="InvocationData"/>;
/// JobsInTransactionTests compares them with the client's, and <see cref="EnsureSchemaAsync"/> refuses
/// to start on another schema version (an upgrade of the package must come with that test green).
/// Client filters do not run: the job's queue comes from its [Queue] attribute, and no culture is captured
/// (the mail jobs format their dates in French explicitly). It needs Hangfire's storage in the town's
/// database, as today (one database for platform, towns and jobs): a town moved to another cluster
/// would need a job storage, and workers, on that cluster.
/// </summary>
public static class JobsInTransaction
{
    /// <summary>The schema version of Hangfire.PostgreSql 1.21 (table hangfire.schema).</summary>
    public const int SchemaVersion = 23;

    public static Task EnqueueAsync<T>(DatabaseFacade database, Expression<Func<T, Task>> call, CancellationToken cancellationToken)
    {
        if (database.CurrentTransaction is null)
            throw new InvalidOperationException("JobsInTransaction s'utilise dans une transaction : sinon, c'est le client de Hangfire qu'il faut.");
        var job = Job.FromExpression(call);
        var queue = job.Queue ?? job.Method.GetCustomAttribute<QueueAttribute>()?.Queue ?? EnqueuedState.DefaultQueue;
        var invocation = InvocationData.SerializeJob(job);
        var state = SerializationHelper.Serialize(new EnqueuedState(queue).SerializeData());
        return database.ExecuteSqlAsync($"""
            WITH ids AS (SELECT nextval('hangfire.job_id_seq') AS job_id, nextval('hangfire.state_id_seq') AS state_id),
            job AS (
                INSERT INTO hangfire.job (id, stateid, statename, invocationdata, arguments, createdat)
                SELECT job_id, state_id, 'Enqueued', {SerializationHelper.Serialize(invocation)}::jsonb, {invocation.Arguments}::jsonb, now() FROM ids),
            state AS (
                INSERT INTO hangfire.state (id, jobid, name, createdat, data)
                SELECT state_id, job_id, 'Enqueued', now(), {state}::jsonb FROM ids)
            INSERT INTO hangfire.jobqueue (jobid, queue) SELECT job_id, {queue} FROM ids
            """, cancellationToken);
    }

    /// <summary>Checked when the host starts: the rows above match the installed schema.</summary>
    public static async Task EnsureSchemaAsync(Npgsql.NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT version FROM hangfire.schema");
        var version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        if (version != SchemaVersion)
            throw new InvalidOperationException(
                $"Le schéma hangfire est en version {version}, JobsInTransaction écrit la version {SchemaVersion} : vérifiez ses lignes (JobsInTransactionTests) avant de changer de version de Hangfire.PostgreSql.");
    }
}
