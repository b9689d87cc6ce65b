using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GrcCloud.Host.Features.Operator.Towns.Town;

/// <summary>
/// Exports of a town's data, kept under <c>GrcCloud:Exports:Path</c>/&lt;slug&gt;/ and recorded in
/// platform.town_exports: a PostgreSQL archive of its schema (pg_dump, to restore the town as it was)
/// and a zip the town itself can open (one CSV per table, attachments). A file is recorded only once
/// complete (written under a temporary name, then renamed), so a failed export leaves nothing half-made.
/// </summary>
public sealed class TownExports(
    PlatformDbContext db, NpgsqlDataSource dataSource, IConfiguration configuration, ExportsOptions options,
    OperatorAudit audit, TimeProvider clock, ILogger<TownExports> log)
{
    /// <summary>
    /// The town's business tables, in the zip in this order. An allow-list: a table added later (tokens,
    /// keys) is not exported until someone decides it belongs to the town's readable data.
    /// </summary>
    private static readonly string[] PortableTables =
    [
        "requests", "request_events", "request_attachments", "request_followers", "validations", "site_visits",
        "users", "user_roles", "roles", "agent_services", "services", "theme_families", "themes",
        "reply_templates", "mail_templates", "town_settings", "audit_log",
    ];

    /// <summary>Credentials stay out of the town's copy (file contents go as files, not as hex in a cell).</summary>
    private static readonly HashSet<string> SecretColumns = new(StringComparer.Ordinal)
    {
        "password_hash", "security_stamp", "concurrency_stamp", "france_connect_sub",
    };

    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public async Task<IReadOnlyList<TownExportRecord>> ListAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        await db.TownExports.AsNoTracking().Where(e => e.TenantId == tenantId).OrderByDescending(e => e.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>Exports a town now (console and command line), whatever its state as long as its schema exists.</summary>
    public async Task<(TownActionResult Result, IReadOnlyList<TownExportRecord> Files)> ExportAsync(string slug, TownActor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.MayAct)
            return (TownActionResult.Forbidden, []);
        var town = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (town is null)
            return (TownActionResult.NotFound, []);
        if (town.PurgedAt is not null || town.Status is Tenancy.TenantStatus.Provisioning or Tenancy.TenantStatus.Failed)
            return (TownActionResult.Refused(TownFields.Whole, "Cette commune n'a pas de données à exporter."), []);
        return await ExportAsync(town, actor, cancellationToken);
    }

    internal async Task<(TownActionResult Result, IReadOnlyList<TownExportRecord> Files)> ExportAsync(TenantRecord town, TownActor actor, CancellationToken cancellationToken)
    {
        var files = new List<TownExportRecord>();
        string? warning = null;
        try
        {
            files.Add(await RecordAsync(town, TownExportKinds.Portable, actor, path => WritePortableAsync(town.SchemaName, path, cancellationToken), ".zip", cancellationToken));
        }
        catch (Exception e) when (e is IOException or NpgsqlException or UnauthorizedAccessException)
        {
            log.LogError(e, "Export lisible de {Slug} en échec", town.Slug);
            return (TownActionResult.Refused(TownFields.Whole, $"L'export des données a échoué ({e.GetBaseException().Message}) : rien n'a été enregistré, relancez-le."), files);
        }
        if (PrivatePostgresCluster.FindTool("pg_dump") is { } pgDump)
        {
            try
            {
                files.Add(await RecordAsync(town, TownExportKinds.PostgresArchive, actor, path => RunPgDumpAsync(pgDump, town.SchemaName, path, cancellationToken), ".dump", cancellationToken));
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                log.LogError(e, "Archive PostgreSQL de {Slug} en échec", town.Slug);
                warning = $"L'archive PostgreSQL n'a pas pu être faite ({e.GetBaseException().Message}) ; l'export lisible est enregistré.";
            }
        }
        else
            warning = "pg_dump est introuvable sur ce serveur : seul l'export lisible (CSV) a été fait.";
        await TownJournal.RecordAsync(audit, actor, OperatorActions.TownExported, town.Slug,
            string.Join(" ; ", files.Select(f => $"{f.Kind} {Path.GetFileName(f.Path)} ({f.SizeBytes} octets, sha256 {f.Sha256})")));
        return (TownActionResult.Done(warning), files);
    }

    /// <summary>Writes one file under a temporary name, then names it and records it.</summary>
    private async Task<TownExportRecord> RecordAsync(TenantRecord town, string kind, TownActor actor, Func<string, Task> write, string extension, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var folder = Path.Combine(options.Path, town.Slug);
        Directory.CreateDirectory(folder);
        var name = $"{town.Slug}-{now:yyyyMMdd-HHmmss}-{id.ToString("N")[^8..]}-{(kind == TownExportKinds.Portable ? "donnees" : "schema")}{extension}";
        var path = Path.Combine(folder, name);
        var partial = path + ".partiel";
        try
        {
            await write(partial);
            File.Move(partial, path);
        }
        finally
        {
            File.Delete(partial);
        }
        string sha256;
        await using (var file = File.OpenRead(path))
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        var record = new TownExportRecord
        {
            Id = id, TenantId = town.Id, Slug = town.Slug, Kind = kind, Path = path, SizeBytes = new FileInfo(path).Length,
            Sha256 = sha256, CreatedAt = now, CreatedBy = actor.Email,
        };
        db.TownExports.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            db.TownExports.Entry(record).State = EntityState.Detached;
            File.Delete(path);
            throw;
        }
        return record;
    }

    private async Task WritePortableAsync(string schemaName, string path, CancellationToken cancellationToken)
    {
        var schema = Data.Towns.SchemaSql.Quote(schemaName);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for every table: the files agree with each other.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var columns = await ColumnsAsync(connection, schemaName, cancellationToken);

        await using var file = File.Create(path);
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            await WriteReadMeAsync(zip, schemaName);
            foreach (var table in PortableTables.Where(columns.ContainsKey))
            {
                var list = string.Join(", ", columns[table].Select(c => $"\"{c}\""));
                var entry = zip.CreateEntry($"{table}.csv", CompressionLevel.Optimal);
                await using var writer = new StreamWriter(entry.Open(), Utf8WithBom);
                using var reader = await connection.BeginTextExportAsync(
                    $"COPY (SELECT {list} FROM {schema}.\"{table}\" ORDER BY 1) TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ';')", cancellationToken);
                var buffer = new char[8192];
                int read;
                while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
                    await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            if (columns.ContainsKey("request_attachments"))
                await WriteAttachmentsAsync(zip, connection, schema, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Exported columns of each table of the town's schema (file contents and credentials left out).</summary>
    private static async Task<Dictionary<string, List<string>>> ColumnsAsync(NpgsqlConnection connection, string schemaName, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position", connection);
        command.Parameters.AddWithValue(schemaName);
        var columns = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (table, column, type) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
            if (type == "bytea" || SecretColumns.Contains(column))
                continue;
            if (!columns.TryGetValue(table, out var list))
                columns[table] = list = [];
            list.Add(column);
        }
        return columns;
    }

    /// <summary>Each attachment as a file named after its request: pieces-jointes/LAV-2026-000123/&lt;id&gt;.pdf.</summary>
    private static async Task WriteAttachmentsAsync(ZipArchive zip, NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT r.reference, a.id, a.content_type, a.content FROM {schema}.request_attachments a JOIN {schema}.requests r ON r.id = a.request_id ORDER BY r.reference, a.uploaded_at", connection);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var reference = reader.GetString(0);
            var id = reader.GetGuid(1);
            var extension = reader.GetString(2) switch { "image/jpeg" => ".jpg", "image/png" => ".png", "application/pdf" => ".pdf", _ => ".bin" };
            // The reference is the platform's (LAV-2026-000123), never the uploader's file name.
            var entry = zip.CreateEntry($"pieces-jointes/{reference}/{id}{extension}", CompressionLevel.NoCompression);
            await using var target = entry.Open();
            await using var content = await reader.GetStreamAsync(3, cancellationToken);
            await content.CopyToAsync(target, cancellationToken);
        }
    }

    private static async Task WriteReadMeAsync(ZipArchive zip, string schemaName)
    {
        var entry = zip.CreateEntry("LISEZMOI.txt");
        await using var writer = new StreamWriter(entry.Open(), Utf8WithBom);
        await writer.WriteAsync($"""
            Export des données de la commune (schéma {schemaName}).

            Un fichier CSV par table (UTF-8, séparateur « ; », première ligne : noms des colonnes) :
            requests (demandes), request_events (historique des demandes), request_attachments (pièces jointes,
            dont le contenu est dans le dossier pieces-jointes/<référence>/), users (usagers et agents, sans
            leurs mots de passe), services, themes, audit_log (journal des agents)…
            Dates en temps universel (UTC).
            """.Replace("\n", "\r\n", StringComparison.Ordinal));
    }

    /// <summary>pg_dump --format=custom of the schema only (pg_restore rebuilds it), with the platform's own connection.</summary>
    private async Task RunPgDumpAsync(string pgDump, string schemaName, string path, CancellationToken cancellationToken)
    {
        // The configured connection string carries its password; the private cluster's has none.
        var connection = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("GrcCloud") is { Length: > 0 } configured ? configured : dataSource.ConnectionString);
        var start = new ProcessStartInfo(pgDump) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--host", connection.Host ?? "localhost", "--port", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--username", connection.Username ?? "postgres", "--dbname", connection.Database ?? "postgres",
            $"--schema={schemaName}", "--format=custom", "--no-owner", "--no-privileges", "--no-password", $"--file={path}",
        })
            start.ArgumentList.Add(argument);
        if (connection.Password is { Length: > 0 } password)
            start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pg_dump n'a pas démarré");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("pg_dump n'a pas fini en 30 minutes");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"pg_dump a échoué (code {process.ExitCode}) : {(await error).Trim()}");
    }
}
