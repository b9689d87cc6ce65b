using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>
/// A resident's request in Chromium: from the theme page to the form, sent with the keyboard alone,
/// the form's errors, the acknowledgement, "Mes demandes" and the request's page, each checked by
/// axe-core, and at 320 px for those a resident reads on a phone.
/// </summary>
public sealed class RequestJourneyBrowserTests(IdentityPlatformFixture identity) : IClassFixture<IdentityPlatformFixture>
{
    private const string Password = "une phrase de passe solide";
    private const string Theme = "/demarches/rendez-vous-elu";
    private const string Form = Theme + "/formulaire";

    /// <summary>The class's tests share a platform and run in any order: the counter's value is the HTTP tests' business.</summary>
    private static readonly Regex Reference = new($"^LAV-{DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture)}-\\d{{6}}$");

    [Fact]
    public async Task A_signed_in_resident_follows_the_theme_page_fills_and_sends_the_form_with_the_keyboard_alone_and_reads_the_acknowledgement()
    {
        var (context, page) = await identity.NewPageAsync();
        await using var _ = context;
        await SignUpAndSignInAsync(page, "clement@exemple.fr");
        await page.GotoAsync(identity.Url(Theme));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Demander un rendez-vous avec un élu");
        var focused = page.Locator(":focus");

        // The skip link, the content, the breadcrumb, then the way to the form.
        await page.Keyboard.PressAsync("Tab");
        await Expect(focused).ToHaveTextAsync("Aller au contenu");
        await page.Keyboard.PressAsync("Enter");
        await Expect(focused).ToHaveIdAsync("contenu");
        await TabUntilAsync(page, "Faire la demande en ligne");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(identity.Url(Form));
        await page.Keyboard.PressAsync("Tab");
        await Expect(focused).ToHaveTextAsync("Aller au contenu");
        await page.Keyboard.PressAsync("Enter");
        await Expect(focused).ToHaveIdAsync("contenu");

        // The radios of "Élu souhaité": Tab lands on the first, the arrows move the choice.
        await TabUntilAsync(page, "Le maire");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(focused).ToHaveAccessibleNameAsync("Un adjoint ou une adjointe");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Un adjoint ou une adjointe" })).ToBeCheckedAsync();

        foreach (var (label, text) in new[]
        {
            ("Sujet", "Stationnement rue Villeneuve"),
            ("Ce dont vous souhaitez parler", "Les voitures stationnent sur le trottoir devant l'école."),
            ("Vos disponibilités (facultatif)", "Le mardi après-midi."),
            ("Téléphone", "05 63 00 00 00"),
        })
        {
            await page.Keyboard.PressAsync("Tab");
            await Expect(focused).ToHaveAccessibleNameAsync(label);
            await page.Keyboard.TypeAsync(text);
        }
        // Enter in the last text field sends the form.
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex("/mes-demandes/LAV-[0-9]{4}-[0-9]{6}/accuse-de-reception(#contenu)?$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Accusé de réception");
        await Expect(page.GetByRole(AriaRole.Status).Locator("strong")).ToHaveTextAsync(Reference);
        var main = page.GetByRole(AriaRole.Main);
        await Expect(main).ToContainTextAsync("Date de réception");
        await Expect(main).ToContainTextAsync("Cabinet du maire");
        await Expect(main).ToContainTextAsync("Voies de recours");
    }

    [Fact]
    public async Task The_form_sent_empty_lists_its_errors_at_the_top_and_next_to_each_field_keeps_what_was_typed_and_passes_axe()
    {
        var (context, page) = await identity.NewPageAsync();
        await using var _ = context;
        await SignUpAndSignInAsync(page, "diane@exemple.fr");
        await page.GotoAsync(identity.Url(Form));
        var send = page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" });

        await send.ClickAsync();

        var summary = page.Locator(".error-summary");
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Le formulaire contient 4 erreurs");
        // At the top: before the first field, and where the focus is once the page is back.
        var summaryBox = (await summary.BoundingBoxAsync())!;
        var firstFieldBox = (await page.GetByRole(AriaRole.Group, new() { Name = "Élu souhaité" }).BoundingBoxAsync())!;
        Assert.True(summaryBox.Y < firstFieldBox.Y, "le récapitulatif des erreurs est en tête du formulaire");
        await Expect(summary).ToBeFocusedAsync();

        // Each field says its own error, linked to it.
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Élu souhaité" })).ToHaveAccessibleDescriptionAsync(new Regex("^Erreur : "));
        foreach (var label in new[] { "Sujet", "Ce dont vous souhaitez parler", "Téléphone" })
        {
            var field = page.GetByLabel(label, new() { Exact = true });
            await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(field).ToHaveAccessibleDescriptionAsync(new Regex("^Erreur : "));
            await Expect(page.Locator(".field-error").Filter(new() { Has = field }).Locator(".error")).ToBeVisibleAsync();
        }
        await Expect(page.GetByLabel("Vos disponibilités (facultatif)")).Not.ToHaveAttributeAsync("aria-invalid", "true");

        // The summary's links lead to the fields.
        await summary.GetByRole(AriaRole.Link).Nth(1).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByLabel("Sujet", new() { Exact = true })).ToBeFocusedAsync();

        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "formulaire en erreur");

        // What was typed stays when the form comes back.
        await page.GetByLabel("Sujet", new() { Exact = true }).FillAsync("Travaux de la place");
        await page.GetByLabel("Vos disponibilités (facultatif)").FillAsync("Le jeudi matin.");
        await send.ClickAsync();

        await Expect(summary.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Le formulaire contient 3 erreurs");
        await Expect(page.GetByLabel("Sujet", new() { Exact = true })).ToHaveValueAsync("Travaux de la place");
        await Expect(page.GetByLabel("Sujet", new() { Exact = true })).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Vos disponibilités (facultatif)")).ToHaveValueAsync("Le jeudi matin.");
    }

    [Fact]
    public async Task The_theme_page_the_form_the_acknowledgement_my_requests_and_the_request_page_pass_axe_and_reflow_at_320_px()
    {
        var (context, page) = await identity.NewPageAsync();
        await using var _ = context;
        await SignUpAndSignInAsync(page, "emile@exemple.fr");

        await page.GotoAsync(identity.Url(Theme));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Faire la demande en ligne" })).ToBeVisibleAsync();
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "page de la démarche");

        await page.GotoAsync(identity.Url(Form));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" })).ToBeVisibleAsync();
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "formulaire vierge");
        await AssertReflowsAsync(page, "formulaire vierge");

        await page.GetByRole(AriaRole.Radio, new() { Name = "Le maire" }).CheckAsync();
        await page.GetByLabel("Sujet", new() { Exact = true }).FillAsync("Projet d'association");
        await page.GetByLabel("Ce dont vous souhaitez parler", new() { Exact = true }).FillAsync("Présenter le projet de jardin partagé.");
        await page.GetByLabel("Téléphone", new() { Exact = true }).FillAsync("05 63 00 00 01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Accusé de réception");
        var reference = await page.GetByRole(AriaRole.Status).Locator("strong").TextContentAsync() ?? "";
        Assert.Matches(Reference, reference);
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "accusé de réception");
        await AssertReflowsAsync(page, "accusé de réception");

        await page.GotoAsync(identity.Url("/mes-demandes"));
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(reference);
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "mes demandes");

        await page.GotoAsync(identity.Url($"/mes-demandes/{reference}"));
        await Expect(page.Locator(".timeline")).ToContainTextAsync("Cabinet du maire");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "page de la demande");
        await AssertReflowsAsync(page, "page de la demande");
    }

    [Fact]
    public async Task The_request_page_shows_a_new_public_event_without_reload()
    {
        var (context, page) = await identity.NewPageAsync();
        await using var _ = context;
        await SignUpAndSignInAsync(page, "fanny@exemple.fr");
        await page.GotoAsync(identity.Url(Form));
        await page.GetByRole(AriaRole.Radio, new() { Name = "Le maire" }).CheckAsync();
        await page.GetByLabel("Sujet", new() { Exact = true }).FillAsync("Éclairage du stade");
        await page.GetByLabel("Ce dont vous souhaitez parler", new() { Exact = true }).FillAsync("Horaires de l'éclairage.");
        await page.GetByLabel("Téléphone", new() { Exact = true }).FillAsync("05 63 00 00 02");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();
        var reference = await page.GetByRole(AriaRole.Status).Locator("strong").TextContentAsync() ?? "";
        await page.GotoAsync(identity.Url($"/mes-demandes/{reference}"));
        await Expect(page.Locator(".timeline")).ToContainTextAsync("Cabinet du maire");
        var navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;

        await using (var scope = identity.Platform.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<GrcCloud.Tenancy.TenantContext>().Set(scope.ServiceProvider.GetRequiredService<GrcCloud.Tenancy.TenantRegistry>().FindBySlug("lavaur")!);
            var db = scope.ServiceProvider.GetRequiredService<GrcCloud.Data.Towns.TenantDbContext>();
            var id = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Requests.Where(r => r.Reference == reference).Select(r => r.Id), TestContext.Current.CancellationToken);
            await scope.ServiceProvider.GetRequiredService<GrcCloud.Host.Features.Requests.RequestTimeline>()
                .AddAsync(id, GrcCloud.Data.Towns.RequestEventKind.Status, "Le cabinet du maire vous propose un rendez-vous mardi.", cancellationToken: TestContext.Current.CancellationToken);
        }

        await Expect(page.Locator(".timeline")).ToContainTextAsync("vous propose un rendez-vous mardi");
        Assert.Equal(0, navigations);
    }

    /// <summary>The same page, read 320 px wide, then back to the desktop width.</summary>
    private static async Task AssertReflowsAsync(IPage page, string pageName)
    {
        await page.SetViewportSizeAsync(PageChecks.NarrowWidth, 800);
        await PageChecks.AssertNoSidewaysScrollingAsync(page, pageName + " (320 px)");
        await page.SetViewportSizeAsync(1280, 800);
    }

    /// <summary>Tab, a few times at most, until the focus is on the field or link named <paramref name="name"/>.</summary>
    private static async Task TabUntilAsync(IPage page, string name)
    {
        for (var i = 0; i < 8; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focusedName = await page.EvaluateAsync<string>(
                "() => { const e = document.activeElement; return ((e.labels && e.labels.length ? e.labels[0].textContent : e.textContent) || '').trim(); }");
            if (focusedName == name)
                return;
        }
        await Expect(page.Locator(":focus")).ToHaveAccessibleNameAsync(name); // fails, naming where the focus is
    }

    /// <summary>An account created, confirmed from its mail and signed into, as in <see cref="ResidentAccountBrowserTests"/>; no phone, so the form asks for it.</summary>
    private async Task SignUpAndSignInAsync(IPage page, string email)
    {
        await page.GotoAsync(identity.Url("/inscription"));
        await page.GetByLabel("Prénom", new() { Exact = true }).FillAsync("Camille");
        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync("Martin");
        await page.GetByLabel("Adresse électronique", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirmation du mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Confirmez votre adresse électronique");

        await page.GotoAsync(await identity.LinkMailedToAsync(email));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre adresse est confirmée");

        await page.GotoAsync(identity.Url("/connexion"));
        await page.GetByLabel("Adresse électronique", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(identity.Url("/mon-compte"));
    }
}
