using GrcCloud.StripeSimulator.Simulator;
using GrcCloud.StripeSimulator.Wire;

namespace GrcCloud.StripeSimulator.Api;

/// <summary>Events: what the webhooks carried, to fetch again by id or list by type.</summary>
public static class EventEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/events/{id}", (string id, HttpContext context, StripeStore store) =>
        {
            lock (store.Gate)
                return Respond.Object(store, store.Require("event", id, "event", "id"), context);
        });
        v1.MapGet("/events", (HttpContext context, StripeStore store) =>
        {
            var type = context.Form().Text("type");
            lock (store.Gate)
            {
                var found = store.All("event").Where(e => type is null || e["type"]!.GetValue<string>() == type).Reverse();
                return Results.Text(StripeStore.List(found, "/v1/events").ToJsonString(), "application/json");
            }
        });
    }
}
