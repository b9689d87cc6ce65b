using System.Text.RegularExpressions;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Portal;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Portal;

/// <summary>The town's primary colour is the background of white text and the colour of links: always 4.5:1 at least.</summary>
public sealed partial class TownColoursTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("#000000", "#ffffff", 21.0)]
    [InlineData("#767676", "#ffffff", 4.54)] // the lightest grey that passes on white, as WCAG tools give it
    [InlineData("#1d4f6e", "#1d4f6e", 1.0)]
    public void Contrast_follows_the_wcag_formula(string first, string second, double expected)
    {
        Assert.Equal(expected, TownColors.Contrast(first, second), 2);
        Assert.Equal(expected, TownColors.Contrast(second, first), 2);
    }

    [Fact]
    public void A_readable_colour_is_kept_and_a_light_one_darkened_in_its_own_hue()
    {
        Assert.Equal("#1d4f6e", TownColors.Readable("#1d4f6e"));

        var darker = TownColors.Readable("#ffcc00");

        Assert.True(TownColors.Contrast(darker, TownColors.Surface) >= 4.5, darker);
        Assert.True(TownColors.Contrast(darker, "#ffffff") >= 4.5, darker);
        var (r, g, b) = (Convert.ToInt32(darker[1..3], 16), Convert.ToInt32(darker[3..5], 16), Convert.ToInt32(darker[5..7], 16));
        Assert.True(r > g && g > b && r > 0x60, $"{darker} n'est plus un jaune foncé");
    }

    [Fact]
    public async Task A_too_light_colour_stored_for_a_town_is_served_darkened_and_other_towns_keep_theirs()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        var loader = platform.Services.GetRequiredService<RecipeLoader>();
        foreach (var slug in new[] { "lavaur", "gaillac" })
            await platform.Services.GetRequiredService<TownProvisioner>().ProvisionAsync(loader.LoadTown(slug), Ct);
        await platform.WaitForRegistryAsync(r => r.FindBySlug("lavaur") is not null && r.FindBySlug("gaillac") is not null);
        await using (var scope = platform.TownScope("lavaur"))
            await scope.ServiceProvider.GetRequiredService<TenantDbContext>().Settings.ExecuteUpdateAsync(s => s.SetProperty(x => x.PrimaryColor, "#ffcc00"), Ct);

        using var lavaur = platform.ClientFor("lavaur.localhost");
        using var gaillac = platform.ClientFor("gaillac.localhost");
        var lavaurPrimary = Primary().Match(await lavaur.GetStringAsync("/theme.css", Ct)).Groups[1].Value;
        var gaillacPrimary = Primary().Match(await gaillac.GetStringAsync("/theme.css", Ct)).Groups[1].Value;

        Assert.NotEqual("#ffcc00", lavaurPrimary);
        Assert.True(TownColors.Contrast(lavaurPrimary, TownColors.Surface) >= 4.5, lavaurPrimary);
        Assert.Equal("#5b2a5e", gaillacPrimary);
    }

    [GeneratedRegex("--town-primary:(#[0-9a-fA-F]{6})")]
    private static partial Regex Primary();
}
