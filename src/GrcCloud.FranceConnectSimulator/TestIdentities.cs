using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace GrcCloud.FranceConnectSimulator;

/// <summary>A person of the sandbox: the columns of identities.csv, empty strings for what is missing.</summary>
public sealed record TestIdentity(
    string Login,
    string Password,
    string FamilyName,
    string PreferredUsername,
    string GivenName,
    string Gender,
    string Email,
    string Birthdate,
    string Birthplace,
    string Birthcountry)
{
    /// <summary>The value of an OpenID Connect claim of this person ("" when absent).</summary>
    public string Claim(string name) => name switch
    {
        "given_name" => GivenName,
        "family_name" => FamilyName,
        "preferred_username" => PreferredUsername,
        "gender" => Gender,
        "email" => Email,
        "birthdate" => Birthdate,
        "birthplace" => Birthplace,
        "birthcountry" => Birthcountry,
        _ => "",
    };

    /// <summary>What makes this identity an edge case, in French, for the login page.</summary>
    public IReadOnlyList<string> Particularities(DateOnly today)
    {
        var born = Gender switch { "female" => "née", "male" => "né", _ => "né(e)" };
        var list = new List<string>();
        if (PreferredUsername.Length > 0)
            list.Add($"nom d'usage {PreferredUsername}");
        if (GivenName.Length == 0)
            list.Add("sans prénom");
        else if (GivenName.Contains('-', StringComparison.Ordinal))
            list.Add("prénom composé");
        else if (GivenName.Contains(' ', StringComparison.Ordinal))
            list.Add("plusieurs prénoms");
        if (FamilyName.Length > 50)
            list.Add($"nom de {FamilyName.Length} caractères");
        else if (FamilyName.AsSpan().IndexOfAny("- ") >= 0)
            list.Add("nom composé");
        if ((FamilyName + GivenName).Any(c => c > 127))
            list.Add("accents ou ligatures");
        if (Gender.Length == 0)
            list.Add("sans genre");
        else if (Gender == "unspecified")
            list.Add("genre non précisé");
        if (Email.Length == 0)
            list.Add("sans adresse électronique");
        if (Birthcountry != "99100")
            list.Add($"{born} à l'étranger (pays {Birthcountry})");
        else if (Birthplace.Length == 0)
            list.Add("sans lieu de naissance");
        else if (Birthplace.StartsWith("2A", StringComparison.Ordinal) || Birthplace.StartsWith("2B", StringComparison.Ordinal))
            list.Add($"{born} en Corse ({Birthplace})");
        else if (Birthplace.StartsWith("97", StringComparison.Ordinal) || Birthplace.StartsWith("98", StringComparison.Ordinal))
            list.Add($"{born} outre-mer ({Birthplace})");
        if (Birthdate.EndsWith("-00-00", StringComparison.Ordinal))
            list.Add($"jour et mois de naissance inconnus ({Birthdate})");
        else if (Birthdate.EndsWith("-00", StringComparison.Ordinal))
            list.Add($"jour de naissance inconnu ({Birthdate})");
        else if (DateOnly.TryParseExact(Birthdate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth) && birth.AddYears(18) > today)
            list.Add("mineur");
        return list;
    }
}

/// <summary>The sandbox identities: the embedded identities.csv, or the file named by <see cref="SimulatorOptions.IdentitiesFile"/>.</summary>
public sealed class TestIdentities
{
    private const string EmbeddedResource = "GrcCloud.FranceConnectSimulator.identities.csv";
    private readonly Dictionary<string, TestIdentity> _byLogin;

    public TestIdentities(IOptions<SimulatorOptions> options)
    {
        var file = options.Value.IdentitiesFile;
        All = string.IsNullOrWhiteSpace(file) ? Parse(ReadEmbedded()) : Parse(File.ReadAllText(file, Encoding.UTF8));
        _byLogin = All.ToDictionary(p => p.Login, StringComparer.Ordinal);
    }

    public IReadOnlyList<TestIdentity> All { get; }

    /// <summary>Logins are compared after NFC normalisation: a browser may send « é » decomposed.</summary>
    public TestIdentity? Find(string? login) =>
        login is not null && _byLogin.TryGetValue(login.Trim().Normalize(NormalizationForm.FormC), out var identity) ? identity : null;

    /// <summary>A header line naming the columns, then one person a line; no quoted fields.</summary>
    public static IReadOnlyList<TestIdentity> Parse(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var lines = csv.Normalize(NormalizationForm.FormC).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
            throw new InvalidDataException("Le fichier des identités de test est vide.");
        var header = lines[0].TrimStart('\uFEFF').Split(',');
        foreach (var required in new[] { "login", "password", "family_name" })
        {
            if (!header.Contains(required, StringComparer.Ordinal))
                throw new InvalidDataException($"Colonne « {required} » absente du fichier des identités de test.");
        }

        var identities = new List<TestIdentity>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            string Cell(string column)
            {
                var index = Array.IndexOf(header, column);
                return index >= 0 && index < cells.Length ? cells[index].Trim() : "";
            }
            identities.Add(new TestIdentity(Cell("login"), Cell("password"), Cell("family_name"), Cell("preferred_username"),
                Cell("given_name"), Cell("gender"), Cell("email"), Cell("birthdate"), Cell("birthplace"), Cell("birthcountry")));
        }
        return identities;
    }

    private static string ReadEmbedded()
    {
        using var stream = typeof(TestIdentities).Assembly.GetManifestResourceStream(EmbeddedResource)
            ?? throw new InvalidOperationException($"Ressource {EmbeddedResource} introuvable.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
