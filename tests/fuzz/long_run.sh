#!/usr/bin/env bash
# The long fuzz run (docs/fuzzing.md): every target, one after the other, in
# one process each, for MG_FUZZ_RUNS executions (default 10,000,000), at
# nice 10 in a scheduler group at nice 19 so that builds on the same machine
# come first. Each finished
# target appends its measured figures to tests/fuzz/results/long_run.md;
# the corpora it grows and any crasher stay in build-asan/fuzz-long/<target>/.
#
#   tests/fuzz/long_run.sh                      every target
#   tests/fuzz/long_run.sh money_fuzz webhook_fuzz
#   MG_FUZZ_RUNS=1000000 tests/fuzz/long_run.sh
#   MG_FUZZ_TIMEOUT=120 tests/fuzz/long_run.sh accept_language_fuzz
#
# MG_FUZZ_TIMEOUT (seconds, default run_target.sh's 10) is libFuzzer's
# per-input wall-clock limit: raise it when the run shares the machine with
# builds, where its nice-19 group can get no CPU for seconds (a starved
# input is not a hang; docs/fuzzing.md).
#
# Needs a built asan preset (cmake --preset asan && cmake --build build-asan).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${MG_BUILD_DIR:-$root/build-asan}
runs=${MG_FUZZ_RUNS:-10000000}
extra_flags=()
[[ -n "${MG_FUZZ_TIMEOUT:-}" ]] && extra_flags+=("-timeout=$MG_FUZZ_TIMEOUT")
results="$root/tests/fuzz/results/long_run.md"
work_root="$build_dir/fuzz-long"

targets=("$@")
if ((${#targets[@]} == 0)); then
  for binary in "$build_dir"/tests/fuzz/*_fuzz; do targets+=("$(basename "$binary")"); done
fi

mkdir -p "$(dirname "$results")" "$work_root"
if [[ ! -f "$results" ]]; then
  cat >"$results" <<EOF
# Long fuzz run: measured figures

Written by \`tests/fuzz/long_run.sh\` (one row per finished target, appended as it
finishes); each row comes from the libFuzzer log of that run. Command per target:
\`nice -n 10 tests/fuzz/run_target.sh build-asan <target> build-asan/fuzz-long/<target> -runs=N\`
(ASan + UBSan + libFuzzer, clang 14, one process, 2 shared cores).

| target | executions | wall time | exec/s | corpus (inputs) | cov | ft | peak RSS | result | finished (UTC) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |
EOF
fi

# A figure from the last libFuzzer status line ("#N DONE cov: 1 ft: 2 corp: 3/4b ...").
status_field() { grep -E '^#[0-9]+' "$1" | tail -n 1 | grep -oE "$2: [0-9]+" | awk '{print $2}'; }

for target in "${targets[@]}"; do
  work="$work_root/$target"
  mkdir -p "$work"
  echo "long_run: $target, $runs executions ($(date -u +%H:%M:%S))"
  start=$(date +%s)
  # `nice` orders processes within one scheduler autogroup only: with the
  # kernel's autogroups (sched_autogroup_enabled) a run started from its own
  # session still takes a whole core beside a build, nice or not (measured: a
  # CI build ran at half speed beside a nice-19 webhook_fuzz). So the run gets
  # a session of its own whose group is set to nice 19, where allowed.
  # A stop of this script (Ctrl-C, kill) stops the run in that session too.
  setsid bash -c 'echo 19 >/proc/self/autogroup 2>/dev/null; exec nice -n 10 "$@"' _ \
    "$root/tests/fuzz/run_target.sh" "$build_dir" "$target" "$work" -runs="$runs" "${extra_flags[@]}" &
  fuzz_session=$!
  trap 'kill -TERM -- "-$fuzz_session" 2>/dev/null; exit 130' INT TERM
  wait "$fuzz_session"
  status=$?
  trap - INT TERM
  seconds=$(($(date +%s) - start))
  log="$work/$target.log"
  executions=$(grep -oE 'stat::number_of_executed_units: +[0-9]+' "$log" | awk '{print $2}')
  rate=$(grep -oE 'stat::average_exec_per_sec: +[0-9]+' "$log" | awk '{print $2}')
  rss=$(grep -oE 'stat::peak_rss_mb: +[0-9]+' "$log" | awk '{print $2}')
  if ((status == 0)); then
    result="no crash, leak or sanitizer report"
  else
    result="FAILED (exit $status): $(find "$work/artifacts" -type f -printf '%f ')"
  fi
  printf '| %s | %s | %dm%02ds | %s | %s | %s | %s | %s MB | %s | %s |\n' \
    "$target" "${executions:-?}" $((seconds / 60)) $((seconds % 60)) "${rate:-?}" \
    "$(status_field "$log" corp)" "$(status_field "$log" cov)" "$(status_field "$log" ft)" "${rss:-?}" \
    "$result" "$(date -u '+%Y-%m-%d %H:%M')" >>"$results"
  echo "long_run: $target done in ${seconds}s: $result"
done
