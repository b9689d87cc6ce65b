using System.Text.RegularExpressions;
using GrcCloud.Data.Towns;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>
/// The back-office browser tests share one platform (their classes run one after the other): each
/// test makes its own people, with addresses of its own, so the order does not matter.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BackOfficeCollection : ICollectionFixture<IdentityPlatformFixture>
{
    public const string Name = "back-office";
}

/// <summary>
/// Lavaur's people in Chromium: accounts made directly in the town (invitations and sign-up have
/// their own tests), each signed in through the real sign-in page in a browser context of its own,
/// and the resident's pothole report sent from the real form.
/// </summary>
public sealed partial class BackOfficePeople(IdentityPlatformFixture identity)
{
    public const string Password = TownAccounts.Password;
    public const string PotholeForm = "/demarches/nid-de-poule/formulaire";

    /// <summary>An agent of <paramref name="role"/>, member of <paramref name="service"/> when given, signed in on a page <paramref name="width"/> px wide.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> AgentAsync(string email, string role, string? service = null, int width = 1280)
    {
        await CreateAsync(email, UserKind.Agent, role, service);
        var (context, page) = await identity.NewPageAsync(width);
        await page.GotoAsync(identity.Url("/agents/connexion"));
        await page.GetByLabel("Adresse électronique professionnelle").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(identity.Url("/agents"));
        return (context, page);
    }

    public async Task<(IBrowserContext Context, IPage Page)> ResidentAsync(string email, int width = 1280)
    {
        await CreateAsync(email, UserKind.Resident, null, null);
        var (context, page) = await identity.NewPageAsync(width);
        await page.GotoAsync(identity.Url("/connexion"));
        await page.GetByLabel("Adresse électronique", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(identity.Url("/mon-compte"));
        return (context, page);
    }

    /// <summary>A new resident's pothole report, sent from a browser context closed right after.</summary>
    public async Task<string> ReportAsync(string resident, string place)
    {
        var (context, page) = await ResidentAsync(resident);
        await using var _ = context;
        return await ReportPotholeAsync(page, place);
    }

    /// <summary>
    /// Fills the pothole form (service Voirie) with the place described in words only, no point on
    /// the map, sends it and returns the reference read on the acknowledgement.
    /// </summary>
    public static async Task<string> ReportPotholeAsync(IPage page, string place)
    {
        if (!page.Url.EndsWith(PotholeForm, StringComparison.Ordinal))
            await page.GotoAsync(new Uri(new Uri(page.Url), PotholeForm).ToString());
        await page.GetByLabel("Description du lieu").FillAsync(place);
        await page.GetByLabel("Adresse la plus proche").FillAsync("12 rue Villeneuve, 81500 Lavaur");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Chaussée" }).CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Moyen (20 à 50 cm)" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Accusé de réception");
        var reference = await page.GetByRole(AriaRole.Status).Locator("strong").TextContentAsync() ?? "";
        Assert.Matches(Reference(), reference);
        return reference;
    }

    /// <summary>The same page read <see cref="PageChecks.NarrowWidth"/> px wide, then back to its width.</summary>
    public static async Task AssertReflowsAsync(IPage page, string pageName)
    {
        var size = page.ViewportSize!;
        await page.SetViewportSizeAsync(PageChecks.NarrowWidth, 800);
        await PageChecks.AssertNoSidewaysScrollingAsync(page, pageName + " (320 px)");
        await page.SetViewportSizeAsync(size.Width, size.Height);
    }

    /// <summary>
    /// After an action the page comes back: the focus is on its success message, or at the top of the
    /// page where the first Tab reaches the skip link; never somewhere in the middle of the forms.
    /// </summary>
    public static async Task AssertFocusLeadsToTheMessageAsync(IPage page)
    {
        var onMessage = await page.EvaluateAsync<bool>("() => document.activeElement?.closest('[role=status]') !== null");
        if (onMessage)
            return;
        Assert.Equal("BODY", await page.EvaluateAsync<string>("() => document.activeElement.tagName"));
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(":focus")).ToHaveTextAsync("Aller au contenu");
    }

    /// <summary>
    /// Opens the request page's folded action <paramref name="summary"/> (only the next step in the
    /// request's state is an open form; the other actions wait in disclosures).
    /// </summary>
    public static async Task UnfoldAsync(IPage page, string summary)
    {
        var details = page.Locator("details.action").Filter(new() { Has = page.Locator("summary", new() { HasTextString = summary }) });
        if (await details.GetAttributeAsync("open") is null)
            await details.Locator("summary").ClickAsync();
        await Expect(details).ToHaveAttributeAsync("open", "");
    }

    /// <summary>Tab until the focus is on the element named <paramref name="name"/>, at most <paramref name="limit"/> times.</summary>
    public static async Task TabUntilAsync(IPage page, string name, int limit = 80)
    {
        for (var i = 0; i < limit; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>(FocusedName) == name)
                return;
        }
        await Expect(page.Locator(":focus")).ToHaveAccessibleNameAsync(name); // fails, naming where the focus is
    }

    /// <summary>The focused element's name as a person reads it: its label, else its text.</summary>
    private const string FocusedName =
        "() => { const e = document.activeElement; return ((e.labels && e.labels.length ? e.labels[0].textContent : e.textContent) || '').trim(); }";

    private async Task CreateAsync(string email, UserKind kind, string? role, string? service)
    {
        var name = email.Split('@')[0];
        var givenName = char.ToUpperInvariant(name[0]) + name[1..];
        if (kind == UserKind.Agent)
            await identity.Platform.CreateAgentAsync("lavaur", email, role!, service is null ? [] : [service], givenName, "Agent");
        else
            await identity.Platform.CreateResidentAsync("lavaur", email, givenName, "Habitant", "05 63 00 00 00");
    }

    [GeneratedRegex(@"^LAV-\d{4}-\d{6}$")]
    private static partial Regex Reference();
}
