using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Platform.Migrations
{
    /// <inheritdoc />
    public partial class TownUsageMonthly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "town_usage_monthly",
                schema: "platform",
                columns: table => new
                {
                    town_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    requests_received = table.Column<int>(type: "integer", nullable: false),
                    active_agents = table.Column<int>(type: "integer", nullable: true),
                    residents = table.Column<int>(type: "integer", nullable: true),
                    storage_bytes = table.Column<long>(type: "bigint", nullable: true),
                    refreshed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_town_usage_monthly", x => new { x.town_id, x.month });
                    table.ForeignKey(
                        name: "fk_town_usage_monthly_tenants_town_id",
                        column: x => x.town_id,
                        principalSchema: "platform",
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_town_usage_monthly_month",
                schema: "platform",
                table: "town_usage_monthly",
                column: "month");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "town_usage_monthly",
                schema: "platform");
        }
    }
}
