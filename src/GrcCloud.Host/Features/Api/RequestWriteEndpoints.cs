using System.Net.Mail;
using System.Security.Claims;
using System.Text.Json;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.BackOffice.Workflow;
using GrcCloud.Host.Features.OperatorApi;
using GrcCloud.Host.Features.Portal;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Host.Features.Requests.Forms;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace GrcCloud.Host.Features.Api;

public sealed record ContactInput(string? Name, string? Email, string? Phone);
/// <summary>A new request: the theme's identifier, the answers by field name (a text, or a list for several values), an optional contact.</summary>
public sealed record NewRequestInput(string? Theme, Dictionary<string, JsonElement>? Answers, ContactInput? Contact, Guid? SubmissionKey);
public sealed record NoteInput(string? Text);
/// <summary>outcome: "resolved" or "rejected"; text: the reply the resident reads.</summary>
public sealed record ReplyInput(string? Outcome, string? Text);

/// <summary>
/// The writes, scope requests:write: a new request goes through <see cref="RequestSubmission"/> (routing, acknowledgement,
/// mails, live queues, webhooks) with the channel « par une application »; notes and replies through <see cref="RequestWorkflow"/>,
/// acting as the client (a supervisor's rights, under the client's name in the timeline and the audit log).
/// </summary>
public static class RequestWriteEndpoints
{
    private static readonly Dictionary<string, string> Outcomes = new() { ["resolved"] = "traitee", ["rejected"] = "refusee" };

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/requests", CreateAsync).RequireAuthorization(ApiScopes.WritePolicy)
            .WithSummary("Déposer une demande au nom d'un habitant")
            .WithDescription("Les réponses suivent le formulaire de la démarche (GET /api/v1/themes/{slug}). submissionKey rend l'envoi rejouable sans doublon.")
            .Produces<RequestDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        api.MapPost("/requests/{reference}/notes", NoteAsync).RequireAuthorization(ApiScopes.WritePolicy)
            .WithSummary("Ajouter une note interne (jamais montrée à l'habitant)")
            .Produces<RequestDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapPost("/requests/{reference}/replies", ReplyAsync).RequireAuthorization(ApiScopes.WritePolicy)
            .WithSummary("Répondre publiquement : demande traitée ou refusée")
            .Produces<RequestDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<IResult> CreateAsync(NewRequestInput input, HttpContext http, TenantDbContext db, PortalCatalogue portal,
        RequestSubmission submission, TenantContext tenant)
    {
        var catalogue = await portal.GetAsync(http.RequestAborted);
        if (string.IsNullOrWhiteSpace(input.Theme) || catalogue.FindTheme(input.Theme) is not { } theme)
            return ApiProblems.Invalid("theme", "Démarche inconnue : indiquez l'identifiant d'une démarche publiée (GET /api/v1/themes).");
        var errors = new Dictionary<string, string[]>();
        var fields = new Dictionary<string, StringValues>();
        foreach (var (name, value) in input.Answers ?? [])
        {
            string?[]? values = value.ValueKind switch
            {
                JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => [value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()],
                JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) => [.. value.EnumerateArray().Select(v => v.GetString())],
                _ => null,
            };
            if (values is null || values.Any(v => v!.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t'))))
                errors[$"answers.{name}"] = ["Réponse attendue sous forme de texte, ou de liste de textes, sans caractère de contrôle."];
            else
                fields[FormValidator.Prefix + name] = new StringValues(values);
        }
        var contact = input.Contact;
        if (contact?.Name is { Length: > 200 })
            errors["contact.name"] = ["Le nom compte 200 caractères au plus."];
        if (contact?.Email is { } email && (email.Length > 254 || !MailAddress.TryCreate(email, out _)))
            errors["contact.email"] = ["Adresse électronique invalide."];
        if (contact?.Phone is { Length: > 30 })
            errors["contact.phone"] = ["Le numéro compte 30 caractères au plus."];
        if (errors.Count > 0)
            return ApiProblems.Invalid(errors);
        var checkedForm = FormValidator.Validate(theme.Fields, new FormCollection(fields), tenant.Required);
        if (!checkedForm.IsValid)
            return ApiProblems.Invalid(checkedForm.Errors.ToDictionary(e => AnswerField(e.Key), e => new[] { e.Value }));

        var request = await submission.SubmitAsync(new NewRequest(theme,
            [.. checkedForm.Answers.Select(a => new RequestAnswer(a.Name, a.Label, a.Type, a.Values))],
            input.SubmissionKey ?? Guid.CreateVersion7(), RequestChannel.Application, null,
            Clean(contact?.Name), Clean(contact?.Email), Clean(contact?.Phone)), http.RequestAborted);
        var created = (await RequestEndpoints.ReadAsync(db, request.Reference, http.RequestAborted))!;
        http.Response.Headers.Location = $"{TownApiSetup.BasePath}/requests/{Uri.EscapeDataString(created.Reference)}";
        return ApiETags.Send(http, created, StatusCodes.Status201Created);
    }

    private static Task<IResult> NoteAsync(string reference, NoteInput input, HttpContext http, ClaimsPrincipal user, TenantDbContext db, RequestWorkflow workflow) =>
        ActAsync(reference, http, db, (id, ct) => workflow.AddNoteAsync(ApiScopes.Actor(user), id, input.Text, ct),
            new() { [RequestWorkflow.Inputs.Note] = "text" });

    private static Task<IResult> ReplyAsync(string reference, ReplyInput input, HttpContext http, ClaimsPrincipal user, TenantDbContext db, RequestWorkflow workflow)
    {
        if (input.Outcome is null || !Outcomes.TryGetValue(input.Outcome, out var outcome))
            return Task.FromResult<IResult>(ApiProblems.Invalid("outcome", "Indiquez « resolved » (traitée) ou « rejected » (refusée)."));
        return ActAsync(reference, http, db, (id, ct) => workflow.AnswerAsync(ApiScopes.Actor(user), id, outcome, input.Text, ct),
            new() { [RequestWorkflow.Inputs.Reply] = "text", [RequestWorkflow.Inputs.Outcome] = "outcome" });
    }

    /// <summary>Checks If-Match against the current representation, runs the workflow step, answers with the request as it now is.</summary>
    private static async Task<IResult> ActAsync(string reference, HttpContext http, TenantDbContext db,
        Func<Guid, CancellationToken, Task<WorkflowResult>> step, Dictionary<string, string> fieldNames)
    {
        var current = await RequestEndpoints.ReadAsync(db, reference, http.RequestAborted);
        if (current is null)
            return RequestEndpoints.NotFound(reference);
        if (ApiETags.Precondition(http, current) is { } stale)
            return stale;
        var id = await db.Requests.Where(r => r.Reference == reference).Select(r => r.Id).SingleAsync(http.RequestAborted);
        var result = await step(id, http.RequestAborted);
        return result.Outcome switch
        {
            WorkflowOutcome.Done => ApiETags.Send(http, (await RequestEndpoints.ReadAsync(db, reference, http.RequestAborted))!),
            WorkflowOutcome.NotFound => RequestEndpoints.NotFound(reference),
            WorkflowOutcome.Forbidden => ApiProblems.Forbidden("Ce client ne peut pas agir sur cette demande."),
            WorkflowOutcome.Conflict => ApiProblems.Conflict(result.Errors.Values.FirstOrDefault() ?? "La demande vient de changer : relisez-la."),
            // A refusal that belongs to no field is the request's state, not the input.
            _ when result.Errors.ContainsKey("") => ApiProblems.Conflict(result.Errors[""]),
            _ => (IResult)ApiProblems.Invalid(result.Errors.ToDictionary(e => fieldNames.GetValueOrDefault(e.Key, e.Key), e => new[] { e.Value })),
        };
    }

    /// <summary>The form's error keys ("f_lieu", "" for the whole form) as the API's fields ("answers.lieu", "answers").</summary>
    private static string AnswerField(string key) =>
        key.Length == 0 ? "answers" : "answers." + (key.StartsWith(FormValidator.Id(""), StringComparison.Ordinal) ? key[FormValidator.Id("").Length..] : key);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
