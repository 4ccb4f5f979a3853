#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. This is the README's
# second command and exactly what CI runs. Stages:
#   1. install missing Debian packages;
#   2. the plain (GCC, RelWithDebInfo) build of what ships: marketgate,
#      marketgate-sandbox, the benchmarks, and the test binaries that run the
#      shipped executables as processes (target mg_process_tests);
#   3. lint the deployment files and docs/openapi.yaml (deploy/lint.sh);
#   4. the sanitizer stage (deploy/sanitize.sh): every test under ASan + UBSan
#      (but the soak and the crash test, which run in stage 5), each fuzz
#      target for 20 s, the concurrency tests under ThreadSanitizer;
#   5. the tests labelled `process` against the plain build: the shipped
#      executables end to end (serve, CLI, system, cluster, soak, crash), as
#      users run them. CTest's summary closes the output.
# Every test thus runs at least once; the unit tests run in the sanitizer
# build only (`ninja -C build` still builds them all for development).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${MG_BUILD_DIR:-$root/build}
jobs=$(nproc)

"$root/deploy/install-deps.sh"
MG_BUILD_TARGET=mg_process_tests "$root/deploy/build.sh"

"$root/deploy/lint.sh"

# The whole suite under ASan + UBSan, every fuzz target briefly, the
# concurrency tests under ThreadSanitizer (docs/fuzzing.md).
"$root/deploy/sanitize.sh"

cd "$build_dir"
ctest --output-on-failure --parallel "$jobs" --timeout 600 --label-regex '^process$'
