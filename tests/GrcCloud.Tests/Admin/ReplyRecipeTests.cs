using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Testing;

namespace GrcCloud.Tests.Admin;

/// <summary>The template's replies.yaml: a few replies per status, workflow steps on themes; a wrong entry named by file and field.</summary>
public sealed class ReplyRecipeTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("grccloud-replies-").FullName;

    [Fact]
    public void The_template_offers_replies_for_the_main_statuses_and_marks_validation_and_site_visit_themes()
    {
        var recipe = new RecipeLoader(Repository.Recipes).LoadTown("lavaur");

        var statuses = recipe.Replies.Select(r => RecipeLoader.ReplyStatus(r.Status)).ToHashSet();
        Assert.Superset(new HashSet<RequestStatus?> { RequestStatus.Acknowledged, RequestStatus.AwaitingResident, RequestStatus.Resolved, RequestStatus.Rejected }, statuses);
        Assert.Contains(recipe.Replies, r => r.Status == "acknowledged" && r.Theme is null && r.Body!.Contains("{due_date}", StringComparison.Ordinal));
        Assert.Contains(recipe.Replies, r => r.Status == "rejected" && r.Body!.Contains("tribunal administratif", StringComparison.Ordinal));
        var themes = recipe.Families.SelectMany(f => f.Themes!).ToDictionary(t => t.Slug!);
        Assert.True(themes["occupation-domaine-public"].RequiresValidation);
        Assert.True(themes["nid-de-poule"].SiteVisit);
        Assert.True(themes["lampadaire-en-panne"].SiteVisit);
        Assert.False(themes["acte-de-naissance"].RequiresValidation);
    }

    [Fact]
    public void A_wrong_status_theme_or_placeholder_is_named_with_its_file_and_field()
    {
        var loader = Scratch(replies => replies
            .Replace("  - status: in_progress", "  - status: en_cours", StringComparison.Ordinal)
            .Replace("theme: nid-de-poule", "theme: nid-de-poule-inconnu", StringComparison.Ordinal)
            .Replace("Votre demande {reference} est désormais clôturée", "Votre demande {numero} est désormais clôturée", StringComparison.Ordinal));

        var error = Assert.Throws<RecipeException>(() => loader.LoadTown("demo"));

        Assert.Contains(error.Errors, e => e.StartsWith("tenants/_template/replies.yaml: replies[2].status: état « en_cours » inconnu (attendu : received, acknowledged, in_progress", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e == "tenants/_template/replies.yaml: replies[7].theme: thème « nid-de-poule-inconnu » inconnu");
        Assert.Contains(error.Errors, e => e.StartsWith("tenants/_template/replies.yaml: replies[10].body: repère {numero} inconnu", StringComparison.Ordinal));
    }

    [Fact]
    public void A_town_folder_may_bring_its_own_replies_which_replace_the_templates()
    {
        var loader = Scratch(null, ownReplies: "replies:\n  - status: resolved\n    title: Merci\n    body: Bonjour {name}, c'est fait.\n");

        var recipe = loader.LoadTown("demo");

        Assert.Equal("Merci", Assert.Single(recipe.Replies).Title);
    }

    /// <summary>The shipped template and Lavaur (as "demo") copied, the template's replies.yaml edited, the town's own one added.</summary>
    private RecipeLoader Scratch(Func<string, string>? editTemplateReplies, string? ownReplies = null)
    {
        var template = Directory.CreateDirectory(Path.Combine(_scratch, "_template")).FullName;
        var demo = Directory.CreateDirectory(Path.Combine(_scratch, "demo")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Recipes, "_template")))
            File.Copy(file, Path.Combine(template, Path.GetFileName(file)));
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Recipes, "lavaur")))
            File.Copy(file, Path.Combine(demo, Path.GetFileName(file)));
        var replies = Path.Combine(template, "replies.yaml");
        if (editTemplateReplies is not null)
        {
            var text = File.ReadAllText(replies);
            var edited = editTemplateReplies(text);
            Assert.NotEqual(text, edited);
            File.WriteAllText(replies, edited);
        }
        if (ownReplies is not null)
            File.WriteAllText(Path.Combine(demo, "replies.yaml"), ownReplies);
        return new RecipeLoader(_scratch);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
