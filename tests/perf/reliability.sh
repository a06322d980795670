#!/usr/bin/env bash
# Reliability of the example API's release binary (`examples/hello`), in three parts, on
# 127.0.0.1 only, each bounded in time and count; results in `RELIABILITY.md`.
#
#   bash tests/perf/reliability.sh            # all three, about 3 minutes after the builds
#   PARTS="faults" bash tests/perf/reliability.sh
#
# 1. soak (`soak_stub.py`): the release `hello` serves INVOCATIONS invocations (100,000) from a
#    stand-in for the Runtime API, cycling through the events of `tests/fixtures/perf/*.json`
#    and three bad ones (not JSON, no HTTP source, `/users/abc`); every response must be a JSON
#    proxy response with the expected status; VmRSS at 1, 1k, 10k, 50k and 100k invocations;
#    the same process must still be running at the end.
# 2. faults (`fault_stub.py`): a stand-in that misbehaves in one way per row (`/next` not JSON,
#    truncated, cut short, closed, slow, 500; `/response` 500 or closed; a handler that panics;
#    init errors of `hello` and `examples/notes`), and what the binary did about it.
# 3. load (`load.py`, `routes.lua`): `hello` as a local HTTP server (release, `local` feature)
#    and the same five routes on axum 0.8 (`src/bin/axum_hello.rs`), loaded by `wrk --latency`
#    in turns: RUNS runs (3) of RUN_SECONDS (10) each, THREADS (2) threads, CONNECTIONS (16)
#    connections.
#
# Settings (environment): PARTS ("soak faults load"), INVOCATIONS, RUNS, RUN_SECONDS, THREADS,
# CONNECTIONS, CARGO_TARGET_DIR (default `target`), CARGO_JOBS (2). Writes Markdown to stdout,
# progress and the drivers' own output to stderr, raw figures to $TARGET/reliability/.
# Everything started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

PARTS=${PARTS:-soak faults load}
INVOCATIONS=${INVOCATIONS:-100000}
RUNS=${RUNS:-3}
RUN_SECONDS=${RUN_SECONDS:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
JOBS=${CARGO_JOBS:-2}
TARGET=${CARGO_TARGET_DIR:-target}
OUT=$TARGET/reliability
mkdir -p "$OUT"

work=$(mktemp -d)
driver=
cleanup() {
    if [ -n "$driver" ]; then
        kill "$driver" 2>/dev/null || true # the drivers stop their binaries on SIGTERM
        wait "$driver" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# run SECONDS COMMAND...: runs a driver in the background, so that the trap can stop it.
run() {
    local limit=$1
    shift
    timeout "$limit" "$@" &
    driver=$!
    local status=0
    wait "$driver" || status=$?
    driver=
    return "$status"
}

has() { [[ " $PARTS " == *" $1 "* ]]; }

# Each build is copied out of the target directory at once: `hello` with and without the
# `local` feature is the same file there. The plain release build is made last, so it is the
# one left in target/release.
echo "== building (release, -j$JOBS)" >&2
if has load; then
    timeout 1800 cargo build -q -j"$JOBS" --release -p hello --features local
    cp "$TARGET/release/hello" "$work/hello-local"
fi
if has faults || has load; then
    timeout 1800 cargo build -q -j"$JOBS" --release -p gatewright-perf --features reliability \
        --bin panicking --bin axum_hello
    cp "$TARGET/release/panicking" "$TARGET/release/axum_hello" "$work/"
fi
if has faults; then
    timeout 1800 cargo build -q -j"$JOBS" --release -p notes
    cp "$TARGET/release/notes" "$work/notes"
fi
timeout 1800 cargo build -q -j"$JOBS" --release -p hello
cp "$TARGET/release/hello" "$work/hello"

commit=$(git rev-parse --short HEAD)
if ! git diff --quiet HEAD -- runtime macros examples tests/perf 2>/dev/null; then
    commit="$commit (with uncommitted changes)"
fi
python3 - "$commit" <<'EOF'
import os, platform, subprocess, sys
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
print(f"Machine: {os.cpu_count()} cores (`nproc`), {cpu}, {mem / 2**20:.1f} GiB, Linux "
      f"{platform.release()}; {rustc}; gatewright at `{sys.argv[1]}`; load average at the "
      f"start {os.getloadavg()[0]:.2f}.\n")
EOF

if has soak; then
    echo "== soak: $INVOCATIONS invocations" >&2
    mkdir -p "$work/soak"
    status=0
    run 1200 python3 tests/perf/soak_stub.py --invocations "$INVOCATIONS" \
        --samples "1,1000,10000,50000,100000,$INVOCATIONS" --timeout 1100 --log-dir "$work/soak" \
        "$work/hello" >"$OUT/soak.json" || status=$?
    python3 - "$OUT/soak.json" "$status" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
n = s["invocations"]
print(f"### Soak\n\n`hello` (release) served {n:,} invocations in {s['seconds']:.1f} s: "
      f"**{s['per_second']:,.0f} invocations/s** through the stub, {s['failures']} failed the check; "
      f"same process at the end: **{'yes' if s['same_process_at_end'] else 'no'}**.")
if s["binary_cpu_seconds"] is not None:
    print(f"CPU: the binary {s['binary_cpu_seconds']:.2f} s ({s['binary_cpu_seconds'] / n * 1e6:.0f} µs "
          f"per invocation), the Python stub {s['stub_cpu_seconds']:.2f} s "
          f"({s['stub_cpu_seconds'] / n * 1e6:.0f} µs).")
print(f"Events, in turn: {', '.join('`' + e + '`' for e in s['events'])}.\n")
print("| after invocation | VmRSS | VmHWM (peak) |")
print("|---|---|---|")
for k, v in s["rss"].items():
    print(f"| {int(k):,} | {v['VmRSS']:,} KiB | {v['VmHWM']:,} KiB |")
for example in s["failure_examples"]:
    print(f"\nfailure: {example}")
if sys.argv[2] != "0":
    print(f"\n**The soak failed** (driver exit status {sys.argv[2]}).")
print()
EOF
fi

if has faults; then
    echo "== faults" >&2
    echo "### Runtime API faults"
    echo
    run 600 python3 tests/perf/fault_stub.py --hello "$work/hello" --panicking "$work/panicking" \
        --notes "$work/notes" --json "$OUT/faults.json" || echo "**The fault table did not finish.**"
    echo
fi

if has load; then
    if ! command -v wrk >/dev/null 2>&1; then
        apt-get update -qq && apt-get install -y -qq wrk >/dev/null
    fi
    echo "== load: $RUNS runs of ${RUN_SECONDS} s each" >&2
    echo "### Local load"
    echo
    run $((120 + 2 * RUNS * (RUN_SECONDS + 30))) python3 tests/perf/load.py --runs "$RUNS" \
        --seconds "$RUN_SECONDS" --threads "$THREADS" --connections "$CONNECTIONS" \
        "hello=$work/hello-local" "axum=$work/axum_hello" || echo "**The load runs failed.**"
    echo
fi
