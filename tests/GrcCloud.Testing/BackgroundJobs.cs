using Npgsql;

namespace GrcCloud.Testing;

public static class BackgroundJobs
{
    /// <summary>
    /// Waits until every background job calling <paramref name="method"/> is done with (succeeded, or
    /// failed for good): from then on nothing more can come of them. The deterministic way to check that
    /// something did NOT happen (no mail sent), instead of sleeping and hoping the job ran.
    /// </summary>
    public static async Task WaitForJobsAsync(this TestPlatform platform, string method, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FILTER (WHERE statename IS NULL OR statename NOT IN ('Succeeded', 'Deleted')), count(*) FROM hangfire.job WHERE invocationdata::text LIKE @method",
                connection);
            command.Parameters.AddWithValue("method", "%" + method + "%");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (pending, all) = (reader.GetInt64(0), reader.GetInt64(1));
            if (all > 0 && pending == 0)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{pending} tâche(s) {method} encore en cours sur {all}.");
            await Task.Delay(100, cancellationToken);
        }
    }
}
