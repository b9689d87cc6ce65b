using System.Globalization;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Portal;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Host.Features.Requests.Forms;
using GrcCloud.Host.Features.Shared;
using GrcCloud.Tenancy;
using Microsoft.Extensions.Primitives;

namespace GrcCloud.Host.Features.Open311;

/// <summary>
/// <c>POST requests.{format}</c>: the spec's form-encoded post turned into the portal's own form
/// ("f.&lt;field&gt;") and checked by <see cref="FormValidator"/>, then recorded by <see cref="RequestSubmission"/>:
/// the same rules, routing, acknowledgement, live notification and mails as a portal submission.
/// </summary>
public static class Open311Posting
{
    public const int NameMax = 100;
    public const int MediaUrlMax = 2000;
    /// <summary>The field added to a theme's form to keep a point when its form has no map (the validator checks it as any point).</summary>
    private const string PositionField = "open311_position";

    public static async Task<IResult> PostAsync(string format, HttpContext http, PortalCatalogue portal, Open311Keys keys,
        RequestSubmission submissions, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Open311Document.IsFormat(format))
            return Open311Document.Error("xml", StatusCodes.Status404NotFound, "Format inconnu : utilisez .xml ou .json.");
        if (!http.Request.HasFormContentType)
            return Open311Document.Error(format, StatusCodes.Status400BadRequest, "Envoyez la demande en application/x-www-form-urlencoded, comme le prévoit la spécification.");
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var apiKey = One(form, "api_key") ?? One(http.Request.Query, "api_key");
        if (await keys.CheckAsync(apiKey, cancellationToken) is null)
            return Open311Document.Error(format, StatusCodes.Status403Forbidden, "Clé d'API absente, inconnue ou révoquée (api_key).");
        if (form.Files.Count > 0)
            return Open311Document.Error(format, StatusCodes.Status400BadRequest, "Les fichiers ne sont pas reçus : donnez l'adresse de la photo dans media_url.");

        var code = One(form, "service_code");
        if (string.IsNullOrEmpty(code))
            return Open311Document.Error(format, StatusCodes.Status400BadRequest, "service_code est obligatoire.");
        if (Open311Catalogue.Find(await portal.GetAsync(cancellationToken), code) is not { } service)
            return Open311Document.Error(format, StatusCodes.Status404NotFound, $"Service inconnu : {code}.");

        var errors = new List<string>();
        var translated = Translate(service, form, errors, out var fields, out var extras);
        ReadContact(form, errors, out var name, out var email, out var phone);
        if (errors.Count > 0)
            return Errors(format, errors);

        var result = FormValidator.Validate(fields, new FormCollection(translated), http.Features.Get<SiteFeature>()?.Tenant);
        if (!result.IsValid)
            return Errors(format, [.. result.Errors.Select(e => Describe(service, e.Key, e.Value))]);

        var request = await submissions.SubmitAsync(new NewRequest(
            service.Theme, [.. result.Answers.Select(a => new RequestAnswer(a.Name, a.Label, a.Type, a.Values)), .. extras],
            Guid.CreateVersion7(), RequestChannel.Application, null, name, email, phone), cancellationToken);
        var due = request.DueOn.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("fr-FR"));
        return new Open311Document("service_requests", new Open311List("request", [new Open311Object
        {
            { "service_request_id", request.Reference },
            { "token", Open311Requests.TokenOf(request.Id) },
            { "service_notice", $"Demande transmise au service {service.Theme.Service.Name}. Réponse prévue d'ici le {due} ; ce délai est indicatif." },
            { "account_id", null },
        }])).ToResult(format);
    }

    /// <summary>
    /// The post as the portal's form: attribute[code] → f.code; lat/long → the map field; address_string
    /// (or address_id) → the address field, else the place's description. What the form has no field
    /// for (description, media_url, an address of a theme without one) is kept as extra answers.
    /// </summary>
    private static Dictionary<string, StringValues> Translate(Open311Service service, IFormCollection form, List<string> errors,
        out IReadOnlyList<FormField> fields, out List<RequestAnswer> extras)
    {
        var posted = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        extras = [];
        fields = service.Theme.Fields;
        var attributes = service.Attributes.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            if (!key.StartsWith("attribute[", StringComparison.Ordinal))
                continue;
            // attribute[code], or attribute[code][] for one value of a multivaluelist
            var inner = key["attribute[".Length..];
            if (inner.EndsWith("[]", StringComparison.Ordinal))
                inner = inner[..^2];
            if (!inner.EndsWith(']') || !attributes.TryGetValue(inner[..^1], out var field))
            {
                errors.Add($"{key} : cet attribut n'existe pas pour le service {service.Theme.Slug} (voir services/{service.Theme.Slug}.xml).");
                continue;
            }
            var name = FormValidator.Prefix + field.Name;
            var merged = posted.TryGetValue(name, out var before) ? StringValues.Concat(before, values) : values;
            posted[name] = field.Type == "date" ? new StringValues([.. merged.Select(DateOf)]) : merged;
        }

        var (lat, lon) = (Given(form, "lat"), Given(form, "long"));
        var address = Given(form, "address_string") ?? (Given(form, "address_id") is { } id ? $"Identifiant d'adresse : {id}" : null);
        if ((lat is null) != (lon is null))
            errors.Add("lat et long vont ensemble : donnez les deux coordonnées, ou aucune.");
        else if (lat is not null && lon is not null && (!double.TryParse(lat, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            || !double.TryParse(lon, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            errors.Add("lat et long doivent être des nombres décimaux en WGS84, par exemple lat=43.6989&long=1.8187.");
        var hasPoint = lat is not null && lon is not null;
        if (service.IsLocated && !hasPoint && address is null)
            errors.Add("Ce service demande un lieu : lat et long, ou address_string.");
        if (address is { Length: > FormValidator.AddressMax })
            errors.Add($"address_string ne doit pas dépasser {FormValidator.AddressMax} caractères.");

        if (hasPoint)
        {
            var location = service.LocationField;
            if (location is null)
            {
                location = new FormField { Name = PositionField, Label = "Position indiquée par l'application", Type = "location" };
                fields = [.. fields, location];
            }
            posted[FormValidator.Prefix + location.Name + ".lat"] = lat;
            posted[FormValidator.Prefix + location.Name + ".lon"] = lon;
        }
        if (service.AddressField is { } addressField)
        {
            // An address field the application answered as an attribute keeps that answer.
            if (!posted.ContainsKey(FormValidator.Prefix + addressField.Name))
                posted[FormValidator.Prefix + addressField.Name] = address ?? $"Point indiqué par l'application : {lat}, {lon}";
        }
        else if (address is not null && service.LocationField is { } place)
            posted[FormValidator.Prefix + place.Name + ".texte"] = address;
        else if (address is not null)
            extras.Add(new RequestAnswer("open311.address", "Adresse (indiquée par l'application)", "address", [address]));

        if (Text(form, "description", FormValidator.TextareaMaxDefault, errors) is { Length: > 0 } description)
            extras.Add(new RequestAnswer(Open311Requests.DescriptionAnswer, "Description (indiquée par l'application)", "textarea", [description]));
        if (One(form, "media_url") is { Length: > 0 } media)
        {
            if (media.Length > MediaUrlMax || !Uri.TryCreate(media, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                errors.Add($"media_url doit être une adresse http(s) complète de {MediaUrlMax} caractères au plus.");
            else
                extras.Add(new RequestAnswer(Open311Requests.MediaUrlAnswer, "Photo (adresse donnée par l'application)", "text", [media]));
        }
        else if (service.Theme.Fields.FirstOrDefault(f => f.Type == "attachments") is { Required: true } files)
            errors.Add($"{files.Label} : ce service demande une photo ou un document ; donnez son adresse dans media_url.");
        return posted;
    }

    /// <summary>The resident's contact as the application gives it (no account is made).</summary>
    private static void ReadContact(IFormCollection form, List<string> errors, out string? name, out string? email, out string? phone)
    {
        var first = Text(form, "first_name", NameMax, errors);
        var last = Text(form, "last_name", NameMax, errors);
        name = string.Join(' ', new[] { first, last }.Where(n => !string.IsNullOrEmpty(n))) is { Length: > 0 } full ? full : null;
        email = One(form, "email") is { Length: > 0 } address ? address : null;
        if (email is not null && (email.Length > EmailAddresses.MaxLength || !EmailAddresses.IsValid(email)))
            errors.Add("email : " + EmailAddresses.Invalid);
        phone = One(form, "phone") is { Length: > 0 } number ? PhoneNumbers.Compact(number) : null;
        if (phone is null && !string.IsNullOrEmpty(One(form, "phone")))
            errors.Add("phone : " + PhoneNumbers.Expected + ".");
    }

    /// <summary>A free text: trimmed, within its length, no control characters but line breaks and tabs.</summary>
    private static string? Text(IFormCollection form, string key, int max, List<string> errors)
    {
        var text = One(form, key)?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text is null)
            return null;
        if (text.Length > max)
            errors.Add($"{key} ne doit pas dépasser {max} caractères ({text.Length} actuellement).");
        else if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
            errors.Add($"{key} contient des caractères non autorisés.");
        else
            return text;
        return null;
    }

    /// <summary>A date attribute given as an ISO 8601 instant keeps its day, as the form expects (yyyy-MM-dd).</summary>
    private static string? DateOf(string? value) =>
        value is { Length: > 10 } && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value;

    /// <summary>The validator's message, prefixed by the parameter the application sent.</summary>
    private static string Describe(Open311Service service, string inputId, string message)
    {
        var field = service.Theme.Fields.FirstOrDefault(f => inputId.StartsWith(FormValidator.Id(f.Name), StringComparison.Ordinal));
        var parameter = field?.Type switch
        {
            null when inputId.StartsWith(FormValidator.Id(PositionField), StringComparison.Ordinal) => "lat/long",
            null => null,
            "location" => inputId.EndsWith("_texte", StringComparison.Ordinal) ? "address_string" : "lat/long",
            "address" when field == service.AddressField => "address_string",
            _ => $"attribute[{field.Name}]",
        };
        return parameter is null ? message : $"{parameter} : {message}";
    }

    private static IResult Errors(string format, IReadOnlyList<string> descriptions) =>
        new Open311Document("errors", new Open311List("error", [.. descriptions.Select(d => (object?)new Open311Object
        {
            { "code", StatusCodes.Status400BadRequest }, { "description", d },
        })])).ToResult(format, StatusCodes.Status400BadRequest);

    /// <summary>A parameter's value when it is given and not blank.</summary>
    private static string? Given(IFormCollection form, string key) => One(form, key) is { Length: > 0 } value ? value : null;

    /// <summary>A parameter's value, trimmed (the first one when it was sent twice); null when absent.</summary>
    internal static string? One(IEnumerable<KeyValuePair<string, StringValues>> values, string key)
    {
        foreach (var (name, value) in values)
        {
            if (string.Equals(name, key, StringComparison.Ordinal))
                return value.Count > 0 ? value[0]?.Trim() : null;
        }
        return null;
    }
}
