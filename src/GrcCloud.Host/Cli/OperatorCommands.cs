using System.CommandLine;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Host.Features.Operator;
using GrcCloud.Host.Features.OperatorApi;
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
        createOperator.SetAction((r, ct) => WithServicesAsync((sp, c) => CreateOperatorAsync(sp, r, r.GetValue(email)!, r.GetValue(operatorRole)!, c), ct));
        operators.Subcommands.Add(createOperator);

        // API tokens, to bootstrap a vendor's automation (the console's /operateurs/jetons does the same).
        var token = new Command("token", "Gère les jetons de l'API des opérateurs (/api/ops/v1).");
        operators.Subcommands.Add(token);
        var tokenEmail = new Option<string>("--email") { Description = "Adresse de l'opérateur propriétaire du jeton", Required = true };
        var tokenName = new Option<string>("--name") { Description = "Nom du jeton (l'outil qui l'utilise)", Required = true };
        var tokenDays = new Option<int?>("--expires-in-days") { Description = $"Durée de validité en jours (1 à {OperatorApiTokens.MaxLifetimeDays}, 365 par défaut)" };
        var createToken = new Command("create", "Crée un jeton d'API et l'affiche une seule fois.") { tokenEmail, tokenName, tokenDays };
        createToken.SetAction((r, ct) => WithServicesAsync((sp, c) => CreateTokenAsync(sp, r, r.GetValue(tokenEmail)!, r.GetValue(tokenName)!, r.GetValue(tokenDays), c), ct));
        token.Subcommands.Add(createToken);
        var tokenId = new Option<Guid>("--id") { Description = "Identifiant du jeton (affiché à sa création et sur /operateurs/jetons)", Required = true };
        var revokeToken = new Command("revoke", "Révoque un jeton d'API : il est refusé dès maintenant.") { tokenId };
        revokeToken.SetAction((r, ct) => WithServicesAsync((sp, c) => RevokeTokenAsync(sp, r, r.GetValue(tokenId), c), ct));
        token.Subcommands.Add(revokeToken);

    }

    private static async Task<int> CreateOperatorAsync(IServiceProvider services, ParseResult parse, string email, string role, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<TownSchemaMigrator>().MigratePlatformAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var operators = scope.ServiceProvider.GetRequiredService<UserManager<OperatorAccount>>();
        if (!Features.Shared.EmailAddresses.IsValid(email))
            throw new CommandException($"adresse électronique « {email} » invalide");
        if (await operators.FindByEmailAsync(email) is not null)
            throw new CommandException($"un opérateur existe déjà avec l'adresse {email}");
        var account = new OperatorAccount { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(), Role = role };
        var result = await operators.CreateAsync(account);
        if (!result.Succeeded)
            throw new CommandException(string.Join(" ", result.Errors.Select(e => e.Description)));
        var code = await operators.GeneratePasswordResetTokenAsync(account);
        var tenancy = services.GetRequiredService<TenancyOptions>();
        var link = $"{tenancy.PublicOrigin("ops")}/activation{QueryString.Create(new Dictionary<string, string?> { ["operateur"] = account.Id.ToString(), ["code"] = code })}";
        await scope.ServiceProvider.GetRequiredService<OperatorAudit>().RecordCommandAsync(OperatorActions.OperatorCreated, null, $"{email} ({OperatorRoles.Label(role)})");
        CliOutput.Write(parse, new { account.Id, Email = email, Role = role, ActivationLink = link }, () =>
        {
            Console.WriteLine($"Opérateur {email} ({OperatorRoles.Label(role)}) créé. Lien de première connexion (valable 2 heures, une seule fois) :");
            Console.WriteLine(link);
        });
        return 0;
    }

    private static async Task<int> CreateTokenAsync(IServiceProvider services, ParseResult parse, string email, string name, int? days, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<UserManager<OperatorAccount>>().FindByEmailAsync(email)
            ?? throw new CommandException($"aucun opérateur n'a l'adresse {email}");
        var errors = OperatorApiTokens.Validate(name, days);
        if (errors.Count > 0)
            throw new CommandException(string.Join(" ", errors.Values.SelectMany(m => m)));
        var issued = await scope.ServiceProvider.GetRequiredService<OperatorApiTokens>().CreateAsync(account, name, days, null, cancellationToken);
        CliOutput.Write(parse, new { issued.Id, issued.Name, OperatorEmail = email, account.Role, issued.Token, issued.CreatedAt, issued.ExpiresAt }, () =>
        {
            Console.WriteLine($"Jeton « {issued.Name} » créé pour {email} ({OperatorRoles.Label(account.Role)}), identifiant {issued.Id}, expire le {issued.ExpiresAt:yyyy-MM-dd}.");
            Console.WriteLine("Copiez-le maintenant, il ne sera plus affiché :");
            Console.WriteLine(issued.Token);
        });
        return 0;
    }

    private static async Task<int> RevokeTokenAsync(IServiceProvider services, ParseResult parse, Guid id, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        if (!await scope.ServiceProvider.GetRequiredService<OperatorApiTokens>().RevokeAsync(id, null, cancellationToken))
            throw new CommandException($"aucun jeton actif n'a l'identifiant {id}");
        CliOutput.Write(parse, new { Id = id, Revoked = true }, () => Console.WriteLine($"Jeton {id} révoqué."));
        return 0;
    }

}
