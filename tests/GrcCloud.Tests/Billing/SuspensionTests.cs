using System.Net;
using GrcCloud.Data.Platform.Billing;
using GrcCloud.Host.Features.Billing;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Billing;

/// <summary>Suspension for non-payment never overrides an operator's suspension; support operators start nothing.</summary>
public sealed class SuspensionTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_payment_does_not_resume_a_town_an_operator_suspended()
    {
        await using var billing = await BillingPlatform.StartAsync(postgres, deliverWebhooks: false);
        var invoice = Assert.Single((await WebhookTests.StartLavaurAsync(billing)).Invoices);
        var suspended = await Cli.RunAsync(billing.Env.Platform.ConnectionString, "tenants", "suspend", "--slug", "lavaur", "--reason", "Contrat échu");
        Assert.True(suspended.ExitCode == 0, suspended.Error);

        // Unpaid past the grace period, warned: billing sees it suspended, but the reason stays the operator's.
        billing.Time.Set(invoice.DueDate!.Value.AddDays(24));
        await billing.RunDailyJobAsync();
        billing.Time.Set(invoice.DueDate!.Value.AddDays(32));
        await billing.RunDailyJobAsync();
        Assert.Equal(BillingState.Suspended, (await WebhookTests.ViewAsync(billing, "lavaur")).State);

        await using (var scope = billing.Env.Platform.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<TownBillingService>().RecordTransferAsync(invoice.StripeInvoiceId, WebhookTests.Tester, Ct);
        var view = await WebhookTests.ViewAsync(billing, "lavaur");
        Assert.Equal(BillingState.Active, view.State);
        Assert.Equal(TenantStatus.Suspended, view.Town.Status);
        Assert.Equal("Contrat échu", view.Town.StatusReason);
        using var resident = billing.Env.Session();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await resident.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_support_operator_reads_a_town_s_billing_but_cannot_start_it_or_record_a_transfer()
    {
        await using var billing = await BillingPlatform.StartAsync(postgres, deliverWebhooks: false);
        var invoice = Assert.Single((await WebhookTests.StartLavaurAsync(billing)).Invoices);
        using var support = await OperatorTests.SignedInOperatorAsync(billing.Env, "support@grccloud.example", "support");

        var page = await support.PageAsync("/facturation/communes/gaillac");
        Assert.Contains("Non facturée", page.Text("#billing-state"));
        Assert.Null(page.QuerySelector("main form[method=post]"));
        var token = (await support.PageAsync("/")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var start = await support.PostAsync("/facturation/communes/gaillac?handler=Start", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        var transfer = await support.PostAsync("/facturation/communes/lavaur?handler=Transfer", new FormUrlEncodedContent(new Dictionary<string, string> { ["invoiceId"] = invoice.StripeInvoiceId, ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, transfer.StatusCode);
        Assert.Null((await WebhookTests.ViewAsync(billing, "gaillac")).Billing);
        Assert.Equal("à payer", (await support.PageAsync("/facturation/communes/lavaur")).QuerySelector("#factures .invoice-status")!.TextContent.Trim());
    }
}
