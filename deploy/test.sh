#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. This is the README's
# second command and exactly what CI runs. Stages:
#   1. install missing Debian packages; 2. build (incremental);
#   3. lint the deployment files and docs/openapi.yaml (deploy/lint.sh);
#   4. the sanitizer stage (deploy/sanitize.sh): every test under ASan + UBSan,
#      each fuzz target for 20 s, the concurrency tests under ThreadSanitizer;
#   5. every test with CTest, whose summary closes the output.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${MG_BUILD_DIR:-$root/build}
jobs=$(nproc)

"$root/deploy/install-deps.sh"
"$root/deploy/build.sh"

"$root/deploy/lint.sh"

# The whole suite under ASan + UBSan, every fuzz target briefly, the
# concurrency tests under ThreadSanitizer (docs/fuzzing.md).
"$root/deploy/sanitize.sh"

cd "$build_dir"
ctest --output-on-failure --parallel "$jobs" --timeout 600
