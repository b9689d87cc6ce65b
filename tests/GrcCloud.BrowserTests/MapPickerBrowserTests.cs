using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>
/// The map picker of a location field (the pothole report, residents with an account only): shown
/// by carte.js, a click fills latitude and longitude and says so in words, typed coordinates move
/// the marker, and the description alone still sends the form. The network is closed: every tile
/// request is refused at once, so nothing here waits for a map image.
/// </summary>
[Collection(BackOfficeCollection.Name)]
public sealed class MapPickerBrowserTests(IdentityPlatformFixture identity)
{
    private readonly BackOfficePeople _people = new(identity);

    [Fact]
    public async Task A_click_on_the_map_fills_the_coordinates_and_says_so_typed_coordinates_move_the_marker_and_Tab_goes_past_the_map()
    {
        var (context, page) = await _people.ResidentAsync("cartographe@exemple.fr");
        await using var _ = context;
        await RefuseOtherOriginsAsync(context);
        await page.GotoAsync(identity.Url(BackOfficePeople.PotholeForm));
        var map = page.GetByRole(AriaRole.Region, new() { Name = "Carte : cliquez pour placer le point" });
        var latitude = page.GetByLabel("Latitude (facultatif)");
        var longitude = page.GetByLabel("Longitude (facultatif)");

        await Expect(map).ToBeVisibleAsync();
        await Expect(latitude).ToHaveValueAsync("");
        await map.ClickAsync(new() { Position = new() { X = 60, Y = 60 } });

        var (lat, lon) = (await NumberAsync(latitude), await NumberAsync(longitude));
        Assert.InRange(lat, -90, 90);
        Assert.InRange(lon, -180, 180);
        await Expect(page.Locator($"#{await map.GetAttributeAsync("id")}-etat"))
            .ToHaveTextAsync($"Point placé : latitude {await latitude.InputValueAsync()}, longitude {await longitude.InputValueAsync()}.");
        await Expect(page.Locator(".leaflet-marker-icon")).ToHaveAccessibleNameAsync("Point choisi");
        await AssertMarkerAtAsync(page, map, 60, 60);

        // Typed in the fields (Lavaur's town hall), the point moves there and the map centres on it.
        await latitude.FillAsync("43.698900");
        await longitude.FillAsync("1.819000");
        await longitude.PressAsync("Tab");
        var box = (await map.BoundingBoxAsync())!;
        await AssertMarkerAtAsync(page, map, box.Width / 2, box.Height / 2);
        await Expect(latitude).ToHaveValueAsync("43.698900");

        // No keyboard trap: from the coordinates, Tab goes through the map (its controls, the marker) and on to the next field.
        await longitude.FocusAsync();
        await BackOfficePeople.TabUntilAsync(page, "Adresse la plus proche", limit: 12);
    }

    [Fact]
    public async Task The_form_with_its_map_passes_axe_reads_at_320_px_and_is_sent_with_the_description_alone()
    {
        var (context, page) = await _people.ResidentAsync("arpenteuse@exemple.fr", PageChecks.NarrowWidth);
        await using var _ = context;
        await RefuseOtherOriginsAsync(context);
        await page.GotoAsync(identity.Url(BackOfficePeople.PotholeForm));
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Carte : cliquez pour placer le point" })).ToBeVisibleAsync();

        await PageChecks.AssertNoSidewaysScrollingAsync(page, "formulaire avec carte (320 px)");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "formulaire avec carte");

        var reference = await BackOfficePeople.ReportPotholeAsync(page, "Devant la boulangerie de la place du Foirail");

        await page.GotoAsync(identity.Url($"/mes-demandes/{reference}"));
        var answers = page.Locator("dl.facts");
        await Expect(answers).ToContainTextAsync("Emplacement sur la carte");
        await Expect(answers).ToContainTextAsync("Devant la boulangerie de la place du Foirail");
    }

    /// <summary>No tile server is reachable from the tests: refuse whatever leaves the platform rather than wait for it.</summary>
    private async Task RefuseOtherOriginsAsync(IBrowserContext context) =>
        await context.RouteAsync(url => !url.StartsWith(identity.Url("/"), StringComparison.Ordinal), route => route.AbortAsync());

    private static async Task<double> NumberAsync(ILocator input)
    {
        await Expect(input).Not.ToHaveValueAsync("");
        return double.Parse(await input.InputValueAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The marker's tip (Leaflet's default icon is anchored 12 px from its left, at its foot) is at (x, y) of the map, give or take 2 px.</summary>
    private static async Task AssertMarkerAtAsync(IPage page, ILocator map, double x, double y)
    {
        var marker = page.Locator(".leaflet-marker-icon");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var (dx, dy) = (double.MaxValue, double.MaxValue);
        while (DateTime.UtcNow < deadline)
        {
            var (m, c) = ((await marker.BoundingBoxAsync())!, (await map.BoundingBoxAsync())!);
            (dx, dy) = (m.X + 12 - c.X - x, m.Y + m.Height - c.Y - y);
            if (Math.Abs(dx) <= 2 && Math.Abs(dy) <= 2)
                return;
            await page.WaitForTimeoutAsync(100);
        }
        Assert.Fail($"le marqueur est à ({dx:0}, {dy:0}) px du point attendu");
    }
}
