namespace GrcCloud.Host.Features.BackOffice.Workflow;

public static class WorkflowSetup
{
    /// <summary>The request workflow of the back-office and the resident's messages.</summary>
    public static IServiceCollection AddRequestWorkflow(this IServiceCollection services) => services
        .AddScoped<RequestWorkflow>()
        .AddScoped<ResidentConversation>()
        .AddScoped<ReplyTemplates>();
}
