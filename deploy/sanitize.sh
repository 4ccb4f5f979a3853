#!/usr/bin/env bash
# The sanitizer stage of CI, called by deploy/test.sh (docs/fuzzing.md,
# "The sanitizer stage"). Stages:
#   1. build the asan preset into build-asan/: clang, ASan + UBSan (fatal),
#      and the libFuzzer targets of tests/fuzz;
#   2. every CTest test in build-asan/ except gateway_soak_test and
#      gateway_crash_test (their SIGKILLs of an ASan gateway take longer than
#      the stage is allowed; the plain build's CTest run still runs both);
#   3. every fuzz target for MG_FUZZ_SECONDS (default 20) on its seed corpus;
#   4. the concurrency tests under ThreadSanitizer in build-tsan/.
# Any sanitizer report, leak, crash or failing test fails the stage.
#
#   deploy/sanitize.sh                  all four stages
#   deploy/sanitize.sh fuzz tsan        only these (build, ctest, fuzz, tsan)
#   MG_FUZZ_SECONDS=60 deploy/sanitize.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)
fuzz_seconds=${MG_FUZZ_SECONDS:-20}
asan_dir="$root/build-asan"
tsan_dir="$root/build-tsan"

# Leaks fail a test; so does undefined behaviour (the build also passes
# -fno-sanitize-recover=undefined, so this is belt and braces).
export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"

stages=("$@")
((${#stages[@]} > 0)) || stages=(build ctest fuzz tsan)
wanted() { [[ " ${stages[*]} " == *" $1 "* ]]; }
stage() { echo "sanitize: $* ($(date -u +%H:%M:%S))"; }

# Configures `preset` into `dir` unless it is already configured with clang;
# a directory left by an older, GCC-configured preset is configured afresh.
configure() {
  local preset=$1 dir=$2
  if [[ -f "$dir/build.ninja" ]] &&
    grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang' "$dir/CMakeCache.txt" 2>/dev/null; then
    return 0
  fi
  rm -f "$dir/CMakeCache.txt"
  (cd "$root" && cmake --preset "$preset" >/dev/null)
}

if wanted build; then
  stage "building the asan preset"
  configure asan "$asan_dir"
  cmake --build "$asan_dir" --parallel "$jobs"
fi

if wanted ctest; then
  stage "CTest under ASan + UBSan"
  (cd "$asan_dir" && ctest --output-on-failure --parallel "$jobs" --timeout 900 \
    --exclude-regex '^(gateway_soak_test|gateway_crash_test)$')
fi

if wanted fuzz; then
  stage "fuzz targets, ${fuzz_seconds} s each, $jobs at a time"
  fuzz_work=$(mktemp -d)
  trap 'rm -rf "$fuzz_work"' EXIT
  # Each target is one single-threaded process: $jobs of them at once keep
  # every core busy. Each one's exit status is kept in WORK/TARGET/status.
  fuzz_one() {
    local target=$1 status=0
    "$root/tests/fuzz/run_target.sh" "$asan_dir" "$target" "$fuzz_work/$target" \
      -max_total_time="$fuzz_seconds" || status=$?
    echo "$status" >"$fuzz_work/$target.status"
  }
  targets=()
  for binary in "$asan_dir"/tests/fuzz/*_fuzz; do targets+=("$(basename "$binary")"); done
  for ((i = 0; i < ${#targets[@]}; i += jobs)); do
    for target in "${targets[@]:i:jobs}"; do fuzz_one "$target" & done
    wait
  done
  failed=0
  for target in "${targets[@]}"; do
    if [[ "$(cat "$fuzz_work/$target.status")" != 0 ]]; then
      tail -n 60 "$fuzz_work/$target/$target.log"
      echo "sanitize: $target failed; reproducer(s):" "$fuzz_work/$target"/artifacts/*
      cp -r "$fuzz_work/$target/artifacts" "$asan_dir/fuzz-artifacts-$target"
      echo "sanitize: kept in build-asan/fuzz-artifacts-$target" >&2
      failed=1
      continue
    fi
    grep -h '^Done' "$fuzz_work/$target/$target.log" |
      sed "s/^/  $target: /"
  done
  ((failed == 0)) || exit 1
fi

if wanted tsan; then
  stage "concurrency tests under ThreadSanitizer"
  # Test binary and gtest filter: every test that runs threads against shared
  # state (grep -rn Concurren tests/), the SQLite checkpointer's thread, the
  # registry's reload under load, the rate limiter and the HTTP server. A
  # *_tsan binary holds only the sources of its full binary that these tests
  # need (mg_add_tsan_subset in tests/CMakeLists.txt), so that this stage
  # compiles little beyond them.
  tsan_tests=(
    "regions_test_tsan:MarketRegistryTest.*:MarketLoaderTest.ManyFilesReadInParallel*:MarketLoaderTest.ManyMarketsLoadWithFilesParsedAhead:YamlPrefetchTest.*"
    "currency_test_tsan:*ThreadSafe*"
    "gateway_http_test:*RateLimit*:MetricsTest.Concurrent*:ServerTest.*"
    "store_test_tsan:*Concurren*:SqliteCheckpointerTest.*"
    "gateway_api_test_tsan:*Concurren*"
    "event_dispatcher_test:EventDispatcherTest.BackgroundThread*"
    "provider_sandbox_test:*Concurrent*"
    "gateway_e2e_test:*ReloadUnderLoad*"
  )
  configure tsan "$tsan_dir"
  cmake --build "$tsan_dir" --parallel "$jobs" --target "${tsan_tests[@]%%:*}"
  for entry in "${tsan_tests[@]}"; do
    binary=$(find "$tsan_dir/tests" -type f -name "${entry%%:*}" -perm -u+x | head -n 1)
    # A filter that selects nothing would pass without testing anything.
    if ! "$binary" --gtest_list_tests --gtest_filter="${entry#*:}" | grep -q '^  '; then
      echo "sanitize: no test of ${entry%%:*} matches ${entry#*:}" >&2
      exit 1
    fi
    (cd "$(dirname "$binary")" &&
      MG_SOURCE_DIR="$root" "$binary" --gtest_brief=1 --gtest_filter="${entry#*:}")
  done
fi
stage "done"
