using System.Text.RegularExpressions;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Operator;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Billing;

/// <summary>
/// The plans towns pay (set-up fee and quarterly price, VAT 20 %), for the console, the command line
/// and the API. Amounts are typed including or excluding VAT and stored excluding VAT in cents. A
/// price change makes new Stripe prices for new subscriptions; running subscriptions keep the price
/// they were made with until the town's plan is changed.
/// </summary>
public sealed partial class PlanCatalogue(PlatformDbContext db, OperatorAudit audit, BillingClock clock)
{
    public const decimal VatPercent = 20m;

    public sealed record PlanInput(string? Code, string? Name, string? SetupFee, string? QuarterlyFee, bool AmountsIncludeVat, bool IsDefault);

    public Task<List<PlanRecord>> ListAsync(CancellationToken cancellationToken) =>
        db.Plans.AsNoTracking().OrderBy(p => p.IsArchived).ThenBy(p => p.Name).ToListAsync(cancellationToken);

    public async Task<PlanRecord> CreateAsync(PlanInput input, BillingActor actor, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var code = input.Code?.Trim().ToLowerInvariant();
        if (code is null || !CodePattern().IsMatch(code))
            errors["Code"] = "Le code compte 2 à 40 caractères : lettres minuscules sans accent, chiffres et tirets (par exemple « reference »).";
        else if (await db.Plans.AnyAsync(p => p.Code == code, cancellationToken))
            errors["Code"] = $"Une formule a déjà le code « {code} ».";
        var (name, setup, quarterly) = Check(input, errors);
        if (errors.Count > 0)
            throw new BillingRefusalException(errors);
        var plan = new PlanRecord
        {
            Id = UUIDNext.Uuid.NewDatabaseFriendly(UUIDNext.Database.PostgreSql),
            Code = code!, Name = name!, SetupFeeCents = setup!.Value, QuarterlyFeeCents = quarterly!.Value,
            VatRatePercent = VatPercent, CreatedAt = clock.Now, UpdatedAt = clock.Now,
        };
        db.Plans.Add(plan);
        await SetDefaultAsync(plan, input.IsDefault, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(actor, OperatorActions.PlanCreated, Describe(plan));
        return plan;
    }

    public async Task<PlanRecord> EditAsync(string code, PlanInput input, BillingActor actor, CancellationToken cancellationToken)
    {
        var plan = await db.Plans.SingleOrDefaultAsync(p => p.Code == code, cancellationToken) ?? throw new BillingRefusalException("Code", $"Formule « {code} » inconnue.");
        var errors = new Dictionary<string, string>();
        var (name, setup, quarterly) = Check(input, errors);
        if (errors.Count > 0)
            throw new BillingRefusalException(errors);
        var before = Describe(plan);
        plan.Name = name!;
        plan.SetupFeeCents = setup!.Value;
        plan.QuarterlyFeeCents = quarterly!.Value;
        plan.UpdatedAt = clock.Now;
        await SetDefaultAsync(plan, input.IsDefault, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(actor, OperatorActions.PlanChanged, $"{before} → {Describe(plan)}");
        return plan;
    }

    /// <summary>No longer offered to towns; those on it keep it.</summary>
    public async Task<PlanRecord> ArchiveAsync(string code, BillingActor actor, CancellationToken cancellationToken)
    {
        var plan = await db.Plans.SingleOrDefaultAsync(p => p.Code == code, cancellationToken) ?? throw new BillingRefusalException("Code", $"Formule « {code} » inconnue.");
        if (plan.IsDefault)
            throw new BillingRefusalException("Code", "La formule proposée par défaut ne s'archive pas : choisissez d'abord une autre formule par défaut.");
        if (!plan.IsArchived)
        {
            plan.IsArchived = true;
            plan.UpdatedAt = clock.Now;
            await db.SaveChangesAsync(cancellationToken);
            await RecordAsync(actor, OperatorActions.PlanArchived, plan.Name);
        }
        return plan;
    }

    public static string Describe(PlanRecord plan) =>
        $"{plan.Name} : mise en service {Money.Format(plan.IncludingVat(plan.SetupFeeCents))} TTC, trimestre {Money.Format(plan.IncludingVat(plan.QuarterlyFeeCents))} TTC";

    private static (string? Name, long? Setup, long? Quarterly) Check(PlanInput input, Dictionary<string, string> errors)
    {
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
            errors["Name"] = "Le nom de la formule est obligatoire (100 caractères au plus).";
        return (name, Amount(input.SetupFee, "SetupFee", "Les frais de mise en service", input.AmountsIncludeVat, errors),
            Amount(input.QuarterlyFee, "QuarterlyFee", "Le prix trimestriel", input.AmountsIncludeVat, errors));
    }

    private static long? Amount(string? text, string field, string label, bool includesVat, Dictionary<string, string> errors)
    {
        if (Money.ParseCents(text) is not { } cents)
        {
            errors[field] = $"{label} : saisissez un montant en euros, par exemple « 5 500,00 ».";
            return null;
        }
        if (!includesVat)
            return cents;
        if (Money.ExcludingVat(cents, VatPercent) is { } excluding)
            return excluding;
        errors[field] = $"{label} : aucun montant hors taxes ne donne exactement {Money.Format(cents)} TTC ; saisissez le montant hors taxes.";
        return null;
    }

    private async Task SetDefaultAsync(PlanRecord plan, bool isDefault, CancellationToken cancellationToken)
    {
        if (!isDefault || plan.IsDefault)
            return;
        if (plan.IsArchived)
            throw new BillingRefusalException("IsDefault", "Une formule archivée ne peut pas être proposée par défaut.");
        foreach (var other in await db.Plans.Where(p => p.IsDefault && p.Id != plan.Id).ToListAsync(cancellationToken))
            other.IsDefault = false;
        plan.IsDefault = true;
    }

    private Task RecordAsync(BillingActor actor, string action, string details) => actor.FromCommandLine
        ? audit.RecordCommandAsync(action, null, details)
        : audit.RecordAsync(action, actor.OperatorId, actor.Email, null, details);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,39}$")]
    private static partial Regex CodePattern();
}
