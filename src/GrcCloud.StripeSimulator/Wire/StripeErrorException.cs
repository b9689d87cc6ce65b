using System.Text.Json.Nodes;

namespace GrcCloud.StripeSimulator.Wire;

/// <summary>An error answered in Stripe's shape: {"error":{"type","code","message","param"}}.</summary>
public sealed class StripeErrorException(int status, string type, string? code, string message, string? param) : Exception(message)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string? Code { get; } = code;
    public string? Param { get; } = param;

    public static StripeErrorException Missing(string param) =>
        new(400, "invalid_request_error", "parameter_missing", $"Missing required param: {param}.", param);

    public static StripeErrorException Invalid(string param, string message) =>
        new(400, "invalid_request_error", "parameter_invalid", message, param);

    public static StripeErrorException NoSuch(string kind, string id, string? param) =>
        new(404, "invalid_request_error", "resource_missing", $"No such {kind}: '{id}'", param);

    public static StripeErrorException NotFound(string message, string? param) =>
        new(404, "invalid_request_error", null, message, param);

    public JsonObject ToJson() => new()
    {
        ["error"] = new JsonObject { ["type"] = Type, ["code"] = Code, ["message"] = Message, ["param"] = Param },
    };
}
