using GrcCloud.Data.Towns;

namespace GrcCloud.Host.Features.Requests;

/// <summary>
/// The resident's view of a request's progress in five steps (received, taken, in progress, answered,
/// closed): which one it is at, from its status. The detailed status stays written next to it.
/// </summary>
public static class ProgressSteps
{
    public static readonly IReadOnlyList<string> Names = ["Reçue", "Prise en charge", "En cours", "Réponse apportée", "Clôturée"];

    /// <summary>The index in <see cref="Names"/> of the step the request is at.</summary>
    public static int Current(RequestStatus status) => status switch
    {
        RequestStatus.Received => 0,
        RequestStatus.Acknowledged => 1,
        RequestStatus.InProgress or RequestStatus.UnderInvestigation or RequestStatus.AwaitingValidation or RequestStatus.AwaitingResident => 2,
        RequestStatus.Resolved or RequestStatus.Rejected => 3,
        _ => 4,
    };

    /// <summary>The step's state in words, so that the list reads without its colours.</summary>
    public static string State(int step, int current) => step < current ? "étape franchie" : step == current ? "étape actuelle" : "à venir";
}
