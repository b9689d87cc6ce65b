using System.Net;
using System.Net.Http.Headers;
using GrcCloud.StripeSimulator.Tests.Support;
using Stripe;

namespace GrcCloud.StripeSimulator.Tests;

/// <summary>Failures injected on a route, so that the product's retries can be tested against them.</summary>
public sealed class FaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_next_calls_of_a_route_answer_500_then_the_route_works_again()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var stripe = simulator.Stripe();
        await simulator.InjectFaultAsync(new { method = "POST", path = "/v1/customers", count = 2, status = 500 });
        var options = new CustomerCreateOptions { Name = "Commune de Lavaur" };

        for (var i = 0; i < 2; i++)
        {
            var error = await Assert.ThrowsAsync<StripeException>(() => stripe.V1.Customers.CreateAsync(options, cancellationToken: Ct));
            Assert.Equal(HttpStatusCode.InternalServerError, error.HttpStatusCode);
            Assert.Equal("api_error", error.StripeError.Type);
        }
        var customer = await stripe.V1.Customers.CreateAsync(options, cancellationToken: Ct);

        Assert.StartsWith("cus_", customer.Id, StringComparison.Ordinal);
        // Another route was never affected.
        Assert.Equal("Guichet", (await stripe.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Guichet" }, cancellationToken: Ct)).Name);
    }

    [Fact]
    public async Task Stripe_net_s_own_retry_gets_through_a_500_with_one_object_created()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var stripe = simulator.Stripe(maxNetworkRetries: 2);
        await simulator.InjectFaultAsync(new { method = "POST", path = "/v1/customers", count = 1, status = 500 });

        var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Name = "Commune de Lavaur" }, new RequestOptions { IdempotencyKey = "town-lavaur" }, Ct);
        var replay = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Name = "Commune de Lavaur" }, new RequestOptions { IdempotencyKey = "town-lavaur" }, Ct);

        Assert.Equal(customer.Id, replay.Id);
        // The fault was used up by the first attempt: Stripe.net did retry.
        Assert.Equal("[]", await simulator.Http.GetStringAsync("/_simulator/faults", Ct));
    }

    [Fact]
    public async Task A_hanging_route_makes_the_client_time_out_once()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var customer = await simulator.Stripe().V1.Customers.CreateAsync(new CustomerCreateOptions { Name = "Commune de Lavaur" }, cancellationToken: Ct);
        await simulator.InjectFaultAsync(new { method = "GET", path = "/v1/customers/", count = 1, hang_seconds = 60 });

        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            timeout.CancelAfter(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => simulator.Http.SendAsync(Get($"/v1/customers/{customer.Id}"), timeout.Token));
        }
        using var response = await simulator.Http.SendAsync(Get($"/v1/customers/{customer.Id}"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static HttpRequestMessage Get(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorHost.ApiKey);
        return request;
    }
}
