-- GrcCloud on Citus (12.1 or later) with schema-based sharding: each town's schema t_<slug> becomes
-- a distributed schema, all its tables one colocated group placed whole on one node, so every query
-- of a town (search_path = "t_<slug>") is routed to that node unchanged. Run on the coordinator,
-- as a superuser, in the order below. NOT tested here (no Citus on the project's machines): see README.md.

-- 1. Once, on the coordinator and every worker (shared_preload_libraries = 'citus' first).
CREATE EXTENSION IF NOT EXISTS citus;
-- Workers (names are examples):
-- SELECT citus_set_coordinator_host('pg-coordinator.internal', 5432);
-- SELECT citus_add_node('pg-worker-1.internal', 5432);
-- SELECT citus_add_node('pg-worker-2.internal', 5432);

-- 2. `grccloud migrate` (the migrate Job) with the setting OFF: the platform schema (tenant
--    registry, operators, data-protection and signing keys) and Hangfire's schema stay regular
--    schemas on the coordinator. With the setting on, every CREATE SCHEMA but public's is distributed.
SHOW citus.enable_schema_based_sharding;   -- expect off

-- 3. Towns that already exist: distribute each schema (moves its tables to a node). One at a time,
--    each in its own transaction; expect that town's writes to wait while its tables are copied.
SELECT citus_schema_distribute('t_lavaur');
SELECT citus_schema_distribute('t_gaillac');
-- ... or every active town of the registry not distributed yet, each statement on its own (psql):
SELECT format('SELECT citus_schema_distribute(%L)', t.schema_name)
FROM platform.tenants t
WHERE t.status = 'Active'
  AND t.schema_name NOT IN (SELECT s.schema_name::text FROM citus_schemas s)
ORDER BY t.schema_name
\gexec

-- 4. Towns created from now on: distributed as their schema is created. Either for the whole
--    database, once platform and hangfire exist (no code change; new sessions pick it up) ...
ALTER DATABASE grccloud SET citus.enable_schema_based_sharding = on;
--    ... or only in the provisioning transaction (what TownProvisioner.CreateSchemaAsync would run
--    before SchemaSql.Recreate, leaving every other session untouched):
--      SET LOCAL citus.enable_schema_based_sharding = on;
--      DROP SCHEMA IF EXISTS "t_albi" CASCADE; CREATE SCHEMA "t_albi";  -- then the tables, the catalogue

-- 5. Where each town lives, and moving one (a busy town to a node of its own, say).
SELECT schema_name, colocation_id, schema_size FROM citus_schemas ORDER BY schema_name;
SELECT DISTINCT s.schema_name, sh.nodename, sh.nodeport
FROM citus_schemas s
JOIN citus_shards sh ON sh.colocation_id = s.colocation_id
ORDER BY s.schema_name;
SELECT citus_schema_move('t_lavaur', 'pg-worker-2.internal', 5432);
-- After adding a worker, spread the towns in the background:
SELECT citus_rebalance_start();

-- 6. Back to a regular schema on the coordinator (before leaving Citus, or to debug a town):
-- SELECT citus_schema_undistribute('t_lavaur');
