using System.Text.Json.Serialization;

namespace GrcCloud.StripeSimulator.Simulator;

/// <summary>
/// A failure to inject: the next <see cref="Count"/> calls whose method matches and whose path starts
/// with <see cref="Path"/> answer <see cref="Status"/>, or hang for <see cref="HangSeconds"/> when set.
/// </summary>
public sealed record Fault(
    [property: JsonPropertyName("method")] string? Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("count")] int Count = 1,
    [property: JsonPropertyName("status")] int Status = 500,
    [property: JsonPropertyName("hang_seconds")] int? HangSeconds = null);

public sealed class Faults
{
    private readonly List<Fault> _pending = [];
    private readonly Lock _gate = new();

    public void Add(Fault fault)
    {
        lock (_gate)
            _pending.Add(fault);
    }

    public IReadOnlyList<Fault> Pending()
    {
        lock (_gate)
            return [.. _pending];
    }

    public void Clear()
    {
        lock (_gate)
            _pending.Clear();
    }

    /// <summary>The fault for this call, if any, counting it as used.</summary>
    public Fault? Take(string method, string path)
    {
        lock (_gate)
        {
            var index = _pending.FindIndex(f =>
                (string.IsNullOrEmpty(f.Method) || string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase))
                && path.StartsWith(f.Path, StringComparison.Ordinal));
            if (index < 0)
                return null;
            var fault = _pending[index];
            if (fault.Count <= 1)
                _pending.RemoveAt(index);
            else
                _pending[index] = fault with { Count = fault.Count - 1 };
            return fault;
        }
    }
}

/// <summary>Applies injected faults before anything else runs.</summary>
public sealed class FaultMiddleware(RequestDelegate next, Faults faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/_simulator") || faults.Take(context.Request.Method, context.Request.Path.Value ?? "") is not { } fault)
        {
            await next(context);
            return;
        }
        if (fault.HangSeconds is { } seconds)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up, as intended
            }
        }
        context.Response.StatusCode = fault.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            """{"error":{"type":"api_error","code":null,"message":"Injected fault (simulator).","param":null}}""", context.RequestAborted);
    }
}
