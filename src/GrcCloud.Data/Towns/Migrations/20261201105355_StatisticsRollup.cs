using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GrcCloud.Data.Towns.Migrations
{
    /// <summary>
    /// The statistics' monthly rollup (Features/Statistics/StatisticsRollup.cs): per Paris month, the
    /// requests received (theme, service, channel), the delays of the requests done (every delay kept, so
    /// percentiles stay exact) and the backlog at the month's end. A trigger on requests marks the months
    /// a change touches; the rollup rebuilds those months. Tables written by hand SQL only, not in the EF model.
    /// </summary>
    public partial class StatisticsRollup : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE request_stats_months (month date PRIMARY KEY, built_at timestamptz NOT NULL);
                CREATE TABLE request_stats_dirty (month date PRIMARY KEY);
                CREATE TABLE request_counts_monthly (
                    month date NOT NULL, theme_id uuid NOT NULL, service_id uuid NOT NULL, channel varchar(20) NOT NULL,
                    received integer NOT NULL,
                    PRIMARY KEY (month, theme_id, service_id, channel));
                CREATE TABLE request_delays_monthly (
                    month date NOT NULL, theme_id uuid NOT NULL, service_id uuid NOT NULL,
                    done integer NOT NULL, on_time integer NOT NULL, delays float8[] NOT NULL,
                    PRIMARY KEY (month, theme_id, service_id));
                CREATE TABLE request_backlog_monthly (
                    month date NOT NULL, service_id uuid NOT NULL, age_bucket smallint NOT NULL,
                    open integer NOT NULL, overdue integer NOT NULL,
                    PRIMARY KEY (month, service_id, age_bucket));

                -- The months whose rollup a change of a request touches: its reception month (counts), its done
                -- month (delays) and every month end it was open at (backlog), before and after the change.
                CREATE FUNCTION request_stats_mark() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
                DECLARE
                    first_month date := NULL;
                    last_month date := NULL;
                    this_month date := date_trunc('month', now() AT TIME ZONE 'Europe/Paris')::date;
                BEGIN
                    IF TG_OP = 'UPDATE'
                       AND OLD.received_at IS NOT DISTINCT FROM NEW.received_at AND OLD.closed_at IS NOT DISTINCT FROM NEW.closed_at
                       AND OLD.theme_id = NEW.theme_id AND OLD.service_id = NEW.service_id AND OLD.channel = NEW.channel
                       AND OLD.due_on = NEW.due_on
                       AND (OLD.status IN ('Resolved', 'Rejected', 'Closed')) = (NEW.status IN ('Resolved', 'Rejected', 'Closed')) THEN
                        RETURN NULL;
                    END IF;
                    IF TG_OP = 'UPDATE'
                       AND OLD.received_at = NEW.received_at AND OLD.theme_id = NEW.theme_id AND OLD.service_id = NEW.service_id
                       AND OLD.channel = NEW.channel AND OLD.due_on = NEW.due_on THEN
                        -- Only its done-at moved (an answer, a reopening): the done months before and after and the month
                        -- ends in between (open at one and not at the other); an answer today touches no past month.
                        first_month := least(coalesce(date_trunc('month', OLD.closed_at AT TIME ZONE 'Europe/Paris')::date, this_month),
                                             coalesce(date_trunc('month', NEW.closed_at AT TIME ZONE 'Europe/Paris')::date, this_month));
                        last_month := greatest(coalesce(date_trunc('month', OLD.closed_at AT TIME ZONE 'Europe/Paris')::date, this_month),
                                               coalesce(date_trunc('month', NEW.closed_at AT TIME ZONE 'Europe/Paris')::date, this_month));
                    ELSE
                        IF TG_OP <> 'INSERT' THEN
                            first_month := date_trunc('month', OLD.received_at AT TIME ZONE 'Europe/Paris')::date;
                            last_month := greatest(first_month, coalesce(date_trunc('month', OLD.closed_at AT TIME ZONE 'Europe/Paris')::date, this_month));
                        END IF;
                        IF TG_OP <> 'DELETE' THEN
                            first_month := least(first_month, date_trunc('month', NEW.received_at AT TIME ZONE 'Europe/Paris')::date);
                            last_month := greatest(last_month, date_trunc('month', NEW.received_at AT TIME ZONE 'Europe/Paris')::date,
                                coalesce(date_trunc('month', NEW.closed_at AT TIME ZONE 'Europe/Paris')::date, this_month));
                        END IF;
                    END IF;
                    -- The current month is never rolled up (the dashboard reads it from the requests) and is built
                    -- once it is over: a submission or a closing today marks nothing, so they pay no write here.
                    IF first_month >= this_month THEN
                        RETURN NULL;
                    END IF;
                    INSERT INTO request_stats_dirty (month)
                    SELECT m::date FROM generate_series(first_month, least(last_month, (this_month - interval '1 month')::date), interval '1 month') m
                    ON CONFLICT (month) DO NOTHING;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER requests_stats_mark AFTER INSERT OR UPDATE OR DELETE ON requests
                    FOR EACH ROW EXECUTE FUNCTION request_stats_mark();
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER requests_stats_mark ON requests;
                DROP FUNCTION request_stats_mark();
                DROP TABLE request_backlog_monthly, request_delays_monthly, request_counts_monthly, request_stats_dirty, request_stats_months;
                """);
        }
    }
}
