using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Billing;

/// <summary>/facturation/formules: amounts typed including or excluding VAT, both shown; edits and archiving audited.</summary>
public sealed class PlansPageTests(PostgresFixture postgres)
{
    private const string Plans = "/facturation/formules";

    [Fact]
    public async Task An_operator_creates_edits_and_archives_a_plan_and_sees_amounts_with_and_without_vat()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var ops = await OperatorTests.SignedInOperatorAsync(env, "facturation@grccloud.example", "facturation");

        var reference = (await ops.PageAsync(Plans)).QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("reference", StringComparison.Ordinal));
        Assert.Contains("5 500,00 € TTC", QuarterTests.Plain(reference.TextContent));
        Assert.Contains("4 583,33 € HT", QuarterTests.Plain(reference.TextContent));

        var refused = await Html.ParseAsync(await ops.SubmitAsync(Plans, new Dictionary<string, string>
        {
            ["Code"] = "petite-commune", ["Name"] = "Petite commune", ["Amounts"] = "ttc", ["SetupFee"] = "beaucoup", ["QuarterlyFee"] = "300,00",
        }, "form[action*='handler=Create']"));
        Assert.Contains("Les frais de mise en service : saisissez un montant en euros", refused.Text(".error-summary"));
        Assert.Equal("Petite commune", refused.QuerySelector("#Name")!.GetAttribute("value"));

        var created = await Html.ParseAsync(await ops.FollowAsync(await ops.SubmitAsync(Plans, new Dictionary<string, string>
        {
            ["Code"] = "petite-commune", ["Name"] = "Petite commune", ["Amounts"] = "ttc", ["SetupFee"] = "1 200,00", ["QuarterlyFee"] = "300",
        }, "form[action*='handler=Create']")));
        Assert.Contains("Formule « Petite commune » créée", created.Text("main"));
        var row = QuarterTests.Plain(created.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("petite-commune", StringComparison.Ordinal)).TextContent);
        Assert.Contains("1 200,00 € TTC", row);
        Assert.Contains("1 000,00 € HT", row);
        Assert.Contains("250,00 € HT", row);

        var edited = await Html.ParseAsync(await ops.FollowAsync(await ops.SubmitAsync($"{Plans}?modifier=petite-commune", new Dictionary<string, string>
        {
            ["Name"] = "Petite commune", ["Amounts"] = "ht", ["SetupFee"] = "2000", ["QuarterlyFee"] = "250",
        }, "form[action*='handler=Edit']")));
        Assert.Contains("Formule « Petite commune » modifiée", edited.Text("main"));
        Assert.Contains("2 400,00 € TTC", QuarterTests.Plain(edited.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("petite-commune", StringComparison.Ordinal)).TextContent));

        var archived = await Html.ParseAsync(await ops.FollowAsync(await ops.SubmitAsync(Plans, new Dictionary<string, string>(), "form[action*='formule=petite-commune']")));
        Assert.Contains("Archivée", archived.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("petite-commune", StringComparison.Ordinal)).TextContent);

        await using var scope = env.Platform.Services.CreateAsyncScope();
        var actions = await scope.ServiceProvider.GetRequiredService<GrcCloud.Data.Platform.PlatformDbContext>()
            .OperatorAudit.Where(a => a.OperatorEmail == "facturation@grccloud.example").Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Contains("formule-creee", actions);
        Assert.Contains("formule-modifiee", actions);
        Assert.Contains("formule-archivee", actions);
    }
}
