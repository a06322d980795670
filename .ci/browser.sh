#!/usr/bin/env bash
# CI: the notes example's CORS in a real browser (headless Chromium), not only in curl.
#
# 1. tests/browser/serve.py serves tests/browser/ on one port: the page's origin.
# 2. The notes binary runs on another port with NOTES_CORS_ORIGINS set to that origin.
# 3. tests/browser/cors.html?api=<the API> POSTs a note, reads the exposed `location`, PUTs
#    the note and GETs it, all preflighted (`Authorization`, a JSON body, PUT), and POSTs its
#    report back to its own origin (`/result`, written to a file) as `key: value` lines.
# 4. The same page against the binary restarted without NOTES_CORS_ORIGINS: the browser must
#    block the first call (`TypeError: Failed to fetch`), so no POST ever reaches the API.
#
# Everything listens on 127.0.0.1 only. Prints `browser: N passed, M failed` last and exits
# non-zero on any failure, with the servers' and the browser's logs.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

passed=0
failed=0
work=$(mktemp -d)
pids=()
cleanup() {
    status=$?
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
        for log in page notes-allowed notes-blocked chromium; do
            if [ -s "$work/$log.log" ]; then
                echo "--- $log log (last 30 lines, D-Bus noise left out)"
                { grep -v -e "dbus/" -e "unexpected operator" "$work/$log.log" || true; } | tail -n 30
            fi
        done
        # A setup step that stopped the script counts as a failure.
        if [ "$failed" -eq 0 ]; then
            failed=1
        fi
        status=1
    fi
    rm -rf "$work"
    echo "browser: took $((SECONDS - started))s"
    echo "browser: $passed passed, $failed failed"
    exit "$status"
}
trap cleanup EXIT

echo "== the notes API called from another origin in headless Chromium (CORS)"

# --- tools and the binary
if [ ! -x /usr/bin/chromium ]; then
    timeout 300 apt-get update -qq && timeout 900 apt-get install -y -qq chromium >/dev/null
fi
timeout 900 cargo build -q -j2 -p notes

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_for() { # wait_for PORT NAME: until something listens on 127.0.0.1:PORT, at most 10s
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "FAILED: $2 is not listening on 127.0.0.1:$1"
    exit 1
}
check() { # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAILED $1: expected [$2], got [$3]"
    fi
}

# --- the page's origin
page_port=$(free_port)
timeout 600 python3 tests/browser/serve.py "$page_port" "$work/result" >"$work/page.log" 2>&1 &
pids+=($!)
wait_for "$page_port" "the page server"
origin="http://127.0.0.1:$page_port"

# start_notes NAME ORIGINS: a new notes binary allowing ORIGINS; its port in $api_port.
start_notes() {
    api_port=$(free_port)
    PORT=$api_port NOTES_CORS_ORIGINS=$2 timeout 600 ./target/debug/notes >"$work/notes-$1.log" 2>&1 &
    notes=$!
    pids+=("$notes")
    wait_for "$api_port" "the notes binary"
}
stop_notes() {
    kill "$notes" 2>/dev/null || true
    wait "$notes" 2>/dev/null || true
}
# open_page: the page against the API on $api_port in a fresh browser profile; waits at most
# 30s for its report in $work/result, then closes the browser.
open_page() {
    rm -f "$work/result"
    timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-quic \
        --user-data-dir="$(mktemp -d -p "$work")" \
        "$origin/cors.html?api=http://127.0.0.1:$api_port" >>"$work/chromium.log" 2>&1 &
    local browser=$!
    pids+=("$browser")
    for _ in $(seq 1 300); do
        [ -f "$work/result" ] && break
        sleep 0.1
    done
    kill "$browser" 2>/dev/null || true
    wait "$browser" 2>/dev/null || true
}
report() { # report KEY: that line of the page's report, without the key
    sed -n "s/^$1: //p" "$work/result" 2>/dev/null || echo "<no report>"
}
requests() { # requests NAME PATTERN: how many requests of the API's log match
    grep -c -- "$2" "$work/notes-$1.log" || true
}

# --- CORS allows the page's origin: every call works, and the page reads `location`
start_notes allowed "$origin"
open_page
note='{"id":1,"owner":"dev","text":"edited in a browser"}'
check "allowed: POST, location exposed" "201 /v1/notes/1" "$(report created)"
check "allowed: PUT echoes the new text" "200 $note" "$(report put)"
check "allowed: GET" "200 $note" "$(report get)"
check "allowed: no error" "" "$(report error)"
# The browser asked first: one preflight for the POST, one for the PUT (reused by the GET).
check "allowed: preflights" 2 "$(requests allowed ' OPTIONS /v1/notes')"
stop_notes

# --- no allowed origins: the browser blocks the page at the first preflight
start_notes blocked ""
open_page
check "blocked: fetch rejected" "TypeError: Failed to fetch" "$(report error)"
check "blocked: nothing created" "" "$(report created)"
check "blocked: the preflight was sent" 1 "$(requests blocked ' OPTIONS /v1/notes')"
check "blocked: no POST reached the API" 0 "$(requests blocked ' POST /v1/notes')"
stop_notes

[ "$failed" -eq 0 ]
