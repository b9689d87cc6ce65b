using GrcCloud.StripeSimulator.Simulator;
using GrcCloud.StripeSimulator.Wire;

namespace GrcCloud.StripeSimulator.Api;

/// <summary>
/// Test clocks: a customer created on a clock lives at its frozen time. Advancing is done before the
/// answer (Stripe answers "advancing" and finishes later): the clock is "ready" at once.
/// </summary>
public static class TestClockEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/test_helpers/test_clocks", (HttpContext context, StripeStore store) =>
        {
            var form = context.Form();
            lock (store.Gate)
            {
                var frozen = form.Long("frozen_time") ?? throw StripeErrorException.Missing("frozen_time");
                var clock = Respond.Created(Ids.New("clock"), "test_helpers.test_clock", store.Now(null));
                clock.Remove("metadata");
                clock["deletes_after"] = store.Now(null) + (30 * Billing.Day);
                clock["frozen_time"] = frozen;
                clock["name"] = form.Text("name");
                clock["status"] = "ready";
                clock["status_details"] = new System.Text.Json.Nodes.JsonObject();
                store.Add(clock);
                return Respond.Object(store, clock, context);
            }
        });
        v1.MapGet("/test_helpers/test_clocks/{id}", (string id, HttpContext context, StripeStore store) =>
        {
            lock (store.Gate)
                return Respond.Object(store, store.Require("test_helpers.test_clock", id, "test clock", "id"), context);
        });
        v1.MapPost("/test_helpers/test_clocks/{id}/advance", (string id, HttpContext context, StripeStore store, Billing billing) =>
        {
            var form = context.Form();
            lock (store.Gate)
            {
                var clock = store.Require("test_helpers.test_clock", id, "test clock", "id");
                var target = form.Long("frozen_time") ?? throw StripeErrorException.Missing("frozen_time");
                if (target <= clock["frozen_time"]!.AsLong())
                    throw StripeErrorException.Invalid("frozen_time", "The frozen_time must be after the test clock's current frozen_time.");
                billing.Advance(clock, target, context.BaseUrl());
                return Respond.Object(store, clock, context);
            }
        });
    }
}
