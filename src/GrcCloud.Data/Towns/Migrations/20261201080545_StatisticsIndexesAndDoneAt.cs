using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Towns.Migrations
{
    /// <summary>
    /// Covering indexes for the statistics, and the done-at instant (closed_at) made to agree with the
    /// status (RequestStates): a done request without one takes its last answer's (or closing's) event
    /// after any reopening, else its last update; an open request with one loses it.
    /// </summary>
    public partial class StatisticsIndexesAndDoneAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_requests_received_at",
                table: "requests");

            migrationBuilder.CreateIndex(
                name: "ix_requests_done_at",
                table: "requests",
                column: "closed_at",
                filter: "closed_at IS NOT NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "received_at", "theme_id", "service_id", "due_on", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_requests_received_at",
                table: "requests",
                column: "received_at")
                .Annotation("Npgsql:IndexInclude", new[] { "theme_id", "service_id", "channel", "status", "closed_at", "due_on" });

            migrationBuilder.Sql($"""
                UPDATE requests r SET closed_at = coalesce(
                    (SELECT min(e.at) FROM request_events e
                     WHERE e.request_id = r.id AND e.kind IN ('resolved', 'rejected', 'closed')
                       AND e.at > coalesce((SELECT max(o.at) FROM request_events o WHERE o.request_id = r.id AND o.kind = 'reopened'), '-infinity')),
                    r.updated_at)
                WHERE r.status IN ({RequestStates.DoneSqlList}) AND r.closed_at IS NULL;
                UPDATE requests SET closed_at = NULL WHERE status NOT IN ({RequestStates.DoneSqlList}) AND closed_at IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_requests_done_at",
                table: "requests");

            migrationBuilder.DropIndex(
                name: "ix_requests_received_at",
                table: "requests");

            migrationBuilder.CreateIndex(
                name: "ix_requests_received_at",
                table: "requests",
                column: "received_at");
        }
    }
}
