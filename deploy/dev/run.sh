#!/usr/bin/env bash
# Runs the platform with its demo towns: http://lavaur.localhost:5080/ (GRCCLOUD_PORT overrides),
# the FranceConnect simulator the demo towns sign in with: http://localhost:5081/ (GRCCLOUD_FC_PORT),
# and the Stripe simulator billing talks to: http://localhost:5082/ (GRCCLOUD_STRIPE_PORT).
# Starts (or reuses) a private PostgreSQL cluster in .data/, applies migrations, provisions tenants/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_dotnet
ensure_postgres
build_host
dotnet build "$root/src/GrcCloud.FranceConnectSimulator" -c Release -v quiet --nologo -clp:ErrorsOnly >&2
dotnet build "$root/src/GrcCloud.StripeSimulator" -c Release -v quiet --nologo -clp:ErrorsOnly >&2

export GRCCLOUD_PORT=${GRCCLOUD_PORT:-5080}
export GRCCLOUD_FC_PORT=${GRCCLOUD_FC_PORT:-5081}
export GRCCLOUD_STRIPE_PORT=${GRCCLOUD_STRIPE_PORT:-5082}
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
# The command line reads DOTNET_ENVIRONMENT: Development lets both use the private cluster of .data/.
export DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-$ASPNETCORE_ENVIRONMENT}
export GrcCloud__FranceConnect__Environments__simulator__Issuer="http://localhost:$GRCCLOUD_FC_PORT/api/v2"
# Stripe.net's API base, key and webhook secret for the billing module: the simulator's.
export GrcCloud__Stripe__ApiBase="http://127.0.0.1:$GRCCLOUD_STRIPE_PORT"
export GrcCloud__Stripe__SecretKey=${GrcCloud__Stripe__SecretKey:-sk_test_grccloud_local}
export GrcCloud__Stripe__WebhookSecret=${GrcCloud__Stripe__WebhookSecret:-whsec_grccloud_local}
# Each town's customer on a simulator test clock, so a quarter can be played (advance it with curl, see README).
export GrcCloud__Stripe__UseTestClocks=${GrcCloud__Stripe__UseTestClocks:-true}
# The simulator delivers its signed events to the platform's webhook on the console host (ops.localhost
# reaches the loopback); GRCCLOUD_STRIPE_WEBHOOK_URL= (empty) turns deliveries off.
export GRCCLOUD_STRIPE_WEBHOOK_URL=${GRCCLOUD_STRIPE_WEBHOOK_URL-http://ops.localhost:$GRCCLOUD_PORT/api/stripe/webhook}
mkdir -p "$root/.data"
clients="$root/.data/fc-simulator-clients.json"

say "Migrations et communes de démonstration…"
(cd "$host_project" && dotnet "$host_dll" tenants provision-demo --simulator-clients "$clients")

say "Simulateur FranceConnect…"
dotnet "$root/src/GrcCloud.FranceConnectSimulator/bin/Release/net10.0/fc-simulator.dll" \
  --urls "http://127.0.0.1:$GRCCLOUD_FC_PORT" --FranceConnectSimulator:ClientsFile="$clients" \
  --Logging:LogLevel:Default=Warning &
simulator=$!

say "Simulateur Stripe…"
# Webhooks go where GRCCLOUD_STRIPE_WEBHOOK_URL says, signed with the secret above; none when unset.
stripe_webhooks=()
if [[ -n "${GRCCLOUD_STRIPE_WEBHOOK_URL:-}" ]]; then
  stripe_webhooks=(--StripeSimulator:WebhookEndpoints:0:Url="$GRCCLOUD_STRIPE_WEBHOOK_URL"
    --StripeSimulator:WebhookEndpoints:0:Secret="$GrcCloud__Stripe__WebhookSecret")
fi
dotnet "$root/src/GrcCloud.StripeSimulator/bin/Release/net10.0/stripe-simulator.dll" \
  --urls "http://127.0.0.1:$GRCCLOUD_STRIPE_PORT" "${stripe_webhooks[@]}" \
  --Logging:LogLevel:Default=Warning &
stripe_simulator=$!
trap 'kill $simulator $stripe_simulator 2>/dev/null || true' EXIT INT TERM

cat >&2 <<MSG

GrcCloud démarre sur le port $GRCCLOUD_PORT :
  http://lavaur.localhost:$GRCCLOUD_PORT/    portail de Lavaur
  http://gaillac.localhost:$GRCCLOUD_PORT/   portail de Gaillac
  http://ops.localhost:$GRCCLOUD_PORT/       console de l'éditeur
  http://localhost:$GRCCLOUD_FC_PORT/        simulateur FranceConnect (identifiant « test », mot de passe « 123 »)
  http://localhost:$GRCCLOUD_STRIPE_PORT/        simulateur Stripe (clé $GrcCloud__Stripe__SecretKey ; envois de webhooks : /_simulator/deliveries)
  http://ops.localhost:$GRCCLOUD_PORT/facturation   facturation des communes (webhooks Stripe : ${GRCCLOUD_STRIPE_WEBHOOK_URL:-aucun})
Premier opérateur : deploy/dev/grccloud operators create --email vous@exemple.fr (affiche un lien de première connexion)
Premier superviseur d'une commune : deploy/dev/grccloud agents invite --slug lavaur --email vous@exemple.fr
Courriels : écrits dans .data/mail/ (fichiers .eml) tant qu'aucun serveur SMTP n'est configuré (GrcCloud__Mail__SmtpHost).
Ctrl+C pour arrêter (le cluster PostgreSQL s'arrête avec la plateforme).

MSG
cd "$host_project"
dotnet "$host_dll" --urls "http://0.0.0.0:$GRCCLOUD_PORT"
