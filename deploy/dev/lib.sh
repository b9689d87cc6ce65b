# Shared by run.sh, test.sh and grccloud: find or install what the project needs.
# Sourced, not run. Installs only what is missing; never starts a system service.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
host_project="$root/src/GrcCloud.Host"
host_dll="$host_project/bin/Release/net10.0/grccloud.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\033[1m%s\033[0m\n' "$*" >&2; }

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    say "Il manque les paquets Debian : $*. Installez-les (sudo apt-get install $*) puis relancez."
    exit 1
  fi
  if [ -z "${_apt_updated:-}" ]; then
    apt-get update -qq >&2
    _apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    say "Le SDK .NET 10 est introuvable (commande dotnet) : installez-le puis relancez."
    exit 1
  fi
}

ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    say "Installation de PostgreSQL (binaires seulement ; le projet démarre son propre cluster)…"
    # policy-rc.d 101: the package must not start the system's own cluster.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt_install postgresql postgresql-contrib
    rm -f /usr/sbin/policy-rc.d
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
  fi
}

ensure_chromium() {
  # The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
  if [ ! -x /usr/bin/chromium ]; then
    say "Installation de Chromium (tests dans le navigateur)…"
    apt_install chromium chromium-driver
  fi
}

build_host() {
  say "Compilation…"
  dotnet build "$host_project" -c Release -v quiet --nologo -clp:ErrorsOnly >&2
}
