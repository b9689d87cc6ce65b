using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Towns.Migrations
{
    /// <inheritdoc />
    public partial class ThemeKeywordsAndReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "is_report",
                table: "themes",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<List<string>>(
                name: "keywords",
                table: "themes",
                type: "text[]",
                nullable: false,
                defaultValueSql: "ARRAY[]::text[]"); // written before provisioning ran its script as is (TownSchemaMigrator.RunScriptAsync); braces are safe now

            // Towns provisioned before: their reports are the themes titled "Signaler ..." (but the
            // electoral change of address, a request), and the lost-and-found and suggestion themes, as in the template.
            migrationBuilder.Sql("UPDATE themes SET is_report = true WHERE (title LIKE 'Signaler %' AND slug <> 'changement-adresse-electorale') OR slug IN ('objet-perdu-trouve', 'suggestion');");
            // The template's first reply said the service had taken the request before anyone had.
            migrationBuilder.Sql("UPDATE reply_templates SET body = replace(body, 'a été transmise au service compétent, qui l''a prise en charge.', 'a bien été reçue et transmise au service compétent, qui l''examinera.');");
            // The first reply of an occupation of the public domain promised the authorization and spoke the service's jargon.
            migrationBuilder.Sql("UPDATE reply_templates SET body = replace(body, 'Le service instructeur vérifie l''emprise demandée, le passage laissé aux piétons et aux véhicules de secours, ainsi que la compatibilité avec les autres occupations prévues aux mêmes dates.', 'Le service va vérifier la place demandée sur le trottoir ou la chaussée, le passage laissé aux piétons et aux véhicules de secours, et les autres occupations prévues aux mêmes dates.') WHERE status = 'Acknowledged';");
            migrationBuilder.Sql("UPDATE reply_templates SET body = replace(body, 'L''autorisation vous sera notifiée, sous réserve de l''accord de l''élu délégué, d''ici le ', 'La décision, prise avec l''élu délégué, vous sera communiquée ; elle est prévue d''ici le ') WHERE status = 'Acknowledged';");
            migrationBuilder.Sql("UPDATE reply_templates SET body = replace(body, '. Nous vous rappelons que l''occupation ne peut commencer avant la délivrance de l''arrêté.', ' (délai indicatif). L''occupation ne peut pas commencer avant que l''autorisation vous soit délivrée.') WHERE status = 'Acknowledged';");
            // And the acknowledgement mail promised appeal routes to every resident, reports included.
            migrationBuilder.Sql("UPDATE mail_templates SET body = replace(body, 'lorsqu''il s''applique, et voies et délais de recours.', 'lorsqu''il s''applique et, lorsqu''une décision doit être prise, voies et délais de recours.'), original_body = replace(original_body, 'lorsqu''il s''applique, et voies et délais de recours.', 'lorsqu''il s''applique et, lorsqu''une décision doit être prise, voies et délais de recours.') WHERE key = 'acknowledgement';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "is_report",
                table: "themes");

            migrationBuilder.DropColumn(
                name: "keywords",
                table: "themes");
        }
    }
}
