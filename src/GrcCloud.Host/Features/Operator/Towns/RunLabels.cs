using GrcCloud.Data.Platform;

namespace GrcCloud.Host.Features.Operator.Towns;

/// <summary>A creation's state in French, for the console and the command line.</summary>
public static class RunLabels
{
    public static string Of(ProvisioningRunStatus status) => status switch
    {
        ProvisioningRunStatus.Queued => "en attente",
        ProvisioningRunStatus.Running => "en cours",
        ProvisioningRunStatus.Succeeded => "terminée",
        _ => "en échec",
    };

    /// <summary>« en cours — étape 2 sur 5 : Création du schéma », « en échec — … ».</summary>
    public static string Describe(ProvisioningRunRecord run) => run.Status switch
    {
        ProvisioningRunStatus.Running => $"en cours — étape {run.Step} sur {run.StepCount} : {run.StepLabel}",
        ProvisioningRunStatus.Failed => $"en échec — {run.Error}",
        _ => Of(run.Status),
    };
}
