using System.Text.RegularExpressions;
using GrcCloud.Tenancy;

namespace GrcCloud.Host.Features.Provisioning;

/// <summary>Checks of a commune's official identifiers and host names; each returns a French reason or null.</summary>
public static partial class TownIdentifiers
{
    public static string? CheckInsee(string? insee)
    {
        if (string.IsNullOrWhiteSpace(insee))
            return "le code INSEE est obligatoire";
        return InseePattern().IsMatch(insee)
            ? null
            : $"code INSEE « {insee} » invalide : 5 caractères, chiffres (2A ou 2B pour la Corse)";
    }

    /// <summary>14 digits with a valid Luhn key (La Poste's establishments use another rule).</summary>
    public static string? CheckSiret(string? siret)
    {
        if (string.IsNullOrWhiteSpace(siret))
            return null;
        if (siret.Length != 14 || !siret.All(char.IsAsciiDigit))
            return $"SIRET « {siret} » invalide : 14 chiffres attendus";
        if (siret.StartsWith("356000000", StringComparison.Ordinal))
            return siret.Sum(c => c - '0') % 5 == 0 ? null : $"SIRET « {siret} » invalide : clé de contrôle incorrecte";
        var sum = 0;
        for (var i = 0; i < 14; i++)
        {
            var digit = siret[13 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                    digit -= 9;
            }
            sum += digit;
        }
        return sum % 10 == 0 ? null : $"SIRET « {siret} » invalide : clé de contrôle incorrecte";
    }

    public static string? CheckHost(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
            return "nom d'hôte vide";
        var normalized = TenantHostResolver.Normalize(host);
        if (normalized != host)
            return $"nom d'hôte « {host} » à écrire en minuscules (punycode pour les noms accentués) : « {normalized} »";
        if (!HostPattern().IsMatch(host))
            return $"nom d'hôte « {host} » invalide";
        return null;
    }

    [GeneratedRegex("^(?:[0-9]{2}|2A|2B)[0-9]{3}$")]
    private static partial Regex InseePattern();

    [GeneratedRegex("^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{2,63}$")]
    private static partial Regex HostPattern();
}
