using System.Net;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace GrcCloud.Tests.Billing;

/// <summary>A town billed through a whole quarter and the next: invoiced, paid, late, warned, suspended, paid, served again.</summary>
public sealed class QuarterTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Town = "/facturation/communes/lavaur";

    [Fact]
    public async Task A_town_is_invoiced_pays_falls_late_is_warned_suspended_then_served_again_once_it_pays()
    {
        await using var billing = await BillingPlatform.StartAsync(postgres);
        var env = billing.Env;
        using var ops = await OperatorTests.SignedInOperatorAsync(env, "facturation@grccloud.example", "facturation");

        // The operator fills in what invoices carry, then starts billing.
        var saved = await ops.FollowAsync(await ops.SubmitAsync(Town, BillingPlatform.LavaurDetails(), "form[action*='handler=Details']"));
        Assert.Contains("Coordonnées de facturation enregistrées", (await Html.ParseAsync(saved)).Text("main"));
        var started = await Html.ParseAsync(await ops.FollowAsync(await ops.SubmitAsync(Town, new Dictionary<string, string>(), "form[action*='handler=Start']")));
        Assert.Contains("Facturation démarrée", started.Text("main"));
        Assert.Equal("À jour", started.Text("#billing-state"));

        // At Stripe: one customer with the SIRET and the Chorus Pro references, a quarterly subscription sent as invoices payable in 30 days.
        var stripe = billing.Stripe();
        var customer = Assert.Single((await stripe.V1.Customers.ListAsync(cancellationToken: Ct)).Data);
        Assert.Equal("Commune de Lavaur", customer.Name);
        Assert.Equal(BillingPlatform.ValidSiret, customer.Metadata["siret"]);
        Assert.Equal(["SIRET", "Code service", "N° d'engagement"], customer.InvoiceSettings.CustomFields.Select(f => f.Name));
        Assert.Equal("EJ-2027-042", customer.InvoiceSettings.CustomFields[2].Value);
        var subscription = Assert.Single((await stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id }, cancellationToken: Ct)).Data);
        Assert.Equal("send_invoice", subscription.CollectionMethod);
        Assert.Equal(30, subscription.DaysUntilDue);
        Assert.Equal(3, subscription.Items.Data[0].Price.Recurring.IntervalCount);

        // The first invoice: set-up 5,500 + first quarter 500 incl. VAT, to pay, with its PDF.
        await billing.WaitForDeliveriesAsync();
        var page = await ops.PageAsync(Town);
        var first = Assert.Single(page.QuerySelectorAll("#factures tbody tr"));
        Assert.Contains("6 000,00 €", Plain(first.TextContent));
        Assert.Equal("à payer", first.QuerySelector(".invoice-status")!.TextContent.Trim());
        Assert.Contains("14 février 2027", first.TextContent); // due 30 days after 15 January
        var pdf = first.QuerySelector("a[href$='/pdf']")!.GetAttribute("href")!;
        Assert.Equal("%PDF-"u8.ToArray(), (await billing.SimulatorHttp.GetByteArrayAsync(new Uri(pdf), Ct))[..5]);

        // The commune's transfer arrives: recorded by the operator.
        var paid = await Html.ParseAsync(await ops.FollowAsync(await ops.SubmitAsync(Town, new Dictionary<string, string>(), "form[action*='handler=Transfer']")));
        Assert.Contains("Virement enregistré", paid.Text("main"));
        Assert.StartsWith("payée", paid.QuerySelector("#factures tbody tr .invoice-status")!.TextContent.Trim(), StringComparison.Ordinal);

        // Next quarter: a 500 EUR invoice, then unpaid past its due date (16 May): late.
        var secondQuarter = BillingPlatform.Start.AddMonths(3);
        await billing.AdvanceAsync("lavaur", secondQuarter.AddHours(1));
        var due = secondQuarter.AddDays(30);
        await billing.AdvanceAsync("lavaur", due.AddDays(1));
        page = await ops.PageAsync(Town);
        Assert.StartsWith("Paiement en retard", page.Text("#billing-state"), StringComparison.Ordinal);
        var late = page.QuerySelectorAll("#factures tbody tr")[0];
        Assert.Contains("500,00 €", Plain(late.TextContent));
        Assert.Equal("en retard", late.QuerySelector(".invoice-status")!.TextContent.Trim());
        Assert.Contains("Paiement en retard", (await ops.PageAsync("/facturation")).Text("tbody"));

        // Seven days before the end of the 30-day grace period the billing operators are warned; the town is still served.
        billing.Time.Set(due.AddDays(23).AddHours(1));
        await billing.RunDailyJobAsync();
        var warning = await env.Smtp.WaitForMessageToAsync("facturation@grccloud.example", TimeSpan.FromSeconds(10), Ct);
        Assert.Contains("Lavaur", warning.Subject);
        Assert.Contains("Suspension prévue", warning.Subject);
        Assert.Contains("500,00 €", Plain(warning.TextBody));
        using var resident = env.Session();
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync("/")).StatusCode);
        Assert.Contains("opérateurs prévenus", (await ops.PageAsync(Town)).Text("main"));

        // Grace over: suspended for non-payment; the portal shows the suspended page, the data stay.
        billing.Time.Set(due.AddDays(31));
        await billing.RunDailyJobAsync();
        await env.Platform.WaitForRegistryAsync(r => r.FindBySlug("lavaur")?.Status == TenantStatus.Suspended);
        var suspended = await resident.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, suspended.StatusCode);
        Assert.Contains("suspendu", (await Html.ParseAsync(suspended)).Text("main"));
        Assert.StartsWith("Suspendue pour défaut de paiement", (await ops.PageAsync(Town)).Text("#billing-state"), StringComparison.Ordinal);

        // The transfer for the late invoice arrives: active again, the portal served.
        var resumed = await Html.ParseAsync(await ops.FollowAsync(await ops.SubmitAsync(Town, new Dictionary<string, string>(), "form[action*='handler=Transfer']")));
        Assert.Equal("À jour", resumed.Text("#billing-state"));
        await env.Platform.WaitForRegistryAsync(r => r.FindBySlug("lavaur")?.Status == TenantStatus.Active);
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync("/")).StatusCode);
        var audit = await billing.WithDbAsync(db => db.OperatorAudit.Where(a => a.TownSlug == "lavaur").Select(a => a.Action).ToListAsync(Ct));
        Assert.Contains("suspension-impaye", audit);
        Assert.Contains("reprise-apres-paiement", audit);
        Assert.Equal(2, audit.Count(a => a == "virement-enregistre"));
        await billing.WaitForDeliveriesAsync();
    }

    /// <summary>French amounts use narrow no-break spaces ("6 000,00 €"): compared here with plain spaces.</summary>
    internal static string Plain(string text) => text.Replace('\u202f', ' ').Replace('\u00a0', ' ');
}
