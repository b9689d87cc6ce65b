#!/usr/bin/env bash
# Runs the platform with its demo towns: http://lavaur.localhost:5080/ (GRCCLOUD_PORT overrides).
# Starts (or reuses) a private PostgreSQL cluster in .data/, applies migrations, provisions tenants/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_dotnet
ensure_postgres
build_host

port=${GRCCLOUD_PORT:-5080}
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export GrcCloud__Startup__Migrate=true
export GrcCloud__Startup__DemoTowns=true

cat >&2 <<MSG

GrcCloud démarre sur le port $port :
  http://lavaur.localhost:$port/    portail de Lavaur
  http://gaillac.localhost:$port/   portail de Gaillac
  http://ops.localhost:$port/       console de l'éditeur
  deploy/dev/grccloud tenants list  les communes, en ligne de commande
Ctrl+C pour arrêter (le cluster PostgreSQL s'arrête avec la plateforme).

MSG
cd "$host_project"
exec dotnet "$host_dll" --urls "http://0.0.0.0:$port"
