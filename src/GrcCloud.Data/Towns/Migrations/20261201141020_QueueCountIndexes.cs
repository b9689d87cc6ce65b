using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Towns.Migrations
{
    /// <inheritdoc />
    public partial class QueueCountIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_requests_open_due",
                table: "requests");

            migrationBuilder.DropIndex(
                name: "ix_requests_service_id_status_due_on",
                table: "requests");

            migrationBuilder.CreateIndex(
                name: "ix_requests_open_due",
                table: "requests",
                columns: new[] { "due_on", "received_at" },
                filter: "status NOT IN ('Resolved', 'Rejected', 'Closed')")
                .Annotation("Npgsql:IndexInclude", new[] { "service_id", "status", "assigned_to_id" });

            migrationBuilder.CreateIndex(
                name: "ix_requests_service_id_status_due_on",
                table: "requests",
                columns: new[] { "service_id", "status", "due_on" })
                .Annotation("Npgsql:IndexInclude", new[] { "assigned_to_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_requests_open_due",
                table: "requests");

            migrationBuilder.DropIndex(
                name: "ix_requests_service_id_status_due_on",
                table: "requests");

            migrationBuilder.CreateIndex(
                name: "ix_requests_open_due",
                table: "requests",
                columns: new[] { "due_on", "received_at" },
                filter: "status NOT IN ('Resolved', 'Rejected', 'Closed')")
                .Annotation("Npgsql:IndexInclude", new[] { "service_id" });

            migrationBuilder.CreateIndex(
                name: "ix_requests_service_id_status_due_on",
                table: "requests",
                columns: new[] { "service_id", "status", "due_on" });
        }
    }
}
