#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. This is the README's
# second command and exactly what CI runs. Stages:
#   1. install missing Debian packages; 2. build (incremental);
#   3. lint the deployment files and docs/openapi.yaml (deploy/lint.sh);
#   4. the concurrency tests under ThreadSanitizer (tsan preset);
#   5. every test with CTest, whose summary closes the output.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${MG_BUILD_DIR:-$root/build}
jobs=$(nproc)

"$root/deploy/install-deps.sh"
"$root/deploy/build.sh"

"$root/deploy/lint.sh"

# ThreadSanitizer: the snapshot registry's reload-under-load test.
tsan_dir="$root/build-tsan"
if [[ ! -f "$tsan_dir/build.ninja" ]]; then
  (cd "$root" && cmake --preset tsan >/dev/null)
fi
cmake --build "$tsan_dir" --parallel "$jobs" --target regions_test
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" \
  "$tsan_dir/tests/regions/regions_test" --gtest_brief=1 \
  --gtest_filter='MarketRegistryTest.*:MarketLoaderTest.ManyFilesReadInParallel*'

cd "$build_dir"
ctest --output-on-failure --parallel "$jobs" --timeout 600
