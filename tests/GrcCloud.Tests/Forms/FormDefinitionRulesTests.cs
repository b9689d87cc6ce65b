using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.BackOffice.Admin;
using GrcCloud.Host.Features.Requests.Forms;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GrcCloud.Tests.Forms;

/// <summary>
/// The one rule set of a theme's form, checked directly and through the catalogue editor's entry point
/// (<see cref="FieldRules"/>); the recipes' entry point is checked in Provisioning.RecipeTests.
/// </summary>
public sealed class FormDefinitionRulesTests
{
    private static readonly FieldDefinition Photos = new("photos", "Photos", "attachments");
    private static readonly FieldDefinition Place = new("lieu", "Lieu", "location");

    private static string Only(FieldDefinition field, params FieldDefinition[] others)
    {
        var problem = Assert.Single(FormDefinitionRules.Check(field, others));
        return $"{problem.Property}: {problem.Message}";
    }

    private static readonly (FieldDefinition Field, FieldDefinition[] Others, string Expected)[] Cases =
    [
        (new(null, "Objet", "text"), [], "name: Indiquez le nom technique du champ."),
        (new("Objet", "Objet", "text"), [], "name: Le nom technique commence par une minuscule et ne contient que des minuscules sans accent, des chiffres et des soulignés (_)."),
        (new(new string('a', 41), "Objet", "text"), [], "name: Le nom technique du champ compte 40 caractères au plus."),
        (new("objet", "Objet", "text"), [new("objet", "Autre", "text")], "name: Un autre champ de ce formulaire s'appelle déjà « objet »."),
        (new("objet", " ", "text"), [], "label: Indiquez le libellé du champ."),
        (new("objet", "Objet", "text", Help: new string('a', 501)), [], "help: L'aide compte 500 caractères au plus."),
        (new("objet", "Objet", "couleur"), [], "type: Choisissez un type de champ dans la liste."),
        (new("autres_photos", "Autres photos", "attachments"), [Photos], "type: Un formulaire n'a qu'un seul champ de pièces jointes."),
        (new("autre_lieu", "Autre lieu", "location"), [Place], "type: Un formulaire n'a qu'un seul point sur une carte."),
        (new("qui", "Qui", "choice", Options: ["Moi"]), [], "options: Un choix demande au moins deux options, une par ligne."),
        (new("qui", "Qui", "multichoice", Options: null), [], "options: Un choix demande au moins deux options, une par ligne."),
        (new("qui", "Qui", "choice", Options: ["Moi", "moi"]), [], "options: Chaque option ne figure qu'une fois."),
        (new("qui", "Qui", "choice", Options: ["Moi", new string('a', 201)]), [], "options: Une option compte 200 caractères au plus."),
        (new("objet", "Objet", "text", MaxLength: 0), [], "max_length: La longueur maximale doit être un nombre entier de 1 à 10000."),
        (new("nombre", "Nombre", "number", Min: 9, Max: 5), [], "max: Le maximum doit être supérieur ou égal au minimum."),
        (new("photos", "Photos", "attachments", MaxFiles: 11), [], "max_files: Le nombre de fichiers doit être un nombre entier de 1 à 10."),
        (new("prenom", "Prénom", "text", Prefill: "surname"), [], "prefill: Choisissez un pré-remplissage dans la liste."),
    ];

    public static TheoryData<int> Broken() => [.. Enumerable.Range(0, Cases.Length)];

    [Theory]
    [MemberData(nameof(Broken))]
    public void Each_rule_reports_its_property_in_french(int rule) =>
        Assert.Equal(Cases[rule].Expected, Only(Cases[rule].Field, Cases[rule].Others));

    [Fact]
    public void A_sound_form_has_no_problem()
    {
        FieldDefinition[] form =
        [
            new("qui", "Qui", "choice", Options: ["Moi", "Mon enfant"]),
            new("nombre", "Nombre", "number", Min: 1, Max: 5),
            new("description", "Description", "textarea", Help: "Décrivez", MaxLength: 2000),
            new("prenom", "Prénom", "text", Prefill: "given_name"),
            Photos with { MaxFiles = 3 },
            Place,
        ];
        Assert.Empty(FormDefinitionRules.CheckForm(form));
    }

    [Fact]
    public void A_form_reports_an_empty_list_and_each_duplicate_once_on_the_second()
    {
        Assert.Equal("fields", Assert.Single(FormDefinitionRules.CheckForm([])).Problem.Property);
        var (index, problem) = Assert.Single(FormDefinitionRules.CheckForm([Photos, Place, Photos with { Name = "photos2" }]));
        Assert.Equal((2, FormDefinitionRules.Properties.Type), (index, problem.Property));
    }

    private static (FormField? Field, ModelStateDictionary State) Edit(FieldInput posted, params FormField[] others)
    {
        var state = new ModelStateDictionary();
        return (FieldRules.Check(posted, others, state), state);
    }

    private static string? ErrorOf(ModelStateDictionary state, string input) =>
        state.TryGetValue(FieldRules.Prefix + input, out var entry) ? Assert.Single(entry.Errors).ErrorMessage : null;

    [Fact]
    public void The_editor_refuses_a_second_attachments_field_with_the_same_message()
    {
        var (field, state) = Edit(new FieldInput { Name = "autres", Label = "Autres", Type = "attachments" },
            new FormField { Name = "photos", Label = "Photos", Type = "attachments" });
        Assert.Null(field);
        Assert.Equal("Un formulaire n'a qu'un seul champ de pièces jointes.", ErrorOf(state, nameof(FieldInput.Type)));
    }

    [Fact]
    public void The_editor_refuses_duplicate_options_and_a_minimum_above_the_maximum()
    {
        var (_, options) = Edit(new FieldInput { Name = "qui", Label = "Qui", Type = "choice", Options = "Moi\nMOI" });
        Assert.Equal("Chaque option ne figure qu'une fois.", ErrorOf(options, nameof(FieldInput.Options)));

        var (_, bounds) = Edit(new FieldInput { Name = "nombre", Label = "Nombre", Type = "number", Min = "9", Max = "5" });
        Assert.Equal("Le maximum doit être supérieur ou égal au minimum.", ErrorOf(bounds, nameof(FieldInput.Max)));
    }

    [Fact]
    public void The_editor_reports_a_name_taken_a_bad_prefill_and_a_wrong_number_next_to_each_input()
    {
        var (_, state) = Edit(new FieldInput { Name = "objet", Label = "", Type = "text", Prefill = "surname", MaxLength = "douze" },
            new FormField { Name = "objet", Label = "Objet", Type = "text" });
        Assert.Equal("Un autre champ de ce formulaire s'appelle déjà « objet ».", ErrorOf(state, nameof(FieldInput.Name)));
        Assert.Equal("Indiquez le libellé du champ.", ErrorOf(state, nameof(FieldInput.Label)));
        Assert.Equal("Choisissez un pré-remplissage dans la liste.", ErrorOf(state, nameof(FieldInput.Prefill)));
        Assert.Equal("La longueur maximale doit être un nombre entier de 1 à 10000.", ErrorOf(state, nameof(FieldInput.MaxLength)));
    }

    [Fact]
    public void The_editor_gives_back_the_field_to_store_with_limits_only_where_the_type_uses_them()
    {
        var (field, state) = Edit(new FieldInput { Name = " nombre ", Label = " Nombre ", Type = "number", Min = "1", Max = "5,5", MaxLength = "12", Required = true });
        Assert.True(state.IsValid);
        Assert.NotNull(field);
        Assert.Equal(("nombre", "Nombre", 1m, 5.5m, (int?)null, true), (field.Name, field.Label, field.Min!.Value, field.Max!.Value, field.MaxLength, field.Required));
    }
}
