using System.Diagnostics;
using System.Globalization;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Postgres;
using GrcCloud.Data.Towns;
using GrcCloud.Host;
using GrcCloud.Host.Features.Operator.Towns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Benchmarks;

/// <summary>
/// (f) Issue 11: N towns created one after the other through the console's path — the creation
/// service's checks and run record (<see cref="TownCreation.StartAsync"/>), then the job's body
/// (<see cref="TownCreation.RunAsync"/>: recipe, registry, schema, catalogue, activation, the
/// supervisor's invitation with its mail). Wall time per town, median and p90.
/// </summary>
public static class ConsoleCreationBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var towns = args.Length >= 2 && args[0] == "--towns" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var folder = Path.Combine(Path.GetTempPath(), "grccloud-bench-" + Guid.NewGuid().ToString("N")[..8]);
        await using var cluster = await PrivatePostgresCluster.StartAsync(folder, ephemeral: true);
        var mail = Path.Combine(folder, "mail");
        // No SMTP server here: each invitation is written as an .eml file (MailSender's pickup folder), the same message MailKit would send.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GrcCloud:Mail:PickupFolder"] = mail,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddGrcCloudCore(configuration, cluster.ConnectionString).BuildServiceProvider();
        await services.GetRequiredService<TownSchemaMigrator>().MigratePlatformAsync();

        var durations = new List<double>(towns);
        // Time spent in each step (from its start to the next one's, or the end), summed over the towns.
        var stepTotals = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < towns; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await using (var scope = services.CreateAsyncScope())
            {
                var creation = scope.ServiceProvider.GetRequiredService<TownCreation>();
                var (started, errors) = await creation.StartAsync(Request(i), TownCreationChannel.Console,
                    new TownCreationRequester(null, "bench@grccloud.example"), enqueue: false, CancellationToken.None);
                if (started is null)
                    throw new InvalidOperationException(string.Join(" ; ", errors.Values));
                var last = ("0 vérifications et enregistrement", stopwatch.Elapsed.TotalMilliseconds);
                stepTotals[last.Item1] = stepTotals.GetValueOrDefault(last.Item1) + last.Item2;
                var run = await creation.RunAsync(started.Id, step =>
                {
                    var now = stopwatch.Elapsed.TotalMilliseconds;
                    stepTotals[last.Item1] = stepTotals.GetValueOrDefault(last.Item1) + now - last.Item2;
                    last = ($"{step.Step} {step.StepLabel}", now);
                    return Task.CompletedTask;
                }, CancellationToken.None);
                stepTotals[last.Item1] = stepTotals.GetValueOrDefault(last.Item1) + stopwatch.Elapsed.TotalMilliseconds - last.Item2;
                if (run?.Status != ProvisioningRunStatus.Succeeded)
                    throw new InvalidOperationException($"commune {i} : {run?.Error}");
            }
            durations.Add(stopwatch.Elapsed.TotalMilliseconds);
            if ((i + 1) % 10 == 0)
                Console.WriteLine($"  {i + 1} communes, médiane jusqu'ici {Percentile(durations, 0.5):F0} ms");
        }
        total.Stop();
        var mails = Directory.Exists(mail) ? Directory.GetFiles(mail, "*.eml").Length : 0;
        Console.WriteLine($"Création depuis la console de {towns} communes à la suite : {total.Elapsed.TotalSeconds:F0} s, "
            + $"médiane {Percentile(durations, 0.5):F0} ms, p90 {Percentile(durations, 0.9):F0} ms, max {durations.Max():F0} ms par commune ; {mails} invitations écrites");
        foreach (var (step, totalMs) in stepTotals)
            Console.WriteLine($"  étape {step} : {totalMs / towns:F0} ms en moyenne");
        return mails == towns ? 0 : 1;
    }

    private static TownCreationRequest Request(int i) => new()
    {
        Name = $"Commune {i:D4}",
        Slug = $"commune-{i:D4}",
        Insee = (10000 + i).ToString(CultureInfo.InvariantCulture),
        Siret = Siret(i),
        AddressLine = "1 place de la Mairie",
        PostalCode = "81000",
        City = $"Commune {i:D4}",
        SupervisorEmail = $"superviseur@commune-{i:D4}.example",
        Recipe = "_template",
        Plan = "reference",
    };

    /// <summary>A SIRET of 14 digits with a valid Luhn key, one per town.</summary>
    private static string Siret(int i)
    {
        var stem = "2100" + i.ToString("D9", CultureInfo.InvariantCulture);
        for (var key = 0; key < 10; key++)
        {
            var siret = stem + key.ToString(CultureInfo.InvariantCulture);
            if (GrcCloud.Host.Features.Provisioning.TownIdentifiers.CheckSiret(siret) is null)
                return siret;
        }
        throw new InvalidOperationException("aucune clé de Luhn");
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }
}
