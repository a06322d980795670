#!/usr/bin/env bash
# Cold start, binary size and peak RSS of the example API (`examples/hello`) side by side with a
# `lambda_runtime`-only echo function (`tests/perf/src/bin/echo.rs`), the reference, and with the same API written with `lambda_http` + axum
# (`tests/perf/lambda_http_axum`), in one interleaved run.
#
#   bash tests/perf/coldstart.sh [NAME=BINARY ...]
#
# All are built with the workspace's `lambda` profile (release, `lto = true`,
# `codegen-units = 1`, `strip = true`, unwinding kept), each by its own `cargo build`, so that
# none gets features only another needs. Then:
# - size: the stripped binary, and the binary zipped alone as `bootstrap` with `zip -9`;
# - exec -> first response: `runtime_stub.py` stands in for the Lambda Runtime API on 127.0.0.1
#   (one event, EVENT, on `GET /2018-06-01/runtime/invocation/next`), starts each binary with the
#   clock started right before `execve`, and stops it when the binary's POST of the response has
#   arrived; RUNS rounds (after WARMUP unrecorded ones), the binaries taking turns, the order
#   rotated every round;
# - peak RSS at first response: VmHWM from /proc/<pid>/status, read by the stub when the POST of
#   the response arrives, before it answers (the binary is waiting for that answer), split into
#   anonymous memory and file-backed pages (the binary's and libc's code that was touched), with
#   the number of minor page faults until then.
# Extra NAME=BINARY arguments (other builds to compare) join the interleaved runs.
#
# Settings (environment): RUNS (100), WARMUP (2), EVENT (tests/fixtures/perf/hello.json; with
# it, each response is checked: `Howdy, me!` from hello and lambda_http_axum, the event's path
# from echo),
# TIMEOUT (seconds per run, 10), CARGO_TARGET_DIR (default `target`), CARGO_JOBS (2).
# Writes the Markdown table to stdout and the raw figures to $OUT (target/coldstart.json).
# Only 127.0.0.1 is used; everything started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-100}
WARMUP=${WARMUP:-2}
EVENT=${EVENT:-tests/fixtures/perf/hello.json}
TIMEOUT=${TIMEOUT:-10}
JOBS=${CARGO_JOBS:-2}
TARGET=${CARGO_TARGET_DIR:-target}
OUT=${OUT:-$TARGET/coldstart.json}
BIN=$TARGET/lambda

if ! command -v zip >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq zip >/dev/null
fi

work=$(mktemp -d)
driver=
cleanup() {
    if [ -n "$driver" ]; then
        kill "$driver" 2>/dev/null || true
        wait "$driver" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== building hello, echo and lambda_http_axum with the lambda profile" >&2
timeout 1800 cargo build -q -j"$JOBS" --profile lambda -p hello
timeout 1800 cargo build -q -j"$JOBS" --profile lambda -p gatewright-perf --bin echo
timeout 1800 cargo build -q -j"$JOBS" --profile lambda -p gatewright-perf-lambda-http-axum

zipped() { # zipped BINARY: bytes of BINARY zipped alone as `bootstrap`, as Lambda takes it
    rm -f "$work/bootstrap" "$work/f.zip"
    cp "$1" "$work/bootstrap"
    (cd "$work" && zip -9 -q f.zip bootstrap)
    stat -c %s "$work/f.zip"
}
# NAME=BINARY of every binary compared, and each one's stripped and zipped size.
binaries=("hello=$BIN/hello" "echo=$BIN/echo" "lambda_http_axum=$BIN/lambda_http_axum" "$@")
sizes=()
for binary in "${binaries[@]}"; do
    sizes+=("${binary%%=*}=$(stat -c %s "${binary#*=}"),$(zipped "${binary#*=}")")
done

checks=()
if [ "$EVENT" = tests/fixtures/perf/hello.json ]; then
    checks=(--expect 'hello=Howdy, me!' --expect 'echo="path":"/hello/me"'
        --expect 'lambda_http_axum=Howdy, me!')
fi
echo "== $RUNS interleaved cold starts of each (plus $WARMUP warm-up rounds)" >&2
mkdir -p "$(dirname "$OUT")"
timeout $((60 + (RUNS + WARMUP) * ${#binaries[@]} * (TIMEOUT + 1))) \
    python3 tests/perf/runtime_stub.py --event "$EVENT" --runs "$RUNS" --warmup "$WARMUP" \
    --timeout "$TIMEOUT" "${checks[@]}" \
    "${binaries[@]}" >"$OUT" 2>"$work/runs.log" &
driver=$!
if ! wait "$driver"; then
    driver=
    cat "$work/runs.log" >&2
    echo "error: the cold-start runs failed" >&2
    exit 1
fi
driver=

python3 - "$OUT" "${sizes[@]}" <<'EOF'
import json, os, platform, subprocess, sys

runs = json.load(open(sys.argv[1]))
sizes = {}
for arg in sys.argv[2:]:
    name, _, pair = arg.partition("=")
    sizes[name] = tuple(map(int, pair.split(",")))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
print(f"Machine: {os.cpu_count()} cores, {cpu}, Linux {platform.release()}; {rustc}; "
      f"load average at the end {os.getloadavg()[0]:.2f}.\n")
others = [name for name in runs if name not in ("hello", "echo")]
head = "| figure | gatewright `hello` | `lambda_runtime` echo | hello / echo |"
print(head + "".join(f" `{o}` | `{o}` / echo |" for o in others))
print("|---|---|---|---|" + "---|---|" * len(others))
mb = lambda b: f"{b / 1e6:.3f} MB"
for label, index in (("stripped binary", 0), ("zipped (`zip -9`)", 1)):
    size = lambda name: sizes[name][index]
    line = f"| {label} | {mb(size('hello'))} | {mb(size('echo'))} | **{size('hello') / size('echo'):.2f}×** |"
    print(line + "".join(f" {mb(size(o))} | {size(o) / size('echo'):.2f}× |" for o in others))
rows = [("exec → first response", "ms", lambda v: f"{v:.2f} ms"),
        ("peak RSS (VmHWM) at first response", "VmHWM", lambda v: f"{v / 1024:.2f} MiB"),
        ("of which anonymous (RssAnon)", "RssAnon", lambda v: f"{v / 1024:.2f} MiB"),
        ("of which file-backed (RssFile)", "RssFile", lambda v: f"{v / 1024:.2f} MiB"),
        ("minor page faults until then", "minflt", lambda v: f"{v:.0f}")]
for label, key, fmt in rows:
    def cell(name):
        s = runs[name][key]
        return f"{fmt(s['median'])} ({fmt(s['min'])}–{fmt(s['max'])})"
    ratio = lambda name: runs[name][key]["median"] / runs["echo"][key]["median"]
    line = f"| {label}, median (min–max) | {cell('hello')} | {cell('echo')} | **{ratio('hello'):.2f}×** |"
    print(line + "".join(f" {cell(o)} | {ratio(o):.2f}× |" for o in others))
n = len(runs["hello"]["ms"]["values"])
print(f"\n{n} runs of each, interleaved; ratios are of the medians.")
# Each round runs every binary back to back, so the per-round difference cancels most of the
# machine's drift: its median is the steadier figure for the time.
import statistics
for name in ["hello"] + others:
    diffs = [a - b for a, b in zip(runs[name]["ms"]["values"], runs["echo"]["ms"]["values"])]
    ratios = [a / b for a, b in zip(runs[name]["ms"]["values"], runs["echo"]["ms"]["values"])]
    faster = sum(d < 0 for d in diffs)
    print(f"`{name}` − echo, paired by round: median {statistics.median(diffs):+.2f} ms, "
          f"median ratio {statistics.median(ratios):.2f}×; faster than echo in {faster} of {n} rounds.")
EOF
