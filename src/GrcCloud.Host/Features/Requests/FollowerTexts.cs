using GrcCloud.Data.Towns;

namespace GrcCloud.Host.Features.Requests;

/// <summary>
/// What a follower of another resident's report reads of a public event (on the page, in the live
/// stream, in mails): the kind's fixed wording (<see cref="RequestEventKind.FollowerText"/>), never the
/// event's own text. That text was written for the reporter (reply templates fill in their name, agents
/// quote their words), so it is never shown to a follower; a kind without a wording is not shown to
/// followers at all.
/// </summary>
public static class FollowerTexts
{
    /// <summary>The follower's wording of a public event, or null when followers are not told of it.</summary>
    public static string? For(RequestEventKind kind) => kind.FollowerText;

    /// <summary>The kinds a follower sees (a query parameter).</summary>
    public static readonly RequestEventKind[] Kinds = [.. RequestEventKind.FollowerKinds];
}
