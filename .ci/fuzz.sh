#!/usr/bin/env bash
# CI: the fuzz targets of fuzz/ (cargo-fuzz, libFuzzer), each for a bounded time.
#
#   event         any bytes served by an API with every kind of route and layer, and read
#                 through every request accessor: never a panic, always a JSON proxy answer
#   mutate        the events of tests/fixtures edited (escaped and repeated keys, splices,
#                 deeper nesting, other literals), the same checks
#   differential  gatewright's reader against serde_json's: the same events accepted, the
#                 same values read (a repeated key keeps its last value)
#
# Needs the nightly toolchain; where it is missing this says so and exits 0. Installs
# cargo-fuzz (pinned) when missing. The build is bounded on its own; the runs take
# $FUZZ_SECONDS (default 100) in all, shared among the targets. The corpora start from the
# events of tests/fixtures and of any folders given as arguments (fuzz/seed.sh).
#
#   bash .ci/fuzz.sh [FOLDER...]
#
# Prints `fuzz: N passed, M failed` last (one per target) and exits non-zero when a target
# finds a crash, after printing its message and the input that caused it.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
cargo_fuzz_version=0.13.2
targets=(event mutate differential)
total=${FUZZ_SECONDS:-100}

echo "== fuzzing (cargo fuzz, nightly)"
if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz: skipped: the nightly toolchain, which cargo-fuzz needs, is not installed (\`cargo +nightly\` fails)"
    exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    timeout 900 cargo install -q --locked --version "$cargo_fuzz_version" cargo-fuzz -j2
fi
installed=$(cargo fuzz --version)
case "$installed" in
    "cargo-fuzz $cargo_fuzz_version") ;;
    *) echo "note: $installed, but these runs were written against $cargo_fuzz_version" ;;
esac

bash fuzz/seed.sh "$@"

# gatewright has no unsafe code: no sanitizer, for two to three times the runs. Debug
# assertions and overflow checks stay on (cargo fuzz's default).
build_started=$SECONDS
CARGO_BUILD_JOBS=2 timeout 1200 cargo +nightly fuzz build -s none
echo "fuzz: the build took $((SECONDS - build_started))s"

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
per_target=$((total / ${#targets[@]}))
for target in "${targets[@]}"; do
    rm -rf "fuzz/artifacts/$target"
    run_started=$SECONDS
    # -timeout: an input that takes over 10 s is a failure (a hang), not a slow pass.
    if timeout $((per_target + 60)) cargo +nightly fuzz run -s none "$target" -- \
        -max_total_time="$per_target" -timeout=10 -print_final_stats=1 >"$log" 2>&1; then
        passed=$((passed + 1))
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz: $target passed: ${runs:-?} inputs in $((SECONDS - run_started))s"
    else
        failed=$((failed + 1))
        echo "FAILED fuzz $target after $((SECONDS - run_started))s:"
        if grep -a -q 'panicked at' "$log"; then
            # The panic's message, up to its backtrace or the event it shows (the input follows).
            awk '/panicked at/ { on = 1 } /^(stack backtrace:|note: run with|event: )/ { on = 0 } on' "$log" |
                head -n 60
        else
            # A hang, running out of memory, a signal: libFuzzer's own report.
            grep -a -e 'ERROR: libFuzzer' -e '^SUMMARY' -e 'deadly signal' -e 'timeout' "$log" | head -n 20
            tail -n 20 "$log"
        fi
        for input in "fuzz/artifacts/$target"/*; do
            [ -f "$input" ] || continue
            echo "--- the input ($input, $(wc -c <"$input") bytes; reproduce with \`cargo +nightly fuzz run -s none $target $input\`):"
            head -c 2000 "$input" | cat -v
            echo
        done
    fi
done

echo "fuzz: took $((SECONDS - started))s"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
