using System.Net;
using GrcCloud.Testing;
using GrcCloud.Tests.Billing;

namespace GrcCloud.Tests.OperatorApi;

/// <summary>Plans and a town's billing through the operators' API, as a billing operator: without Stripe, then against the Stripe simulator.</summary>
public sealed class BillingApiTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_billing_operator_manages_plans_and_a_towns_billing_details_with_problems_by_field()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        await platform.ProvisionAsync("lavaur", "Lavaur", "81140");
        var (token, _) = await OperatorApiClient.TokenAsync(platform, "factu@grccloud.example", "facturation");
        using var api = OperatorApiClient.Client(platform, token);

        var bad = await OperatorApiClient.ProblemAsync(await api.PostJsonAsync("/api/ops/v1/plans", new { code = "Essentiel!", name = "", setupFee = "beaucoup", quarterlyFee = "300,00" }), 400);
        foreach (var field in new[] { "code", "name", "setupFee" })
            Assert.True(bad.GetProperty("errors").TryGetProperty(field, out _), field);
        var created = await api.PostJsonAsync("/api/ops/v1/plans", new { code = "essentiel", name = "Essentiel", setupFee = "500,00", quarterlyFee = "300,00" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(30000, (await OperatorApiClient.JsonAsync(created)).GetProperty("quarterlyFeeCents").GetInt64());
        var edited = await OperatorApiClient.JsonAsync(await api.PutJsonAsync("/api/ops/v1/plans/essentiel", new { name = "Essentiel 2027", setupFee = "500,00", quarterlyFee = "350,00" }));
        Assert.Equal(35000, edited.GetProperty("quarterlyFeeCents").GetInt64());
        await OperatorApiClient.ProblemAsync(await api.PutJsonAsync("/api/ops/v1/plans/platine", new { name = "Platine", setupFee = "1,00", quarterlyFee = "1,00" }), 404);
        Assert.True((await OperatorApiClient.JsonAsync(await api.PostAsync("/api/ops/v1/plans/essentiel/archive", null, Ct))).GetProperty("isArchived").GetBoolean());
        Assert.Equal(HttpStatusCode.Created, (await api.PostJsonAsync("/api/ops/v1/plans", new { code = "premium", name = "Premium", setupFee = "900,00", quarterlyFee = "600,00", isDefault = true })).StatusCode);
        await OperatorApiClient.ProblemAsync(await api.PostAsync("/api/ops/v1/plans/premium/archive", null, Ct), 409);

        var view = await OperatorApiClient.JsonAsync(await api.GetAsync("/api/ops/v1/towns/lavaur/billing", Ct));
        Assert.Equal("notBilled", view.GetProperty("state").GetString());
        Assert.Empty(view.GetProperty("invoices").EnumerateArray());
        await OperatorApiClient.ProblemAsync(await api.GetAsync("/api/ops/v1/towns/albi/billing", Ct), 404);
        Assert.Contains("adresse électronique", await OperatorApiClient.FieldErrorAsync(
            await api.PutJsonAsync("/api/ops/v1/towns/lavaur/billing/details", new { billingEmail = "pas une adresse" }), "billingEmail"));
        var saved = await OperatorApiClient.JsonAsync(await api.PutJsonAsync("/api/ops/v1/towns/lavaur/billing/details", new
        {
            billingEmail = "finances@mairie-lavaur.example", siret = "21810040000009", addressLine = "Place du Plô", postalCode = "81500", city = "Lavaur",
            chorusServiceCode = "FIN", chorusCommitmentNumber = "EJ-2027-001", planCode = "premium",
        }));
        Assert.Equal("EJ-2027-001", saved.GetProperty("chorusCommitmentNumber").GetString());
        Assert.Equal("premium", saved.GetProperty("planCode").GetString());
        await OperatorApiClient.ProblemAsync(await api.PostAsync("/api/ops/v1/invoices/in_inconnue/transfer", null, Ct), 404);

        var audit = await OperatorApiClient.JsonAsync(await api.GetAsync("/api/ops/v1/audit?town=lavaur", Ct));
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("operatorEmail").GetString() == "factu@grccloud.example (API)");
    }

    [Fact]
    public async Task A_billing_operator_starts_a_towns_billing_reads_its_first_invoice_and_records_the_transfer_through_the_API()
    {
        await using var billing = await BillingPlatform.StartAsync(postgres, deliverWebhooks: false);
        var (token, _) = await OperatorApiClient.TokenAsync(billing.Env.Platform, "factu@grccloud.example", "facturation");
        using var api = OperatorApiClient.Client(billing.Env.Platform, token);
        var d = BillingPlatform.LavaurDetails();
        var details = await api.PutJsonAsync("/api/ops/v1/towns/lavaur/billing/details", new
        {
            billingEmail = d["BillingEmail"], siret = d["Siret"], addressLine = d["AddressLine"], postalCode = d["PostalCode"], city = d["City"],
            chorusServiceCode = d["ChorusServiceCode"], chorusCommitmentNumber = d["ChorusCommitmentNumber"], planCode = d["PlanCode"],
        });
        Assert.Equal(HttpStatusCode.OK, details.StatusCode);

        // Started twice (a retrying script): one customer, one subscription, one first invoice of 6,000.00 EUR incl. VAT.
        var started = await OperatorApiClient.JsonAsync(await api.PostAsync("/api/ops/v1/towns/lavaur/billing/start", null, Ct));
        Assert.True(started.GetProperty("started").GetBoolean());
        await OperatorApiClient.JsonAsync(await api.PostAsync("/api/ops/v1/towns/lavaur/billing/start", null, Ct));
        var view = await OperatorApiClient.JsonAsync(await api.GetAsync("/api/ops/v1/towns/lavaur/billing", Ct));
        var invoice = Assert.Single(view.GetProperty("invoices").EnumerateArray());
        Assert.Equal(600000, invoice.GetProperty("totalCents").GetInt64());
        Assert.Equal("à payer", invoice.GetProperty("statusLabel").GetString());
        Assert.Single((await billing.Stripe().V1.Subscriptions.ListAsync(cancellationToken: Ct)).Data);

        var paid = await OperatorApiClient.JsonAsync(await api.PostAsync($"/api/ops/v1/invoices/{invoice.GetProperty("id").GetString()}/transfer", null, Ct));
        Assert.Equal("payée", paid.GetProperty("statusLabel").GetString());
        Assert.Equal(0, paid.GetProperty("amountRemainingCents").GetInt64());
    }
}
