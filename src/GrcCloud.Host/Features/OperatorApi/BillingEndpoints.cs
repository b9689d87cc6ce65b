using GrcCloud.Data.Platform;
using GrcCloud.Data.Platform.Billing;
using GrcCloud.Host.Features.Billing;
using GrcCloud.Host.Features.Operator;

namespace GrcCloud.Host.Features.OperatorApi;

/// <summary>A plan as the console's form has it: amounts in euros as text ("1 200,00"), excluding VAT unless <c>amountsIncludeVat</c>.</summary>
public sealed record PlanRequest(string? Code, string? Name, string? SetupFee, string? QuarterlyFee, bool AmountsIncludeVat, bool IsDefault);

public sealed record BillingDetailsRequest(string? BillingEmail, string? Siret, string? AddressLine, string? PostalCode, string? City,
    string? ChorusServiceCode, string? ChorusCommitmentNumber, string? PlanCode);

/// <summary>An invoice: <c>status</c> is Stripe's (draft, open, paid, void, uncollectible); amounts in cents including VAT; <c>pdf</c> Stripe's link.</summary>
public sealed record InvoiceResource(string Id, string? Number, string Status, string StatusLabel, long TotalCents, long AmountRemainingCents,
    DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd, DateTimeOffset? DueDate, DateTimeOffset? PaidAt, bool PaidOutOfBand, string? Pdf, string? HostedUrl);

/// <summary>
/// A town's billing: <c>state</c> is notBilled, active, paymentLate or suspended; the Stripe ids; the details
/// invoices carry (SIRET, Chorus Pro service code and commitment number); its invoices, newest first.
/// </summary>
public sealed record TownBillingResource(string Town, string State, string StateLabel, bool Started, string? PlanCode, string? BillingEmail,
    string? Siret, string? AddressLine, string? PostalCode, string? City, string? ChorusServiceCode, string? ChorusCommitmentNumber,
    string? StripeCustomerId, string? StripeSubscriptionId, DateTimeOffset? LastSyncedAt, IReadOnlyList<InvoiceResource> Invoices);

/// <summary>
/// Plans and towns' billing, on <see cref="PlanCatalogue"/> and <see cref="TownBillingService"/> as the console:
/// administrators and billing operators act, support reads. The journal names the operator with « (API) ».
/// </summary>
public static class BillingEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var plans = api.MapGroup("/plans").WithTags("Formules");
        plans.MapPost("/", CreatePlanAsync).RequireAuthorization(OperatorApiPolicies.Write)
            .WithSummary("Crée une formule")
            .WithDescription("Code (minuscules, chiffres, tirets), nom, frais de mise en service et abonnement trimestriel en euros (« 1 200,00 »), hors taxes sauf amountsIncludeVat ; isDefault la propose par défaut.")
            .Produces<PlanResource>(StatusCodes.Status201Created).WithWriteProblems();
        plans.MapPut("/{code}", EditPlanAsync).RequireAuthorization(OperatorApiPolicies.Write)
            .WithSummary("Modifie une formule")
            .WithDescription("Nom et montants ; le code ne change pas. Les abonnements en cours gardent leur prix jusqu'à leur renouvellement.")
            .Produces<PlanResource>().WithWriteProblems();
        plans.MapPost("/{code}/archive", ArchivePlanAsync).RequireAuthorization(OperatorApiPolicies.Write)
            .WithSummary("Archive une formule")
            .WithDescription("Elle n'est plus proposée aux nouvelles communes ; celles qui l'ont la gardent. La formule par défaut ne s'archive pas (409).")
            .Produces<PlanResource>().WithWriteProblems();

        var billing = api.MapGroup("/towns/{slug}/billing").WithTags("Facturation");
        billing.MapGet("/", ViewAsync)
            .WithSummary("Lit la facturation d'une commune")
            .WithDescription("État, identifiants Stripe, coordonnées portées par les factures (SIRET, code service et numéro d'engagement Chorus Pro), factures avec leur état et le lien de leur PDF.")
            .Produces<TownBillingResource>().ProducesProblem(StatusCodes.Status404NotFound);
        billing.MapPut("/details", SaveDetailsAsync).RequireAuthorization(OperatorApiPolicies.Write)
            .WithSummary("Enregistre les coordonnées de facturation d'une commune")
            .WithDescription("Courriel de facturation, SIRET, adresse, code service et numéro d'engagement Chorus Pro, formule ; reportés chez Stripe si la facturation est démarrée.")
            .Produces<TownBillingResource>().WithWriteProblems().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        billing.MapPost("/start", StartAsync).RequireAuthorization(OperatorApiPolicies.Write)
            .WithSummary("Démarre la facturation d'une commune")
            .WithDescription("Crée le client et l'abonnement chez Stripe ; la première facture (mise en service et premier trimestre) est envoyée à la commune. Peut être relancé sans doublon après une erreur de Stripe (503).")
            .Produces<TownBillingResource>().WithWriteProblems().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        billing.MapPost("/sync", SyncAsync).RequireAuthorization(OperatorApiPolicies.Write)
            .WithSummary("Relit chez Stripe les factures d'une commune")
            .WithDescription("Pour un événement de Stripe qui ne serait pas arrivé ; 409 si la facturation n'est pas démarrée.")
            .Produces<TownBillingResource>().WithWriteProblems().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapPost("/invoices/{id}/transfer", TransferAsync).WithTags("Facturation").RequireAuthorization(OperatorApiPolicies.Write)
            .WithSummary("Enregistre un virement reçu hors Stripe")
            .WithDescription("La facture ouverte (identifiant Stripe in_…) est marquée payée hors Stripe ; l'état de facturation de la commune suit. 409 si elle n'est pas à payer.")
            .Produces<InvoiceResource>().WithWriteProblems().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static Task<IResult> CreatePlanAsync(PlanRequest? body, PlanCatalogue catalogue, HttpContext http) => ActAsync(async () =>
    {
        var plan = await catalogue.CreateAsync(Input(body), Actor(http), http.RequestAborted);
        return TypedResults.Created($"{OperatorApiSetup.BasePath}/plans/{plan.Code}", ToResource(plan));
    });

    private static Task<IResult> EditPlanAsync(string code, PlanRequest? body, PlanCatalogue catalogue, HttpContext http) =>
        ActAsync(async () => TypedResults.Ok(ToResource(await catalogue.EditAsync(code, Input(body), Actor(http), http.RequestAborted))));

    private static Task<IResult> ArchivePlanAsync(string code, PlanCatalogue catalogue, HttpContext http) =>
        ActAsync(async () => TypedResults.Ok(ToResource(await catalogue.ArchiveAsync(code, Actor(http), http.RequestAborted))), conflictField: "Code");

    private static Task<IResult> ViewAsync(string slug, TownBillingService billing, HttpContext http) =>
        ActAsync(async () => TypedResults.Ok(ToResource(await billing.ViewAsync(slug, http.RequestAborted))));

    private static Task<IResult> SaveDetailsAsync(string slug, BillingDetailsRequest? body, TownBillingService billing, HttpContext http) => ActAsync(async () =>
    {
        await billing.SaveDetailsAsync(slug, new TownBillingService.Details(body?.BillingEmail, body?.Siret, body?.AddressLine, body?.PostalCode, body?.City,
            body?.ChorusServiceCode, body?.ChorusCommitmentNumber, body?.PlanCode), Actor(http), http.RequestAborted);
        return TypedResults.Ok(ToResource(await billing.ViewAsync(slug, http.RequestAborted)));
    });

    private static Task<IResult> StartAsync(string slug, TownBillingService billing, HttpContext http) =>
        ActAsync(async () => TypedResults.Ok(ToResource(await billing.StartAsync(slug, Actor(http), http.RequestAborted))));

    private static Task<IResult> SyncAsync(string slug, TownBillingService billing, HttpContext http) =>
        ActAsync(async () => TypedResults.Ok(ToResource(await billing.SyncAsync(slug, Actor(http), http.RequestAborted))));

    private static Task<IResult> TransferAsync(string id, TownBillingService billing, BillingClock clock, HttpContext http) =>
        ActAsync(async () => TypedResults.Ok(ToResource(await billing.RecordTransferAsync(id, Actor(http), http.RequestAborted), clock.Now)), conflictField: "InvoiceId");

    /// <summary>
    /// The services' refusals as HTTP: an unknown town, plan or invoice is 404; a refusal of the action as a whole
    /// (or, with <paramref name="conflictField"/>, of an invoice not to be paid, of the default plan's archiving) is 409;
    /// field errors are 400; Stripe down is 503.
    /// </summary>
    private static async Task<IResult> ActAsync(Func<Task<IResult>> action, string? conflictField = null)
    {
        try
        {
            return await action();
        }
        catch (BillingRefusalException refusal) when (refusal.Errors.Count == 1 && refusal.Errors.Single() is var (field, message)
            && (field is "slug" || field is "Code" or "InvoiceId" && message.Contains("inconnue", StringComparison.Ordinal)))
        {
            return ApiProblems.NotFound(message);
        }
        catch (BillingRefusalException refusal) when (refusal.Errors.Keys.All(k => k.Length == 0 || k == conflictField))
        {
            return ApiProblems.Conflict(string.Join(" ", refusal.Errors.Values));
        }
        catch (BillingRefusalException refusal)
        {
            return ApiProblems.Invalid(refusal.Errors.ToDictionary(e => Camel(e.Key), e => new[] { e.Value }));
        }
        catch (BillingUnavailableException unavailable)
        {
            return TypedResults.Problem(unavailable.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Stripe indisponible : réessayez");
        }
    }

    /// <summary>The journal's actor: the token's operator, marked as acting through the API.</summary>
    private static BillingActor Actor(HttpContext http) => new(OperatorAccess.Id(http.User), $"{OperatorAccess.Email(http.User)} (API)");

    private static PlanCatalogue.PlanInput Input(PlanRequest? body) =>
        new(body?.Code, body?.Name, body?.SetupFee, body?.QuarterlyFee, body?.AmountsIncludeVat ?? false, body?.IsDefault ?? false);

    private static string Camel(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];

    internal static PlanResource ToResource(PlanRecord p) => new(p.Code, p.Name, p.SetupFeeCents, p.QuarterlyFeeCents, p.VatRatePercent, p.IsDefault, p.IsArchived);

    private static InvoiceResource ToResource(BillingInvoice i, DateTimeOffset now) => new(
        i.StripeInvoiceId, i.Number, i.Status, BillingStates.InvoiceLabel(i, now), i.TotalCents, i.AmountRemainingCents,
        i.PeriodStart, i.PeriodEnd, i.DueDate, i.PaidAt, i.PaidOutOfBand, i.PdfUrl, i.HostedUrl);

    private static TownBillingResource ToResource(TownBillingView view) => new(
        view.Town.Slug, char.ToLowerInvariant(view.State.ToString()[0]) + view.State.ToString()[1..], BillingStates.Label(view.State), view.Started, view.Plan?.Code,
        view.Billing?.BillingEmail, view.Town.Siret, view.Town.AddressLine, view.Town.PostalCode, view.Town.City, view.Town.ChorusServiceCode, view.Town.ChorusCommitmentNumber,
        view.Billing?.StripeCustomerId, view.Billing?.StripeSubscriptionId, view.Billing?.LastSyncedAt,
        [.. view.Invoices.Select(i => ToResource(i, view.Now))]);
}
