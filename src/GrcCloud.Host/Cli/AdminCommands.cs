using System.CommandLine;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Host.Features.Operator;
using GrcCloud.Host.Features.Provisioning;
using Microsoft.AspNetCore.Identity;
using GrcCloud.Host.Infrastructure;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Cli;

/// <summary>
/// The admin command line (<c>deploy/dev/grccloud &lt;command&gt;</c>). Each command works on the same
/// database as the running platform. A failure prints one clear line and exits non-zero.
/// </summary>
public static class AdminCommands
{
    private static readonly System.Text.Json.JsonSerializerOptions IndentedJson = new() { WriteIndented = true };
    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal) { "migrate", "tenants", "operators", "agents", "billing", "help", "--help", "-h", "-?" };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !Commands.Contains(args[0]))
        {
            WebApplication app;
            try
            {
                app = await WebRole.BuildAsync(args);
            }
            catch (Exception e) when (e is Microsoft.Extensions.Options.OptionsValidationException or InvalidOperationException)
            {
                // A setting is missing or wrong: one line naming it, not a stack trace.
                await Console.Error.WriteLineAsync($"grccloud : démarrage refusé : {e.Message}");
                return 1;
            }
            await app.RunAsync();
            return 0;
        }

        var root = BuildCommands();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"grccloud : {parse.Errors[0].Message} (voir grccloud {args[0]} --help)");
            return 2;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is ProvisioningException or RecipeException or CommandException)
        {
            await Console.Error.WriteLineAsync($"grccloud : {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await Console.Error.WriteLineAsync($"grccloud : {e.GetBaseException().Message}");
            return 1;
        }
    }

    private static RootCommand BuildCommands()
    {
        var root = new RootCommand("GrcCloud : administration de la plateforme");
        root.Options.Add(CliOutput.Json);

        var migrate = new Command("migrate", "Met à jour le schéma de la plateforme puis celui de chaque commune (reprend là où une exécution précédente s'est arrêtée).");
        migrate.SetAction((r, ct) => WithServicesAsync((sp, c) => MigrateAsync(sp, r, c), ct));
        root.Subcommands.Add(migrate);

        TownCommands.Add(root);
        OperatorCommands.Add(root);
        AgentCommands.Add(root);
        BillingCommands.Add(root);


        return root;
    }

    internal static async Task<int> WithServicesAsync(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The command line only enqueues; jobs run in the web hosts.
        builder.Configuration["GrcCloud:Jobs:RunServer"] = "false";
        await using var database = await DatabaseBootstrap.StartAsync(builder.Configuration, builder.Environment, cancellationToken);
        builder.Services.AddGrcCloudCore(builder.Configuration, database.ConnectionString);
        await using var services = builder.Services.BuildServiceProvider();
        services.CheckSettings();
        return await action(services, cancellationToken);
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, System.CommandLine.ParseResult parse, CancellationToken cancellationToken)
    {
        var migrator = services.GetRequiredService<TownSchemaMigrator>();
        var json = parse.GetValue(CliOutput.Json);
        if (!json)
            Console.WriteLine("Plateforme et communes : mise à jour des schémas…");
        var results = await migrator.MigrateAllAsync(r =>
        {
            if (!json)
                Console.WriteLine(r.Succeeded ? $"  ✓ {r.Slug}" : $"  ✗ {r.Slug} : {r.Error}");
        }, cancellationToken);
        var failed = results.Where(r => !r.Succeeded).Select(r => r.Slug).ToList();
        // With --json the per-town results are printed even when some failed (the exit code says so).
        if (json)
            CliOutput.Write(parse, new { Towns = results.Select(r => new { r.Slug, r.Succeeded, r.Error }), Failed = failed.Count }, () => { });
        if (failed.Count > 0)
            throw new CommandException($"migration en échec pour {failed.Count} commune(s) : {string.Join(", ", failed)} ; les autres sont à jour, relancez « grccloud migrate » après correction");
        if (!json)
            Console.WriteLine($"{results.Count} commune(s) à jour.");
        return 0;
    }

}

/// <summary>A refusal of the command line, printed as one line.</summary>
public sealed class CommandException(string message) : Exception(message);
