#!/usr/bin/env bash
# Configures and builds marketgate into build/ (or $MG_BUILD_DIR). Incremental:
# a second run rebuilds only what changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${MG_BUILD_DIR:-$root/build}
build_type=${MG_BUILD_TYPE:-RelWithDebInfo}

if [[ ! -f "$build_dir/build.ninja" ]]; then
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" "$@"
fi
cmake --build "$build_dir" --parallel "$(nproc)"
