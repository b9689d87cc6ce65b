using System.CommandLine;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Host.Features.Operator;
using GrcCloud.Host.Features.Operator.Journal;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Host.Infrastructure;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static GrcCloud.Host.Cli.AdminCommands;

namespace GrcCloud.Host.Cli;

/// <summary><c>grccloud operators …</c>: the vendor's operators.</summary>
internal static class OperatorCommands
{
    public static void Add(RootCommand root)
    {
        var operators = new Command("operators", "Gère les comptes des opérateurs de l'éditeur.");
        root.Subcommands.Add(operators);
        var email = new Option<string>("--email") { Description = "Adresse électronique de l'opérateur", Required = true };
        var operatorRole = new Option<string>("--role") { Description = "Rôle : administrateur, facturation ou support (lecture seule)", DefaultValueFactory = _ => OperatorRoles.Administrator };
        operatorRole.AcceptOnlyFromAmong([.. OperatorRoles.All]);
        var createOperator = new Command("create", "Crée un compte d'opérateur et affiche son lien de première connexion (valable 2 heures).") { email, operatorRole };
        createOperator.SetAction((r, ct) => WithServicesAsync((sp, c) => CreateOperatorAsync(sp, r.GetValue(email)!, r.GetValue(operatorRole)!, c), ct));
        operators.Subcommands.Add(createOperator);

    }

    private static async Task<int> CreateOperatorAsync(IServiceProvider services, string email, string role, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<TownSchemaMigrator>().MigratePlatformAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var operators = scope.ServiceProvider.GetRequiredService<UserManager<OperatorAccount>>();
        if (!Features.Shared.EmailAddresses.IsValid(email))
            throw new CommandException($"adresse électronique « {email} » invalide");
        if (await operators.FindByEmailAsync(email) is not null)
            throw new CommandException($"un opérateur existe déjà avec l'adresse {email}");
        var account = new OperatorAccount { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow, Role = role };
        var result = await operators.CreateAsync(account);
        if (!result.Succeeded)
            throw new CommandException(string.Join(" ", result.Errors.Select(e => e.Description)));
        var code = await operators.GeneratePasswordResetTokenAsync(account);
        var tenancy = services.GetRequiredService<TenancyOptions>();
        var link = $"{tenancy.PublicOrigin("ops")}/activation{QueryString.Create(new Dictionary<string, string?> { ["operateur"] = account.Id.ToString(), ["code"] = code })}";
        await scope.ServiceProvider.GetRequiredService<OperatorAudit>().RecordCommandAsync(OperatorActions.OperatorCreated, null, $"{email} ({OperatorRoles.Label(role)})");
        Console.WriteLine($"Opérateur {email} ({OperatorRoles.Label(role)}) créé. Lien de première connexion (valable 2 heures, une seule fois) :");
        Console.WriteLine(link);
        return 0;
    }

}
