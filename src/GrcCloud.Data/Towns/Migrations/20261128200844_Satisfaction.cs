using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Towns.Migrations
{
    /// <inheritdoc />
    public partial class Satisfaction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "satisfaction_comment",
                table: "requests",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "satisfaction_score",
                table: "requests",
                type: "integer",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_requests_satisfaction",
                table: "requests",
                sql: "satisfaction_score IS NULL OR satisfaction_score BETWEEN 1 AND 5");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_requests_satisfaction",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "satisfaction_comment",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "satisfaction_score",
                table: "requests");
        }
    }
}
