#!/usr/bin/env bash
# The long soak (issue 14): at least 1,000 SIGKILLs of the gateway and 5,000 purchases and
# refunds under random provider faults, then reconciliation to quiescence and
# `marketgate audit` with zero drift. About 15 minutes on 2 cores; not part of CTest (its
# short version, 200 kills, is gateway_soak_test).
#
#   tests/soak/long_soak.sh [BUILD_DIR] [extra soak_test.py flags, e.g. --seed 7]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${1:-${MG_BUILD_DIR:-$root/build}}
shift || true
cmake --build "$build_dir" --target marketgate marketgate-sandbox >/dev/null
exec python3 "$root/tests/gateway/system/soak_test.py" \
  --marketgate "$build_dir/gateway/marketgate" \
  --sandbox "$build_dir/gateway/sandbox/marketgate-sandbox" \
  --regions "$root/regions" \
  --kills 1000 --min-operations 5000 --clients 6 "$@"
