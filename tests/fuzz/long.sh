#!/usr/bin/env bash
# Open-ended fuzzing: runs every libFuzzer harness in turn, in slices, for HOURS in all, and
# keeps what it learns between runs.
# Usage: tests/fuzz/long.sh HOURS        (e.g. 8, or 0.5)
#   FUZZERS="fuzz_mail fuzz_diff"        a subset (default: every harness)
#   FUZZ_SLICE=SECONDS                   one turn of one harness (default: 1/6 of the time,
#                                        at most an hour)
#   FUZZ_HOME=DIR                        where corpora and crashes live (default below)
# Kept outside the repository, so a clean checkout or `rm -rf build-fuzz` loses nothing:
#   ${FUZZ_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/patchflow-fuzz}/corpus/<fuzzer>/   inputs that
#       reached new code (libFuzzer adds to it; the next run starts from it)
#   .../crashes/<fuzzer>/   failing inputs (crash-*, timeout-*, oom-*, leak-*): fix the bug, add
#       a unit test, copy the input into tests/fuzz/regressions/<fuzzer>/
#   .../logs/<fuzzer>.<round>.log   libFuzzer's output of each turn
# Prints, per harness, the inputs run without a failure and the failures; exit 1 if any failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
hours=${1:?usage: tests/fuzz/long.sh HOURS}
total=$(awk -v h="$hours" 'BEGIN { s = int(h * 3600); if (s < 1) exit 1; print s }') ||
  { echo "long.sh: HOURS must be a positive number, not '$hours'" >&2; exit 2; }
# shellcheck source=tests/fuzz/common.sh
. tests/fuzz/common.sh
home=${FUZZ_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/patchflow-fuzz}
fuzz_build
fuzz_seeds
# shellcheck disable=SC2206  # $fuzzers is a list of names
names=($fuzzers)
slice=${FUZZ_SLICE:-$(( total / ${#names[@]} < 3600 ? total / ${#names[@]} : 3600 ))}
[ "$slice" -ge 1 ] || slice=1
echo "fuzz: ${#names[@]} harnesses, ${total}s in ${slice}s turns; corpora and crashes in $home"
declare -A ran failed
for name in "${names[@]}"; do
  ran[$name]=0 failed[$name]=0
  mkdir -p "$home/corpus/$name" "$home/crashes/$name" "$home/logs"
done
deadline=$(( $(date +%s) + total ))
round=0
while [ "$(date +%s)" -lt "$deadline" ]; do
  round=$((round + 1))
  for name in "${names[@]}"; do
    left=$(( deadline - $(date +%s) ))
    [ "$left" -gt 0 ] || break
    turn=$(( left < slice ? left : slice ))
    log=$home/logs/$name.$round.log
    regressions=tests/fuzz/regressions/$name
    mkdir -p "$regressions"
    # new inputs go to the first directory, the kept corpus; seeds and regressions are read only
    if "build-fuzz/tests/fuzz/$name" -max_total_time="$turn" "${fuzz_options[@]}" \
        "$(fuzz_harness_options "$name")" -artifact_prefix="$home/crashes/$name/" \
        "$home/corpus/$name" "$(fuzz_seed_dir "$name")" \
        "$regressions" >"$log" 2>&1; then
      ok=1
    else
      ok=0
    fi
    units=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ "$ok" -eq 1 ]; then
      ran[$name]=$(( ${ran[$name]} + ${units:-0} ))
    else
      # the failing input is in crashes/; the inputs before it ran clean ("#N" is the last count)
      before=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
      ran[$name]=$(( ${ran[$name]} + ${units:-${before:-0}} ))
      failed[$name]=$(( ${failed[$name]} + 1 ))
      echo "FAILED: $name in round $round (log $log, input in $home/crashes/$name/)"
      grep -E "^==[0-9]+==ERROR|^SUMMARY|deadly signal|Timeout|out-of-memory" "$log" | head -3 || true
    fi
  done
done
status=0
printf '%-18s %14s %9s %8s\n' harness inputs-clean failures corpus
for name in "${names[@]}"; do
  printf '%-18s %14d %9d %8d\n' "$name" "${ran[$name]}" "${failed[$name]}" \
    "$(find "$home/corpus/$name" -type f | wc -l)"
  [ "${failed[$name]}" -eq 0 ] || status=1
done
exit $status
