#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (CTest). This is the
# README's second command and exactly what CI runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${MG_BUILD_DIR:-$root/build}

"$root/deploy/install-deps.sh"
"$root/deploy/build.sh"
cd "$build_dir"
ctest --output-on-failure --parallel "$(nproc)" --timeout 600
