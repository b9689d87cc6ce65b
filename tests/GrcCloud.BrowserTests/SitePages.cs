namespace GrcCloud.BrowserTests;

/// <summary>
/// A page that exists today: its host, its path, the heading a visitor reads there and, where the
/// page has one, a text that must be on screen too (so the checks cover the banner or the guard rail).
/// </summary>
public sealed record SitePage(string Host, string Path, string Heading, string? Shows = null);

/// <summary>The pages checked for accessibility and narrow screens, named as a tester would name them.</summary>
public static class SitePages
{
    public static readonly IReadOnlyDictionary<string, SitePage> All = new Dictionary<string, SitePage>
    {
        ["accueil de Lavaur"] = new("lavaur.localhost", "/", "Que souhaitez-vous faire ?"),
        ["famille État civil"] = new("lavaur.localhost", "/famille/etat-civil-citoyennete", "État civil et citoyenneté"),
        ["démarche avec garde-fou"] = new("lavaur.localhost", "/demarches/lampadaire-en-panne", "Signaler un lampadaire en panne", "Situation dangereuse ?"),
        ["résultats de recherche"] = new("lavaur.localhost", "/recherche?q=acte+naissance", "Rechercher une démarche", "Demander un acte de naissance"),
        ["recherche par mot-clé"] = new("lavaur.localhost", "/recherche?q=bruit+voisin", "Rechercher une démarche", "Signaler un trouble à la tranquillité ou des nuisances"),
        ["démarche demandant FranceConnect"] = new("lavaur.localhost", "/demarches/acte-de-naissance?franceconnect=requis", "Demander un acte de naissance", "Qu'est-ce que FranceConnect ?"),
        ["accueil de Gaillac"] = new("gaillac.localhost", "/", "Que souhaitez-vous faire ?", "Alerte canicule"),
        ["404 d'une commune inconnue"] = new("albi.localhost", "/", "Page introuvable"),
        ["console de l'éditeur"] = new("ops.localhost", "/", "Console de l'éditeur"),
    };

    public static TheoryData<string> Names => [.. All.Keys];
}
