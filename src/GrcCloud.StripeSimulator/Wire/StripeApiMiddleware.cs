using System.Text;
using System.Text.Json.Nodes;

namespace GrcCloud.StripeSimulator.Wire;

/// <summary>
/// What every /v1 call goes through, as at Stripe: a secret test key, the parameters read once
/// (body or query string), idempotent replays, and failures in Stripe's error shape.
/// </summary>
public sealed class StripeApiMiddleware(RequestDelegate next, IdempotencyCache idempotency)
{
    private const string FormKey = "stripe.form";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }
        context.Response.Headers["Request-Id"] = Ids.New("req");
        try
        {
            if (!ApiKey(context.Request.Headers.Authorization.ToString()).StartsWith("sk_test_", StringComparison.Ordinal))
                throw new StripeErrorException(401, "invalid_request_error", null, "Invalid API Key provided. The simulator accepts secret test keys (sk_test_…) only.", null);

            string raw;
            if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsDelete(context.Request.Method))
                raw = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : "";
            else
            {
                using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
                raw = await reader.ReadToEndAsync(context.RequestAborted);
            }
            context.Items[FormKey] = FormBody.Parse(raw);

            var key = context.Request.Headers["Idempotency-Key"].ToString();
            if (key.Length == 0 || !HttpMethods.IsPost(context.Request.Method))
            {
                await next(context);
                return;
            }
            var request = $"{context.Request.Method} {context.Request.Path}\n{raw}";
            if (idempotency.Find(key) is { } saved)
            {
                if (saved.Request != request)
                    throw new StripeErrorException(400, "idempotency_error", null, $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.", null);
                context.Response.StatusCode = saved.Status;
                context.Response.ContentType = "application/json";
                context.Response.Headers["Idempotent-Replayed"] = "true";
                await context.Response.WriteAsync(saved.Body, context.RequestAborted);
                return;
            }
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await RunAsync(context);
            }
            finally
            {
                context.Response.Body = original;
            }
            var body = Encoding.UTF8.GetString(buffer.ToArray());
            // A server error is not an answer to remember: the client's retry with the same key must run.
            if (context.Response.StatusCode < 500)
                idempotency.Save(key, new SavedResponse(request, context.Response.StatusCode, body));
            await context.Response.WriteAsync(body, context.RequestAborted);
        }
        catch (StripeErrorException failure)
        {
            await WriteFailureAsync(context, failure);
        }
    }

    /// <summary>The key as Stripe takes it: a bearer token, or the user name of basic authentication (curl -u sk_test_…:).</summary>
    private static string ApiKey(string authorization)
    {
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
            return authorization["Bearer ".Length..];
        if (!authorization.StartsWith("Basic ", StringComparison.Ordinal))
            return "";
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..]));
            return decoded.Split(':')[0];
        }
        catch (FormatException)
        {
            return "";
        }
    }

    private async Task RunAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (StripeErrorException failure)
        {
            await WriteFailureAsync(context, failure);
        }
    }

    private static async Task WriteFailureAsync(HttpContext context, StripeErrorException failure)
    {
        context.Response.StatusCode = failure.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(failure.ToJson().ToJsonString(), context.RequestAborted);
    }

    /// <summary>The call's parameters, read by the middleware.</summary>
    public static JsonObject Form(HttpContext context) => (JsonObject)context.Items[FormKey]!;
}

public sealed record SavedResponse(string Request, int Status, string Body);

/// <summary>Answers kept by idempotency key (Stripe keeps them 24 hours; the simulator, for its lifetime).</summary>
public sealed class IdempotencyCache
{
    private readonly Dictionary<string, SavedResponse> _saved = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public SavedResponse? Find(string key)
    {
        lock (_gate)
            return _saved.GetValueOrDefault(key);
    }

    public void Save(string key, SavedResponse response)
    {
        lock (_gate)
            _saved.TryAdd(key, response);
    }
}
