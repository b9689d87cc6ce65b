using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Towns.Migrations
{
    /// <inheritdoc />
    public partial class RequestAttachmentsAndClosing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_requests_theme_id",
                table: "requests");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "closed_at",
                table: "requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "request_attachments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_request_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_request_attachments_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_requests_theme_id_closed_at",
                table: "requests",
                columns: new[] { "theme_id", "closed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_request_attachments_request_id",
                table: "request_attachments",
                column: "request_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "request_attachments");

            migrationBuilder.DropIndex(
                name: "ix_requests_theme_id_closed_at",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "requests");

            migrationBuilder.CreateIndex(
                name: "ix_requests_theme_id",
                table: "requests",
                column: "theme_id");
        }
    }
}
