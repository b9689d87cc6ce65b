using System.Collections.Concurrent;
using System.Reflection;

namespace GrcCloud.Host.Features.OperatorApi;

/// <summary>
/// Refuses, with a 400 by field, a control character (NUL, escape…; tab and line breaks allowed) in any text an
/// endpoint of the API receives — route values, query and JSON bodies: the services check lengths and formats,
/// and PostgreSQL refuses NUL in text, which would otherwise be a 500.
/// </summary>
public sealed class ApiInputFilter : IEndpointFilter
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> TextProperties = new();

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var parameters = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>()?.GetParameters();
        for (var i = 0; i < context.Arguments.Count; i++)
        {
            var name = parameters is not null && i < parameters.Length ? parameters[i].Name ?? "" : "";
            if (FirstBadField(context.Arguments[i], name) is { } field)
                return ValueTask.FromResult<object?>(ApiProblems.Invalid(field, "Ce champ contient un caractère de contrôle : retirez-le."));
        }
        return next(context);
    }

    private static string? FirstBadField(object? argument, string name)
    {
        switch (argument)
        {
            case null or HttpContext or CancellationToken:
                return null;
            case string text:
                return IsBad(text) ? name : null;
            case string[] texts:
                return texts.Any(t => t is not null && IsBad(t)) ? name : null;
        }
        var type = argument.GetType();
        if (!type.IsClass || (type.Namespace is not ("GrcCloud.Host.Features.OperatorApi" or "GrcCloud.Host.Features.Api") && type.Namespace?.StartsWith("GrcCloud.Host.Features.OperatorApi.", StringComparison.Ordinal) != true))
            return null;
        foreach (var property in TextProperties.GetOrAdd(type, t => [.. t.GetProperties().Where(p => p.PropertyType == typeof(string) || p.PropertyType == typeof(string[]))]))
        {
            var value = property.GetValue(argument);
            if (FirstBadField(value, char.ToLowerInvariant(property.Name[0]) + property.Name[1..]) is { } field)
                return field;
        }
        return null;
    }

    private static bool IsBad(string text) => text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));
}
