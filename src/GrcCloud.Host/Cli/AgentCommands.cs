using System.CommandLine;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Host.Features.Operator;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Host.Infrastructure;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static GrcCloud.Host.Cli.AdminCommands;

namespace GrcCloud.Host.Cli;

/// <summary><c>grccloud agents …</c>: a town's agents.</summary>
internal static class AgentCommands
{
    public static void Add(RootCommand root)
    {
        var slug = new Option<string>("--slug") { Description = "Identifiant de la commune (sous-domaine)", Required = true };
        var email = new Option<string>("--email") { Description = "Adresse électronique de l'agent", Required = true };
        var agents = new Command("agents", "Gère les comptes des agents d'une commune.");
        root.Subcommands.Add(agents);
        var givenName = new Option<string>("--given-name") { Description = "Prénom", DefaultValueFactory = _ => "Superviseur" };
        var familyName = new Option<string>("--family-name") { Description = "Nom", DefaultValueFactory = _ => "Mairie" };
        var role = new Option<string>("--role") { Description = "agent, head_of_service, supervisor, elected ou readonly", DefaultValueFactory = _ => AgentRoles.Supervisor };
        var invite = new Command("invite", "Invite un agent (par défaut le superviseur de la commune) : envoie le courriel et affiche le lien.") { slug, email, givenName, familyName, role };
        invite.SetAction((r, ct) => WithServicesAsync((sp, c) => InviteAgentAsync(sp, r, r.GetValue(slug)!, r.GetValue(email)!, r.GetValue(givenName)!, r.GetValue(familyName)!, r.GetValue(role)!, c), ct));
        agents.Subcommands.Add(invite);

    }

    private static async Task<int> InviteAgentAsync(IServiceProvider services, ParseResult parse, string slug, string email, string givenName, string familyName, string role, CancellationToken cancellationToken)
    {
        TenantRecord town;
        await using (var platform = services.CreateAsyncScope())
        {
            town = await platform.ServiceProvider.GetRequiredService<PlatformDbContext>().Tenants.Include(t => t.Hosts).AsNoTracking()
                .SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken)
                ?? throw new CommandException($"commune « {slug} » inconnue (voir grccloud tenants list)");
        }
        if (!Features.Shared.EmailAddresses.IsValid(email))
            throw new CommandException($"adresse électronique « {email} » invalide");
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateTownScope(town.ToInfo());
        var (agent, link, errors) = await scope.ServiceProvider.GetRequiredService<GrcCloud.Host.Features.BackOffice.AgentInvitations>().InviteAsync(
            new GrcCloud.Host.Features.BackOffice.AgentInvitation(givenName, familyName, email, role, []), cancellationToken);
        if (agent is null)
            throw new CommandException(string.Join(" ", errors));
        CliOutput.Write(parse, new { Town = town.Slug, Email = email, Role = role, InvitationLink = link }, () =>
        {
            Console.WriteLine($"Invitation envoyée à {email} ({AgentRoles.Label(role)} de {town.Name}). Lien (valable 3 jours, une seule fois) :");
            Console.WriteLine(link);
        });
        return 0;
    }

}
