using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Towns.Migrations
{
    /// <summary>
    /// The statistics trigger (<c>request_stats_mark</c>, migration StatisticsRollup) is called only when it can
    /// mark a month: a submission of the current month (nearly every insert) and a change that moves nothing the
    /// statistics read (an assignment, a note's update time) no longer run the function at all. The conditions
    /// are the function's own early exits, evaluated by PostgreSQL as the row is written; the function is unchanged.
    /// </summary>
    public partial class StatisticsTriggerOnlyWhenItMatters : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER requests_stats_mark ON requests;
                CREATE TRIGGER requests_stats_mark_insert AFTER INSERT ON requests FOR EACH ROW
                    WHEN (NEW.received_at < (date_trunc('month', now() AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'Europe/Paris'))
                    EXECUTE FUNCTION request_stats_mark();
                CREATE TRIGGER requests_stats_mark_update AFTER UPDATE ON requests FOR EACH ROW
                    WHEN (OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.closed_at IS DISTINCT FROM NEW.closed_at
                          OR OLD.theme_id IS DISTINCT FROM NEW.theme_id OR OLD.service_id IS DISTINCT FROM NEW.service_id
                          OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.due_on IS DISTINCT FROM NEW.due_on
                          OR (OLD.status IN ('Resolved', 'Rejected', 'Closed')) IS DISTINCT FROM (NEW.status IN ('Resolved', 'Rejected', 'Closed')))
                    EXECUTE FUNCTION request_stats_mark();
                CREATE TRIGGER requests_stats_mark_delete AFTER DELETE ON requests FOR EACH ROW
                    EXECUTE FUNCTION request_stats_mark();
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER requests_stats_mark_insert ON requests;
                DROP TRIGGER requests_stats_mark_update ON requests;
                DROP TRIGGER requests_stats_mark_delete ON requests;
                CREATE TRIGGER requests_stats_mark AFTER INSERT OR UPDATE OR DELETE ON requests
                    FOR EACH ROW EXECUTE FUNCTION request_stats_mark();
                """);
        }
    }
}
