#!/usr/bin/env bash
# Runs one fuzz target on its seed corpus with its dictionary:
#
#   tests/fuzz/run_target.sh BUILD_DIR TARGET WORK_DIR [libFuzzer flags...]
#
# New inputs go to WORK_DIR/corpus (the seeds in tests/fuzz/corpus/TARGET
# and the inputs in tests/fuzz/regressions/TARGET are only read, so the tree
# stays clean); a crasher, leak or timeout is written to WORK_DIR/artifacts/
# and the exit status is non-zero. The libFuzzer log is WORK_DIR/TARGET.log.
# Used by deploy/sanitize.sh (short runs) and tests/fuzz/long_run.sh
# (docs/fuzzing.md).
set -euo pipefail
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
build_dir=$1 target=$2 work_dir=$3
shift 3

binary="$build_dir/tests/fuzz/$target"
seeds="$fuzz_dir/corpus/$target"
[[ -x "$binary" ]] || { echo "run_target: no $binary (configure with MARKETGATE_FUZZ=ON)" >&2; exit 2; }
[[ -d "$seeds" ]] || { echo "run_target: no seed corpus $seeds" >&2; exit 2; }

case "$target" in
  api_request_body_fuzz | webhook_fuzz) dict=json.dict ;;
  market_yaml_fuzz | cases_yaml_fuzz) dict=yaml.dict ;;
  http_request_fuzz) dict=http.dict ;;
  *) dict= ;;
esac
flags=(-timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1)
[[ -n "$dict" ]] && flags+=("-dict=$fuzz_dir/dict/$dict")

# Inputs that once broke a target (tests/fuzz/regressions/TARGET/) run first
# with the seeds, every time.
regressions="$fuzz_dir/regressions/$target"
corpora=("$seeds")
[[ -d "$regressions" ]] && corpora+=("$regressions")

mkdir -p "$work_dir/corpus" "$work_dir/artifacts"
# Sanitizer reports end the run: leaks (LSan, after each input), UB (UBSan
# is built with -fno-sanitize-recover) and ASan errors.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
"$binary" "${flags[@]}" -artifact_prefix="$work_dir/artifacts/" "$@" \
  "$work_dir/corpus" "${corpora[@]}" >"$work_dir/$target.log" 2>&1
