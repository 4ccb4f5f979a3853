#!/usr/bin/env bash
# Installs the Debian 12 packages marketgate needs to build, test and run,
# skipping those already present. Idempotent; needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libicu-dev libssl-dev openssl libyaml-cpp-dev libsqlite3-dev sqlite3 libpq-dev
  libtcmalloc-minimal4
  libgtest-dev libgmock-dev libbenchmark-dev
  # The sanitizer builds and the fuzzers (deploy/sanitize.sh): clang and its
  # runtimes (ASan, UBSan, TSan, libFuzzer), which clang only recommends.
  clang libclang-rt-dev
  postgresql nginx wrk curl ca-certificates python3 python3-jsonschema python3-yaml
  # The ops console's browser test (tests/gateway/system/console_browser_test.py).
  chromium
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

# Node drives the browser test; a node already installed (from any source) will do.
command -v node >/dev/null || missing+=(nodejs npm)

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

as_root=()
[[ $(id -u) -eq 0 ]] || as_root=(sudo)
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the packaged services on install; marketgate runs its own
# PostgreSQL and nginx instances on loopback, so the system ones stay off.
"${as_root[@]}" systemctl disable --now postgresql nginx >/dev/null 2>&1 || true
echo "install-deps: done"
