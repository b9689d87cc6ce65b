#!/usr/bin/env bash
# Runs a benchmark of tests/GrcCloud.Benchmarks on a throw-away PostgreSQL cluster:
#   deploy/dev/bench.sh home          home page vs bare endpoint, requests per second
#   deploy/dev/bench.sh towns [N]     N towns provisioned (default 1000), then host memory
#   deploy/dev/bench.sh console-towns [--towns N]  N towns (default 100) created in a row through the console's creation service and job body
#   deploy/dev/bench.sh resolution    tenant resolution cost (BenchmarkDotNet)
#   deploy/dev/bench.sh submissions   HTTP submissions per second against pgbench inserts of the same rows
#   deploy/dev/bench.sh queues [--sql] [--no-vacuum]  agents' queue page with 100,000 requests in a town: p50/p99 and CPU per view, plans (--sql: one supervisor page's statements and plans)
#   deploy/dev/bench.sh statistics [N] statistics dashboard with N requests in a town (default 1,000,000), ops usage page with 1,000 towns
# Results are kept in tests/GrcCloud.Benchmarks/README.md.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_dotnet
ensure_postgres
dotnet build "$root/tests/GrcCloud.Benchmarks" -c Release -v quiet --nologo -clp:ErrorsOnly >&2
cd "$root/tests/GrcCloud.Benchmarks/bin/Release/net10.0"
exec dotnet GrcCloud.Benchmarks.dll "$@"
