using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Towns.Migrations
{
    /// <inheritdoc />
    public partial class OpenRequestsIndexCoversService : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_requests_open_due",
                table: "requests");

            migrationBuilder.CreateIndex(
                name: "ix_requests_open_due",
                table: "requests",
                columns: new[] { "due_on", "received_at" },
                filter: "status NOT IN ('Resolved', 'Rejected', 'Closed')")
                .Annotation("Npgsql:IndexInclude", new[] { "service_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_requests_open_due",
                table: "requests");

            migrationBuilder.CreateIndex(
                name: "ix_requests_open_due",
                table: "requests",
                columns: new[] { "due_on", "received_at" },
                filter: "status NOT IN ('Resolved', 'Rejected', 'Closed')");
        }
    }
}
