using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Operator;
using GrcCloud.Host.Features.Operator.Towns;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GrcCloud.Host.Features.OperatorApi;

/// <summary>The console's creation form as JSON: the town, its contract's details, recipe, plan, own domains and area.</summary>
public sealed record CreateTownRequest(string? Name, string? Slug, string? Insee, string? Siret, string? AddressLine, string? PostalCode, string? City,
    string? SupervisorEmail, string? Recipe, string? Plan, string[]? Hosts, CommuneArea? Area);

/// <summary>
/// A town's creation: <c>status</c> is queued, running, succeeded or failed; <c>step</c> of <c>stepCount</c> is
/// the step under way (<c>stepLabel</c>), <c>error</c> the French reason of a failure, <c>description</c> all of it in one line.
/// </summary>
public sealed record RunResource(Guid Id, string TownSlug, Guid? TownId, string Status, int Step, int StepCount, string? StepLabel, string? Error,
    string Description, string RequestedBy, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string Town);

/// <summary><c>POST /towns</c> and its runs, on <see cref="TownCreation"/> as the console: a run row and its Hangfire job.</summary>
public static class TownCreationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/towns", CreateAsync).WithTags("Communes").RequireAuthorization(OperatorApiPolicies.Admin)
            .WithSummary("Crée une commune")
            .WithDescription("Mêmes champs que le formulaire de la console. La création se fait en arrière-plan : la réponse 202 donne la création en cours et son adresse (Location), à relire jusqu'à l'état succeeded ou failed. 400 avec les champs en erreur.")
            .Produces<RunResource>(StatusCodes.Status202Accepted).WithWriteProblems();
        var runs = api.MapGroup("/runs").WithTags("Créations de communes");
        runs.MapGet("/{id:guid}", GetAsync)
            .WithSummary("Lit l'avancement d'une création de commune")
            .WithDescription("État (queued, running, succeeded, failed), étape en cours et nombre d'étapes, erreur éventuelle, identifiant de la commune.")
            .Produces<RunResource>().ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapPost("/{id:guid}/retry", RetryAsync).RequireAuthorization(OperatorApiPolicies.Admin)
            .WithSummary("Relance une création de commune en échec")
            .WithDescription("Chaque étape peut être rejouée sans risque ; 409 si la création n'est pas en échec.")
            .Produces<RunResource>(StatusCodes.Status202Accepted).WithWriteProblems();
    }

    private static async Task<IResult> CreateAsync(CreateTownRequest? body, TownCreation creation, HttpContext http)
    {
        body ??= new CreateTownRequest(null, null, null, null, null, null, null, null, null, null, null, null);
        var request = new TownCreationRequest
        {
            Name = body.Name, Slug = body.Slug, Insee = body.Insee, Siret = body.Siret, AddressLine = body.AddressLine, PostalCode = body.PostalCode,
            City = body.City, SupervisorEmail = body.SupervisorEmail, Recipe = body.Recipe, Plan = body.Plan,
            Hosts = [.. (body.Hosts ?? []).Where(h => !string.IsNullOrWhiteSpace(h))], Area = body.Area,
        };
        var (run, errors) = await creation.StartAsync(request, TownCreationChannel.Console, Requester(http), enqueue: true, http.RequestAborted);
        if (run is null)
            return ApiProblems.Invalid(errors.ToDictionary(e => Camel(e.Key), e => new[] { TownCreationValidator.Sentence(e.Value) }));
        return TypedResults.Accepted($"{OperatorApiSetup.BasePath}/runs/{run.Id}", ToResource(run));
    }

    private static async Task<IResult> GetAsync(Guid id, TownCreation creation, HttpContext http) =>
        await creation.GetRunAsync(id, http.RequestAborted) is { } run ? TypedResults.Ok(ToResource(run)) : Unknown(id);

    private static async Task<IResult> RetryAsync(Guid id, TownCreation creation, HttpContext http)
    {
        if (await creation.GetRunAsync(id, http.RequestAborted) is not { } run)
            return Unknown(id);
        if (!await creation.RetryAsync(id, Requester(http), http.RequestAborted))
            return ApiProblems.Conflict($"La création est {RunLabels.Of(run.Status)} : seule une création en échec se relance.");
        return TypedResults.Accepted($"{OperatorApiSetup.BasePath}/runs/{id}", ToResource((await creation.GetRunAsync(id, http.RequestAborted))!));
    }

    /// <summary>The journal's and the run's requester: the token's operator, marked as acting through the API.</summary>
    private static TownCreationRequester Requester(HttpContext http) => new(OperatorAccess.Id(http.User), $"{OperatorAccess.Email(http.User)} (API)");

    private static string Camel(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];

    private static ProblemHttpResult Unknown(Guid id) => ApiProblems.NotFound($"Aucune création de commune n'a l'identifiant {id}.");

    private static RunResource ToResource(ProvisioningRunRecord run) => new(
        run.Id, run.Slug, run.TownId, run.Status.ToString().ToLowerInvariant(), run.Step, run.StepCount, run.StepLabel, run.Error,
        RunLabels.Describe(run), run.RequestedBy, run.CreatedAt, run.FinishedAt, $"{OperatorApiSetup.BasePath}/towns/{run.Slug}");
}
