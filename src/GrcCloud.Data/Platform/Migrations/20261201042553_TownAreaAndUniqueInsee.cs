using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Platform.Migrations
{
    /// <inheritdoc />
    public partial class TownAreaAndUniqueInsee : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "area_east",
                schema: "platform",
                table: "tenants",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "area_north",
                schema: "platform",
                table: "tenants",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "area_south",
                schema: "platform",
                table: "tenants",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "area_west",
                schema: "platform",
                table: "tenants",
                type: "double precision",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_tenants_insee_code",
                schema: "platform",
                table: "tenants",
                column: "insee_code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tenants_insee_code",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "area_east",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "area_north",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "area_south",
                schema: "platform",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "area_west",
                schema: "platform",
                table: "tenants");
        }
    }
}
