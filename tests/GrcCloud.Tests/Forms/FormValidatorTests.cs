using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Requests.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace GrcCloud.Tests.Forms;

/// <summary>What a resident posts to a theme's form: normalised when right, a French sentence naming the field when wrong.</summary>
public sealed class FormValidatorTests
{
    private static FormField Field(string type, string name = "champ", bool required = true, int? maxLength = null,
        decimal? min = null, decimal? max = null, params string[] options) => new()
    {
        Name = name,
        Label = "Mon champ",
        Type = type,
        Required = required,
        MaxLength = maxLength,
        Min = min,
        Max = max,
        Options = options.Length == 0 ? null : options,
    };

    private static FormCollection Post(params (string Key, string[] Values)[] values) =>
        new(values.ToDictionary(v => v.Key, v => new StringValues(v.Values)));

    private static FormValidationResult One(FormField field, params string[] posted) =>
        FormValidator.Validate([field], posted.Length == 0 ? Post() : Post(("f." + field.Name, posted)));

    private static string ErrorOf(FormValidationResult result, string key = "f_champ")
    {
        Assert.False(result.IsValid);
        Assert.True(result.Errors.TryGetValue(key, out var error), $"pas d'erreur sous {key} : {string.Join(" | ", result.Errors)}");
        return error!;
    }

    private static IReadOnlyList<string> ValuesOf(FormValidationResult result)
    {
        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        return Assert.Single(result.Answers).Values;
    }

    [Theory]
    [InlineData("text")]
    [InlineData("textarea")]
    [InlineData("number")]
    [InlineData("date")]
    [InlineData("email")]
    [InlineData("phone")]
    [InlineData("address")]
    public void A_required_field_left_empty_is_an_error_naming_it(string type)
    {
        Assert.Equal("Le champ « Mon champ » est obligatoire.", ErrorOf(One(Field(type))));
        Assert.Equal("Le champ « Mon champ » est obligatoire.", ErrorOf(One(Field(type), "   ")));
    }

    [Theory]
    [InlineData("choice")]
    [InlineData("multichoice")]
    [InlineData("yesno")]
    public void A_required_choice_left_unanswered_asks_for_an_answer(string type) =>
        Assert.Equal("Choisissez une réponse pour « Mon champ ».", ErrorOf(One(Field(type, options: ["A", "B"]))));

    [Fact]
    public void An_optional_field_left_empty_gives_no_answer_and_no_error()
    {
        var result = One(Field("text", required: false), "");
        Assert.True(result.IsValid);
        Assert.Empty(result.Answers);
    }

    [Fact]
    public void Text_is_trimmed_and_kept_with_its_label_and_type()
    {
        var answer = Assert.Single(One(Field("text"), "  Dupont  ").Answers);
        Assert.Equal(("champ", "Mon champ", "text"), (answer.Name, answer.Label, answer.Type));
        Assert.Equal(["Dupont"], answer.Values);
    }

    [Fact]
    public void Text_and_textarea_have_a_maximum_length_by_default_or_from_the_theme()
    {
        Assert.Single(ValuesOf(One(Field("text"), new string('a', 200))));
        Assert.Contains("ne doit pas dépasser 200 caractères", ErrorOf(One(Field("text"), new string('a', 201))));
        Assert.Contains("ne doit pas dépasser 100 caractères", ErrorOf(One(Field("text", maxLength: 100), new string('a', 101))));
        Assert.Single(ValuesOf(One(Field("textarea"), new string('a', 4000))));
        Assert.Contains("4000 caractères", ErrorOf(One(Field("textarea"), new string('a', 4001))));
        Assert.Contains("300 caractères", ErrorOf(One(Field("address"), new string('a', 301))));
    }

    [Fact]
    public void A_textarea_keeps_its_lines_as_newlines()
    {
        Assert.Equal(["ligne 1\nligne 2\n\tindentée"], ValuesOf(One(Field("textarea"), "ligne 1\r\nligne 2\r\n\tindentée")));
    }

    [Theory]
    [InlineData("Dupont\u0000")]
    [InlineData("a\u0007b")]
    [InlineData("a\u001Bb")]
    [InlineData("a\u0085b")]
    public void Control_characters_are_refused(string posted) =>
        Assert.Equal("Le champ « Mon champ » contient des caractères non autorisés.", ErrorOf(One(Field("textarea"), posted)));

    [Fact]
    public void Html_and_script_are_kept_as_text_for_the_page_to_escape()
    {
        const string posted = "<script>alert('x')</script><b>gras</b> & \"guillemets\"";
        Assert.Equal([posted], ValuesOf(One(Field("textarea"), posted)));
    }

    [Theory]
    [InlineData("12", "12")]
    [InlineData("12,5", "12.5")]
    [InlineData("12.5", "12.5")]
    [InlineData(" -3,25 ", "-3.25")]
    [InlineData("2.50", "2.5")]
    public void Numbers_are_read_in_french_or_invariant_form_and_kept_invariant(string posted, string kept) =>
        Assert.Equal([kept], ValuesOf(One(Field("number"), posted)));

    [Theory]
    [InlineData("douze")]
    [InlineData("1 000")]
    [InlineData("1,000.5")]
    [InlineData("1e5")]
    [InlineData("0x10")]
    public void A_wrong_number_is_an_error(string posted) =>
        Assert.Equal("Le champ « Mon champ » doit être un nombre, par exemple 12 ou 12,5.", ErrorOf(One(Field("number"), posted)));

    [Fact]
    public void Numbers_respect_minimum_and_maximum()
    {
        var field = Field("number", min: 1, max: 5);
        Assert.Equal(["1"], ValuesOf(One(field, "1")));
        Assert.Equal(["5"], ValuesOf(One(field, "5")));
        Assert.Equal("Le champ « Mon champ » doit être compris entre 1 et 5.", ErrorOf(One(field, "0")));
        Assert.Equal("Le champ « Mon champ » doit être compris entre 1 et 5.", ErrorOf(One(field, "5,5")));
        Assert.Equal("Le champ « Mon champ » doit être supérieur ou égal à 0,5.", ErrorOf(One(Field("number", min: 0.5m), "0.4")));
        Assert.Equal("Le champ « Mon champ » doit être inférieur ou égal à 10.", ErrorOf(One(Field("number", max: 10), "11")));
    }

    [Fact]
    public void A_date_is_a_real_calendar_date_in_a_sensible_range()
    {
        Assert.Equal(["2024-02-29"], ValuesOf(One(Field("date"), "2024-02-29")));
        Assert.Contains("doit être une date qui existe", ErrorOf(One(Field("date"), "2026-02-30")));
        Assert.Contains("doit être une date qui existe", ErrorOf(One(Field("date"), "2025-02-29")));
        Assert.Contains("doit être une date qui existe", ErrorOf(One(Field("date"), "14/03/2026")));
        Assert.Contains("doit être une date qui existe", ErrorOf(One(Field("date"), "2026-3-14")));
        Assert.Equal("Le champ « Mon champ » doit être une date comprise entre 1900 et 2100.", ErrorOf(One(Field("date"), "1899-12-31")));
        Assert.Equal("Le champ « Mon champ » doit être une date comprise entre 1900 et 2100.", ErrorOf(One(Field("date"), "2101-01-01")));
    }

    [Theory]
    [InlineData("marie.dupont@example.fr")]
    [InlineData("a+tag@mairie-lavaur.fr")]
    public void A_good_email_is_kept(string posted) => Assert.Equal([posted], ValuesOf(One(Field("email"), posted)));

    [Theory]
    [InlineData("marie")]
    [InlineData("marie@localhost")]
    [InlineData("a@b")]
    [InlineData("marie@@example.fr")]
    [InlineData("Marie <marie@example.fr>")]
    [InlineData("marie@example..fr")]
    [InlineData("marie@example.fr.")]
    public void A_bad_email_is_an_error(string posted) =>
        Assert.Equal("Le champ « Mon champ » doit être une adresse e-mail valide, par exemple nom@exemple.fr.", ErrorOf(One(Field("email"), posted)));

    [Theory]
    [InlineData("0563580000", "0563580000")]
    [InlineData("05 63 58 00 00", "0563580000")]
    [InlineData("06.12.34.56.78", "0612345678")]
    [InlineData("06-12-34-56-78", "0612345678")]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("+1 202 555 0173", "+12025550173")]
    public void French_and_international_phones_are_accepted(string posted, string kept) =>
        Assert.Equal([kept], ValuesOf(One(Field("phone"), posted)));

    [Theory]
    [InlineData("563580000")]
    [InlineData("05635800001")]
    [InlineData("0063580000")]
    [InlineData("+33 06 12 34 56 78")]
    [InlineData("+12345")]
    [InlineData("05 63 58 OO OO")]
    [InlineData("(05) 63 58 00 00")]
    [InlineData("javascript:alert(1)")]
    [InlineData("+1")]
    [InlineData("05 63 58 00 00 poste 12")]
    [InlineData("\u0660\u0665\u0666\u0663\u0665\u0668\u0660\u0660\u0660\u0660")]
    [InlineData(" 05 63 58 00 00 00 00 00 00 00 00 00")]
    public void Wrong_phones_are_refused(string posted) =>
        Assert.StartsWith("Le champ « Mon champ » doit être un numéro de téléphone", ErrorOf(One(Field("phone"), posted)));

    [Fact]
    public void A_choice_must_be_exactly_one_of_the_options()
    {
        var field = Field("choice", options: ["Moi-même", "Mon enfant"]);
        Assert.Equal(["Mon enfant"], ValuesOf(One(field, "Mon enfant")));
        Assert.Equal("La réponse choisie pour « Mon champ » ne fait pas partie des réponses proposées.", ErrorOf(One(field, "Mon voisin")));
        Assert.Contains("ne fait pas partie", ErrorOf(One(field, "mon enfant")));
        Assert.Equal("Le champ « Mon champ » a été envoyé plusieurs fois.", ErrorOf(One(field, "Moi-même", "Mon enfant")));
    }

    [Fact]
    public void A_multichoice_takes_options_once_each_in_the_options_order()
    {
        var field = Field("multichoice", options: ["Lundi", "Mardi", "Mercredi"]);
        Assert.Equal(["Lundi", "Mercredi"], ValuesOf(One(field, "Mercredi", "Lundi")));
        Assert.Equal("Une réponse a été envoyée deux fois pour « Mon champ ».", ErrorOf(One(field, "Lundi", "Lundi")));
        Assert.Equal("Une réponse cochée pour « Mon champ » ne fait pas partie des réponses proposées.", ErrorOf(One(field, "Lundi", "Dimanche")));
    }

    [Fact]
    public void Yes_or_no_is_oui_or_non()
    {
        Assert.Equal(["oui"], ValuesOf(One(Field("yesno"), "oui")));
        Assert.Equal(["non"], ValuesOf(One(Field("yesno"), "non")));
        Assert.Equal("Répondez par oui ou par non à « Mon champ ».", ErrorOf(One(Field("yesno"), "peut-être")));
    }

    [Fact]
    public void A_forged_extra_field_is_an_error_of_the_whole_form()
    {
        var result = FormValidator.Validate([Field("text")], Post(("f.champ", ["Dupont"]), ("f.admin", ["oui"]), ("__RequestVerificationToken", ["x"])));
        Assert.Equal("Le formulaire envoyé contient un champ inconnu : rechargez la page et recommencez.", ErrorOf(result, ""));
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Attachments_are_left_to_the_file_checks()
    {
        var result = FormValidator.Validate([Field("attachments"), Field("text", name: "nom")], Post(("f.nom", ["Dupont"])));
        Assert.True(result.IsValid);
        Assert.Equal("nom", Assert.Single(result.Answers).Name);
    }

    [Fact]
    public void A_location_is_satisfied_by_its_description_alone()
    {
        var result = FormValidator.Validate([Field("location", name: "lieu")], Post(("f.lieu.texte", ["Devant le 12 rue Villeneuve"]), ("f.lieu.lat", [""]), ("f.lieu.lon", [""])));
        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        var answer = Assert.Single(result.Answers);
        Assert.Equal("lieu.texte", answer.Name);
        Assert.Equal(["Devant le 12 rue Villeneuve"], answer.Values);
    }

    [Fact]
    public void A_location_is_satisfied_by_a_point_alone_kept_with_six_decimals()
    {
        var result = FormValidator.Validate([Field("location", name: "lieu")], Post(("f.lieu.lat", ["43,6989"]), ("f.lieu.lon", ["1.8187"])));
        var answer = Assert.Single(ValuesOf(result));
        Assert.Equal("43.698900,1.818700", answer);
        Assert.Equal("location", result.Answers[0].Type);
    }

    [Fact]
    public void A_location_with_both_gives_two_answers()
    {
        var result = FormValidator.Validate([Field("location", name: "lieu")],
            Post(("f.lieu.lat", ["43.6989"]), ("f.lieu.lon", ["1.8187"]), ("f.lieu.texte", ["Place du Plô"])));
        Assert.True(result.IsValid);
        Assert.Equal(["lieu", "lieu.texte"], result.Answers.Select(a => a.Name));
    }

    [Fact]
    public void A_required_location_left_empty_asks_for_the_description()
    {
        var result = FormValidator.Validate([Field("location", name: "lieu")], Post());
        Assert.Equal("Décrivez le lieu ou indiquez sa position pour « Mon champ ».", ErrorOf(result, "f_lieu_texte"));
    }

    [Theory]
    [InlineData("91", "1.8", "f_lieu_lat")]
    [InlineData("-90.5", "1.8", "f_lieu_lat")]
    [InlineData("nord", "1.8", "f_lieu_lat")]
    [InlineData("43.7", "180.1", "f_lieu_lon")]
    [InlineData("43.7", "", "f_lieu_lon")]
    public void A_bad_coordinate_is_an_error_even_with_a_description(string lat, string lon, string key)
    {
        var result = FormValidator.Validate([Field("location", name: "lieu")],
            Post(("f.lieu.lat", [lat]), ("f.lieu.lon", [lon]), ("f.lieu.texte", ["Place du Plô"])));
        Assert.Contains(key == "f_lieu_lat" ? "La latitude de « Mon champ »" : "La longitude de « Mon champ »", ErrorOf(result, key));
    }

    [Fact]
    public void Errors_are_keyed_by_each_inputs_id_in_a_whole_form()
    {
        FormField[] fields = [Field("text", name: "nom"), Field("email", name: "courriel"), Field("number", name: "nombre", required: false)];
        var result = FormValidator.Validate(fields, Post(("f.courriel", ["pas-un-mail"]), ("f.nombre", ["3"])));
        Assert.Equal(["f_courriel", "f_nom"], result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["3"], Assert.Single(result.Answers).Values);
    }
}
