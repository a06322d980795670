#!/usr/bin/env bash
# Instructions per event (and per route lookup) for every implementation, counted by callgrind:
# each case runs N and 2N times in `benches/one.rs`; the difference divided by N leaves out the
# setup and the checks. Deterministic, so unlike times it can be compared across runs and
# machines. Takes a few minutes. Usage, from the workspace root: tests/perf/callgrind.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-500}
command -v valgrind >/dev/null || { echo "error: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
bin=$(cargo bench -p gatewright-perf -j2 --bench one --no-run 2>&1 | grep -o '[^ (]*/deps/one-[0-9a-f]*' | tail -1)
[ -x "$bin" ] || { echo "error: could not build benches/one.rs" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

count() { # count IMPL CASE TIMES -> total instructions
    valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$bin" "$1" "$2" "$3" >/dev/null 2>"$out/err" \
        || { cat "$out/err" >&2; exit 1; }
    awk '/^(summary|totals):/ { print $2; exit }' "$out/cg"
}
per() { # per IMPL CASE DIVISOR -> instructions per iteration / DIVISOR
    local a b
    a=$(count "$1" "$2" "$n")
    b=$(count "$1" "$2" $((2 * n)))
    echo $(((b - a) / n / $3))
}

echo "| event | gatewright | lambda_http+axum | lambda_runtime+hand | gatewright / lambda_http+axum | gatewright / hand |"
echo "|---|---|---|---|---|---|"
for case in hello.json hello_mv.json users.json proxy.json; do
    gw=$(per gatewright "$case" 1)
    lh=$(per lambda_http+axum "$case" 1)
    hand=$(per lambda_runtime+hand "$case" 1)
    awk -v c="$case" -v g="$gw" -v l="$lh" -v h="$hand" \
        'BEGIN { printf "| `%s` | %d | %d | %d | %.2f | %.2f |\n", c, g, l, h, g / l, g / h }'
done
echo
echo "| \`hello.json\` through gatewright with | instructions | added |"
echo "|---|---|---|"
plain=$(per gatewright hello.json 1)
echo "| nothing | $plain | — |"
for layer in middleware cors; do
    with=$(per "gatewright+$layer" hello.json 1)
    echo "| $layer | $with | $((with - plain)) |"
done
echo
echo "| router | instructions per lookup (130 routes) | gatewright / router |"
echo "|---|---|---|"
gw=$(per gatewright routes 130)
for router in gatewright matchit matchit-as-is; do
    r=$([ "$router" = gatewright ] && echo "$gw" || per "$router" routes 130)
    awk -v n="$router" -v g="$gw" -v r="$r" \
        'BEGIN { printf "| %s | %d | %s |\n", n, r, (n == "gatewright" ? "—" : sprintf("%.2f", g / r)) }'
done
