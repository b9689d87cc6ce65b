using System.Globalization;
using GrcCloud.Data.Towns;
using Microsoft.AspNetCore.Http;

namespace GrcCloud.Host.Features.BackOffice.Queues;

public enum QueueTab
{
    Mine,
    Unassigned,
    Overdue,
    AwaitingValidation,
    All,
}

public enum QueueSort
{
    Received,
    Due,
    Status,
}

/// <summary>
/// What an agent asked the queue for, read from the query string (a GET form, so a view can be
/// bookmarked and shared): tab, filters, search, sort and page. Bad values give French messages keyed
/// by the input's id, and are ignored.
/// </summary>
public sealed record QueueFilter
{
    public QueueTab Tab { get; init; } = QueueTab.Mine;
    public Guid? Theme { get; init; }
    public RequestStatus? Status { get; init; }
    public RequestChannel? Channel { get; init; }
    public Guid? Service { get; init; }
    public DateOnly? ReceivedFrom { get; init; }
    public DateOnly? ReceivedTo { get; init; }
    public DateOnly? DueBy { get; init; }
    public string? Search { get; init; }
    public QueueSort Sort { get; init; } = QueueSort.Received;
    public int Page { get; init; } = 1;
    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    public static readonly IReadOnlyList<(QueueTab Tab, string Slug, string Label)> Tabs =
    [
        (QueueTab.Mine, "mes-demandes", "Mes demandes"),
        (QueueTab.Unassigned, "non-attribuees", "Non attribuées"),
        (QueueTab.Overdue, "en-retard", "En retard"),
        (QueueTab.AwaitingValidation, "a-valider", "À valider"),
        (QueueTab.All, "toutes", "Toutes"),
    ];

    public static readonly IReadOnlyList<(QueueSort Sort, string Slug, string Label)> Sorts =
    [
        (QueueSort.Received, "reception", "Réception (plus récentes d'abord)"),
        (QueueSort.Due, "echeance", "Échéance (plus proches d'abord)"),
        (QueueSort.Status, "statut", "Statut"),
    ];

    /// <summary>The statuses an agent can filter on, in the life cycle's order.</summary>
    public static readonly IReadOnlyList<RequestStatus> Statuses = Enum.GetValues<RequestStatus>();

    public static string TabSlug(QueueTab tab) => Tabs.First(t => t.Tab == tab).Slug;
    public static string TabLabel(QueueTab tab) => Tabs.First(t => t.Tab == tab).Label;

    public static QueueFilter Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Text(string key) => query[key].FirstOrDefault() is { } v && v.Trim().Length > 0 ? v.Trim() : null;

        var tab = Pick(Tabs.Select(x => (x.Slug, x.Tab)), "onglet", "Cet onglet n'existe pas.");
        var sort = Pick(Sorts.Select(x => (x.Slug, x.Sort)), "tri", "Choisissez un ordre de la liste.");
        var search = Text("q");
        if (search is { Length: > 200 })
            search = Fail<string>("q", "La recherche ne doit pas dépasser 200 caractères.");
        var page = 1;
        if (Text("page") is { } p && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            page = 1;
            errors["page"] = "Le numéro de page doit être un nombre entier positif.";
        }
        var from = Date("du", "La date « Reçues à partir du »");
        var to = Date("au", "La date « Reçues jusqu'au »");
        if (from is not null && to is not null && to < from)
            to = Fail<DateOnly?>("au", "La date « Reçues jusqu'au » doit suivre la date « Reçues à partir du ».");

        return new QueueFilter
        {
            Tab = tab ?? QueueTab.Mine,
            Theme = Id("theme", "Choisissez une démarche de la liste."),
            Service = Id("service", "Choisissez un service de la liste."),
            Status = Enum<RequestStatus>("statut", "Choisissez un statut de la liste."),
            Channel = Enum<RequestChannel>("canal", "Choisissez un canal de la liste."),
            ReceivedFrom = from,
            ReceivedTo = to,
            DueBy = Date("echeance", "La date « Échéance au plus tard le »"),
            Search = search,
            Sort = sort ?? QueueSort.Received,
            Page = page,
            Errors = errors,
        };

        T? Fail<T>(string key, string message)
        {
            errors[key] = message;
            return default;
        }

        T? Pick<T>(IEnumerable<(string Slug, T Value)> choices, string key, string message) where T : struct =>
            Text(key) is { } v ? choices.Where(c => c.Slug == v).Select(c => (T?)c.Value).FirstOrDefault() ?? Fail<T?>(key, message) : null;

        Guid? Id(string key, string message) =>
            Text(key) is { } v ? Guid.TryParse(v, out var id) ? id : Fail<Guid?>(key, message) : null;

        T? Enum<T>(string key, string message) where T : struct, System.Enum =>
            Text(key) is { } v ? System.Enum.TryParse<T>(v, ignoreCase: false, out var e) && System.Enum.IsDefined(e) && !v.Any(char.IsDigit) ? e : Fail<T?>(key, message) : null;

        DateOnly? Date(string key, string label) =>
            Text(key) is { } v
                ? DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 2000 and <= 2100
                    ? d
                    : Fail<DateOnly?>(key, $"{label} doit être une date qui existe, sous la forme aaaa-mm-jj (par exemple 2026-03-14).")
                : null;
    }

    /// <summary>The query string of this view, with some values changed (tab and page links keep the filters).</summary>
    public string Link(QueueTab? tab = null, int? page = null, QueueSort? sort = null)
    {
        var values = new List<KeyValuePair<string, string?>> { new("onglet", TabSlug(tab ?? Tab)) };
        void Add(string key, string? value)
        {
            if (value is not null)
                values.Add(new(key, value));
        }
        Add("q", Search);
        Add("theme", Theme?.ToString());
        Add("statut", Status?.ToString());
        Add("canal", Channel?.ToString());
        Add("service", Service?.ToString());
        Add("du", ReceivedFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("au", ReceivedTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("echeance", DueBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var chosenSort = sort ?? Sort;
        if (chosenSort != QueueSort.Received)
            Add("tri", Sorts.First(s => s.Sort == chosenSort).Slug);
        if ((page ?? (tab is null ? Page : 1)) is > 1 and var p)
            Add("page", p.ToString(CultureInfo.InvariantCulture));
        return "/agents/file" + QueryString.Create(values).ToUriComponent();
    }
}
