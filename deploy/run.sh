#!/usr/bin/env bash
# Installs what is missing, builds, and starts marketgate's main job on its
# embedded default. This is the README's first command.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${MG_BUILD_DIR:-$root/build}

"$root/deploy/install-deps.sh"
"$root/deploy/build.sh"
exec "$build_dir/gateway/marketgate" --help
