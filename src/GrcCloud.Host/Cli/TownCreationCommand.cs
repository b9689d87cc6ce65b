using System.CommandLine;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Operator.Towns;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using static GrcCloud.Host.Cli.AdminCommands;

namespace GrcCloud.Host.Cli;

/// <summary><c>grccloud tenants create</c>: the console's creation, run at once in the command's process, each step printed.</summary>
internal static class TownCreationCommand
{
    public static async Task<int> CreateAsync(IServiceProvider services, ParseResult parse, TownCreationRequest request, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<TownSchemaMigrator>().MigratePlatformAsync(cancellationToken);
        var json = parse.GetValue(CliOutput.Json);
        await using var scope = services.CreateAsyncScope();
        var creation = scope.ServiceProvider.GetRequiredService<TownCreation>();
        var (started, errors) = await creation.StartAsync(request, TownCreationChannel.CommandLine,
            new TownCreationRequester(null, $"cli:{Environment.UserName}"), enqueue: false, cancellationToken);
        if (started is null)
            throw new CommandException(string.Join(" ; ", errors.Values));

        var run = await creation.RunAsync(started.Id, step =>
        {
            if (!json)
                Console.WriteLine($"  {step.Step}/{step.StepCount} {step.StepLabel}…");
            return Task.CompletedTask;
        }, cancellationToken) ?? throw new CommandException("la création a disparu du registre");
        if (run.Status != ProvisioningRunStatus.Succeeded)
            throw new CommandException(OneLine(run.Error ?? "la création n'a pas abouti"));

        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var town = await platform.Tenants.AsNoTracking().Include(t => t.Hosts).SingleAsync(t => t.Id == run.TownId, cancellationToken);
        var plan = await platform.Plans.AsNoTracking().Where(p => p.Id == town.PlanId).Select(p => p.Code).FirstOrDefaultAsync(cancellationToken);
        var url = services.GetRequiredService<TenancyOptions>().PublicOrigin(town.Slug) + "/";
        CliOutput.Write(parse, new
        {
            Town = new
            {
                town.Id, town.Slug, town.Name, Insee = town.InseeCode, town.Siret, Status = town.Status.ToString().ToLowerInvariant(),
                Url = url, Hosts = town.Hosts.Select(h => h.Host).Order(StringComparer.Ordinal).ToArray(), Plan = plan,
                town.AddressLine, town.PostalCode, town.City, town.SupervisorEmail, Schema = town.SchemaName,
            },
            Run = new { run.Id, Status = run.Status.ToString().ToLowerInvariant(), run.Step, run.StepCount, run.Error, run.CreatedAt, run.StartedAt, run.FinishedAt, run.InvitationSentAt },
        }, () =>
        {
            Console.WriteLine($"Commune « {town.Name} » créée : {url} (schéma {town.SchemaName}).");
            if (town.SupervisorEmail is not null)
                Console.WriteLine($"Invitation envoyée au superviseur : {town.SupervisorEmail}.");
        });
        return 0;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
