using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Host.Features.Requests.Forms;
using GrcCloud.Testing;
using Microsoft.AspNetCore.Http;

namespace GrcCloud.Tests.Forms;

/// <summary>Every theme of the shipped catalogue goes through the form engine.</summary>
public sealed class CatalogueFormsTests
{
    [Fact]
    public void An_empty_post_to_any_theme_names_exactly_its_required_fields()
    {
        var recipe = new RecipeLoader(Repository.Recipes).LoadFromTemplate(RecipeLoader.DefaultTemplate, "albi", "Albi", "81004", null, []);
        var themes = recipe.Families.SelectMany(f => f.Themes!).ToList();
        Assert.NotEmpty(themes);

        foreach (var theme in themes)
        {
            IReadOnlyList<FormField> fields = [.. theme.Fields!.Select(f => new FormField
            {
                Name = f.Name!, Label = f.Label!, Type = f.Type!, Required = f.Required, Help = f.Help, MaxLength = f.MaxLength,
                Min = f.Min, Max = f.Max, Options = f.Options, Prefill = f.Prefill, MaxFiles = f.MaxFiles,
            })];
            var expected = fields
                .Where(f => f.Required && f.Type != "attachments")
                .ToDictionary(f => f.Type == "location" ? FormValidator.LocationTextId(f.Name) : FormValidator.Id(f.Name), f => f.Label);

            var result = FormValidator.Validate(fields, new FormCollection(null));

            Assert.True(expected.Keys.Order(StringComparer.Ordinal).SequenceEqual(result.Errors.Keys.Order(StringComparer.Ordinal)),
                $"{theme.Slug} : {string.Join(", ", result.Errors.Keys)}");
            Assert.All(result.Errors, e => Assert.Contains($"« {expected[e.Key]} »", e.Value, StringComparison.Ordinal));
            Assert.Empty(result.Answers);
        }
    }
}
