#!/usr/bin/env bash
# Installs what is missing, builds, and starts marketgate on its embedded
# default: the shipped markets, a SQLite file, and the payment sandbox on
# loopback. This is the README's first command. Ctrl-C (or SIGTERM) stops both.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${MG_BUILD_DIR:-$root/build}
config=${MG_CONFIG:-$root/deploy/marketgate.yaml}

"$root/deploy/install-deps.sh"
"$root/deploy/build.sh"

"$build_dir/gateway/marketgate" validate "$root/regions"

sandbox_pid=""
if [[ -x "$build_dir/gateway/sandbox/marketgate-sandbox" ]]; then
  # Webhooks back to the gateway, signed with the sandbox secrets of deploy/marketgate.yaml
  # (environment, not flags: flags show in process listings).
  MG_SANDBOX_STRIPE_WEBHOOK_SECRET=whsec_sandbox_stripe \
    MG_SANDBOX_ADYEN_HMAC_KEY=44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056 \
    MG_SANDBOX_PIX_WEBHOOK_SECRET=whsec_sandbox_pix \
    "$build_dir/gateway/sandbox/marketgate-sandbox" --address 127.0.0.1 --port 8090 \
    --webhook-url http://127.0.0.1:8080/v1/webhooks &
  sandbox_pid=$!
fi
stop() {
  [[ -n "$sandbox_pid" ]] && kill "$sandbox_pid" 2>/dev/null || true
  [[ -n "${gateway_pid:-}" ]] && kill -TERM "$gateway_pid" 2>/dev/null || true
}
trap stop INT TERM EXIT

echo "marketgate: public API http://127.0.0.1:8080, admin http://127.0.0.1:8081 (keys in $config)"
"$build_dir/gateway/marketgate" serve --config "$config" &
gateway_pid=$!
wait "$gateway_pid"
