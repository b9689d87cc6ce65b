using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Testing;

namespace GrcCloud.Tests.Provisioning;

/// <summary>The recipes of tenants/: the shipped ones are complete; a broken one is refused with the file and the field.</summary>
public sealed class RecipeTests : IDisposable
{
    private static readonly string Shipped = Repository.Recipes;
    private readonly string _scratch = Directory.CreateTempSubdirectory("grccloud-recipes-").FullName;

    [Fact]
    public void Lavaur_offers_sixty_themes_in_five_to_eight_families_routed_to_ten_services()
    {
        var lavaur = new RecipeLoader(Shipped).LoadTown("lavaur");
        var themes = lavaur.Families.SelectMany(f => f.Themes!).ToList();

        Assert.True(themes.Count >= 60, $"{themes.Count} thèmes");
        Assert.InRange(lavaur.Families.Count, 5, 8);
        Assert.True(themes.Select(t => t.Service).Distinct().Count() >= 10);
        Assert.All(themes, t =>
        {
            Assert.InRange(t.DueDays!.Value, 1, 365);
            Assert.NotEmpty(t.Fields!);
            Assert.Contains(t.Fields!, f => f.Required);
        });
        var fieldTypes = themes.SelectMany(t => t.Fields!).Select(f => f.Type).Distinct().ToList();
        Assert.Superset(new HashSet<string?> { "text", "textarea", "date", "choice", "location", "attachments", "email", "phone" }, fieldTypes.ToHashSet());
    }

    [Fact]
    public void Themes_about_danger_carry_a_number_to_call()
    {
        var themes = new RecipeLoader(Shipped).LoadTown("lavaur").Families.SelectMany(f => f.Themes!).ToList();
        var dangerous = themes.Where(t => t.GuardRail is not null).ToList();

        Assert.True(dangerous.Count >= 3);
        Assert.All(dangerous, t => Assert.Matches("^[0-9 ]{2,}$", t.GuardRail!.CallNumber!));
        Assert.Contains(dangerous, t => t.Title!.Contains("danger", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_shipped_town_folder_loads()
    {
        var loader = new RecipeLoader(Shipped);

        var towns = loader.TownFolders();

        Assert.Contains("lavaur", towns);
        Assert.True(towns.Count >= 2);
        Assert.All(towns, t => loader.LoadTown(t));
    }

    [Fact]
    public void An_unknown_service_is_named_with_its_file_and_field()
    {
        var loader = Scratch(catalogue: c => c.Replace("service: etat-civil", "service: voirie-inconnue"));

        var error = Assert.Throws<RecipeException>(() => loader.LoadTown("demo"));

        Assert.Contains(error.Errors, e => e.StartsWith("tenants/_template/catalogue.yaml: families[0].themes[0].service: service « voirie-inconnue » inconnu", StringComparison.Ordinal));
    }

    [Fact]
    public void A_yaml_syntax_error_gives_the_file_and_line()
    {
        var loader = Scratch(town: t => t + "\nbranding: [oops\n");

        var error = Assert.Throws<RecipeException>(() => loader.LoadTown("demo"));

        Assert.Matches(@"^tenants/demo/town\.yaml: ligne \d+, colonne \d+: contenu invalide", error.Errors[0]);
    }

    [Fact]
    public void A_misspelt_field_is_refused_not_ignored()
    {
        var loader = Scratch(town: t => t.Replace("insee:", "inse:"));

        var error = Assert.Throws<RecipeException>(() => loader.LoadTown("demo"));

        Assert.StartsWith("tenants/demo/town.yaml: ligne", error.Errors[0]);
    }

    [Fact]
    public void Missing_mail_texts_bad_colours_and_unknown_disabled_themes_are_all_reported()
    {
        var loader = Scratch(
            town: t => t.Replace("primary_color: \"#1d4f6e\"", "primary_color: bleu") + "\ndisabled_themes: [theme-fantome]\n",
            mail: m => m.Replace("  rejected:", "  rejected_typo:"));

        var error = Assert.Throws<RecipeException>(() => loader.LoadTown("demo"));

        Assert.Contains(error.Errors, e => e == "tenants/_template/mail.yaml: mails.rejected: texte manquant");
        Assert.Contains(error.Errors, e => e.StartsWith("tenants/demo/town.yaml: branding.primary_color: couleur attendue", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e == "tenants/demo/town.yaml: disabled_themes[0]: thème « theme-fantome » inconnu");
    }

    [Fact]
    public void An_email_address_without_a_dotted_domain_is_refused_with_its_field()
    {
        var loader = Scratch(town: t => t.Replace("email: contact@ville-lavaur.example", "email: contact@lavaur").Replace("email: etat-civil@ville-lavaur.example", "email: etat-civil"));

        var error = Assert.Throws<RecipeException>(() => loader.LoadTown("demo"));

        Assert.Contains(error.Errors, e => e.StartsWith("tenants/demo/town.yaml: contact.email: adresse électronique « contact@lavaur » invalide", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("tenants/demo/town.yaml: services.etat-civil.email: adresse électronique « etat-civil » invalide", StringComparison.Ordinal));
    }

    [Fact]
    public void A_primary_colour_too_light_for_white_text_is_refused_with_a_readable_shade_to_use()
    {
        var loader = Scratch(town: t => t.Replace("primary_color: \"#1d4f6e\"", "primary_color: \"#ffcc00\""));

        var error = Assert.Throws<RecipeException>(() => loader.LoadTown("demo"));

        var message = Assert.Single(error.Errors);
        Assert.StartsWith("tenants/demo/town.yaml: branding.primary_color: « #ffcc00 » n'a qu'un contraste de 1,4:1", message);
        var suggested = System.Text.RegularExpressions.Regex.Match(message, "« (#[0-9a-f]{6}) »$").Groups[1].Value;
        // The shade offered is accepted as it is.
        var file = Path.Combine(_scratch, "demo", "town.yaml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("#ffcc00", suggested, StringComparison.Ordinal));
        Assert.Equal(suggested, new RecipeLoader(_scratch).LoadTown("demo").Town.Branding!.PrimaryColor);
    }

    [Fact]
    public void A_choice_without_options_and_a_duplicate_field_are_reported()
    {
        var loader = Scratch(catalogue: c => c.Replace("type: choice\n            required: true\n            options:", "type: choice\n            required: true\n            ignored_options:"));

        var error = Assert.Throws<RecipeException>(() => loader.LoadTown("demo"));

        Assert.StartsWith("tenants/_template/catalogue.yaml: ligne", error.Errors[0]);
    }

    [Fact]
    public void A_form_breaking_the_catalogue_editors_rules_is_refused_with_the_same_messages()
    {
        // The first theme's form: two attachments fields, an option given twice, a minimum above the maximum.
        var loader = Scratch(catalogue: c => c
            .Replace("label: Nom de naissance\n            type: text", "label: Nom de naissance\n            type: attachments", StringComparison.Ordinal)
            .Replace("label: Adresse d'envoi\n            type: address", "label: Adresse d'envoi\n            type: attachments", StringComparison.Ordinal)
            .Replace("[\"Moi-même\", \"Mon enfant\",", "[\"Moi-même\", \"moi-même\",", StringComparison.Ordinal)
            .Replace("min: 1\n            max: 5", "min: 9\n            max: 5", StringComparison.Ordinal));

        var errors = Assert.Throws<RecipeException>(() => loader.LoadTown("demo")).Errors;

        Assert.Contains(errors, e => e.StartsWith("tenants/_template/catalogue.yaml: families[0].themes[0].fields[", StringComparison.Ordinal)
            && e.EndsWith("].type: Un formulaire n'a qu'un seul champ de pièces jointes.", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.EndsWith("themes[0].fields[0].options: Chaque option ne figure qu'une fois.", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("themes[0].fields[", StringComparison.Ordinal)
            && e.EndsWith("].max: Le maximum doit être supérieur ou égal au minimum.", StringComparison.Ordinal));
    }

    /// <summary>A copy of the shipped template and Lavaur (as "demo"), with edits applied to its files.</summary>
    private RecipeLoader Scratch(Func<string, string>? town = null, Func<string, string>? catalogue = null, Func<string, string>? mail = null)
    {
        var template = Directory.CreateDirectory(Path.Combine(_scratch, "_template")).FullName;
        var demo = Directory.CreateDirectory(Path.Combine(_scratch, "demo")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(Shipped, "_template")))
            File.Copy(file, Path.Combine(template, Path.GetFileName(file)));
        File.Copy(Path.Combine(Shipped, "lavaur", "logo.svg"), Path.Combine(demo, "logo.svg"));
        Edit(Path.Combine(Shipped, "lavaur", "town.yaml"), Path.Combine(demo, "town.yaml"), town);
        Edit(Path.Combine(template, "catalogue.yaml"), Path.Combine(template, "catalogue.yaml"), catalogue);
        Edit(Path.Combine(template, "mail.yaml"), Path.Combine(template, "mail.yaml"), mail);
        return new RecipeLoader(_scratch);

        static void Edit(string from, string to, Func<string, string>? edit)
        {
            var text = File.ReadAllText(from);
            var edited = edit?.Invoke(text) ?? text;
            if (edit is not null)
                Assert.NotEqual(text, edited); // the edit must have hit something
            File.WriteAllText(to, edited);
        }
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
