#!/usr/bin/env bash
# Build cost of an API of 10, 130 and 1,000 routes: gatewright vs axum 0.8.
#
# For each size in SIZES, generates, in a temporary directory outside the workspace, two
# standalone binary crates with the same structure from tests/perf/github-routes.txt
# (normalized as tests/perf/src/table.rs does: a parameter glued to a literal gets its own
# segment, no trailing `/`): its first N routes, and past its 130 the table again under
# `/v2`, `/v3`, ... (GitHub-like routes, no two of the same shape):
#   - gatewright: one `#[gatewright::route(GET, "...")] pub async fn hN(p1: String, ..) -> String`
#     per route, `format!("hN v0 {p1} ..")` as its body, in 20 modules (fewer when N < 20),
#     collected by `gatewright::main!(..)` in main.rs (no `recursion_limit` attribute);
#   - axum: the same handlers with `Path<(String, ..)>` extraction, a `Router` with
#     `.route("/x/{p1}", get(mK::hN))` per route, served on a tokio `TcpListener` (never run).
# Each crate has its own CARGO_TARGET_DIR and its dependencies prebuilt (debug, release, check).
# Then, for debug and release, each measurement REPS times (default 3), gatewright and axum
# interleaved:
#   clean   `cargo clean -p <crate>` then `cargo build`: the crate alone, dependencies built;
#   edit    one string literal changed in one handler (module m10), then `cargo build`;
#   check   `cargo check` (untimed, so its incremental cache is warm in debug), another such
#           edit, then `cargo check` (timed). `--release` for release: not incremental.
# Prints a Markdown table per size: median (min–max) in seconds per crate, and gatewright/axum
# of the medians. Wall-clock times by default; on a shared machine only the ratios mean much,
# and CLOCK=cpu (user + system time of cargo and the compilers it runs) is steadier there.
#
# Usage: tests/perf/buildcost.sh            (SIZES="10 130 1000" REPS=3 JOBS=2 by default;
#                                            ~30 min on 2 cores; REPS=1 for a quick look)
#        SIZES=130 REPS=5 KEEP=1 tests/perf/buildcost.sh   (KEEP=1: leave the generated crates)
#        SIZES=1000 KEEP=1 GENERATE_ONLY=1 tests/perf/buildcost.sh   (write the crates, print
#                                            where, stop)
#        SIZES=1000 PROFILES=debug tests/perf/buildcost.sh   (debug builds and checks only)
#        WORK=<the directory a KEEP=1 run printed> tests/perf/buildcost.sh   (reuse a KEEP=1 run's
#                                            directory and its built dependencies)
#        SIZES="130 1000" PROFILES=debug KINDS=check CLOCK=cpu tests/perf/buildcost.sh
#                                           (the edit loop alone, in CPU seconds)
#        SIZES=1000 PROFILES=debug KINDS=check CLOCK=instructions tests/perf/buildcost.sh
#                                           (the edit loop in instructions that rustc executes,
#                                           counted by callgrind for the crate itself: the same
#                                           count run after run, whatever else the machine
#                                           does; ~1 min per run at 1,000 routes)
#        OPT_MACROS=1 ...                   (the gatewright crate with gatewright-macros, syn,
#                                           quote and proc-macro2 built with opt-level 3, as
#                                           README suggests for large APIs; axum unchanged)
set -euo pipefail

SIZES=${SIZES:-10 130 1000}
# PROFILES=debug leaves out release builds (axum's release build of 1,000 routes takes many
# minutes).
PROFILES=${PROFILES:-debug release}
REPS=${REPS:-3}
# KINDS: which of the measurements below to take (`check` alone for the edit loop).
KINDS=${KINDS:-clean edit check}
# CLOCK=cpu: user + system CPU seconds of cargo and what it runs, to the millisecond (bash's
# `times`), instead of wall-clock. (GNU time prints hundredths: a check of 0.1 s would be read
# to within 5%.)
CLOCK=${CLOCK:-wall}
# CLOCK=instructions: rustc's instructions for the checked crate, counted by callgrind (needs
# valgrind); the edit loop only, as counting a build with code generation takes many minutes.
if [[ $CLOCK == instructions ]]; then
    if ! command -v valgrind >/dev/null; then
        echo "error: CLOCK=instructions needs valgrind (apt-get install valgrind)" >&2
        exit 1
    fi
    if [[ $KINDS != check || $PROFILES != debug ]]; then
        echo "error: CLOCK=instructions counts the edit loop only: KINDS=check PROFILES=debug" >&2
        exit 1
    fi
fi
UNIT=s
if [[ $CLOCK == instructions ]]; then
    UNIT="G instructions"
fi
JOBS=${JOBS:-2}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TABLE=$ROOT/tests/perf/github-routes.txt
# WORK=DIR reuses the directory of an earlier KEEP=1 run, its dependencies already built.
if [[ -n ${WORK:-} ]]; then
    KEEP=1
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/gatewright-buildcost.XXXXXX")
fi
if [[ -z ${KEEP:-} ]]; then
    trap 'rm -rf "$WORK"' EXIT
fi
# Whether the first size's first builds include the dependencies.
FRESH=1
if [[ -d $WORK/target-gatewright ]]; then
    FRESH=
fi
# Defaults only: no wrapper, no extra flags, cargo's own incremental settings per profile.
unset CARGO_TARGET_DIR CARGO_INCREMENTAL RUSTC_WRAPPER RUSTFLAGS CARGO_BUILD_RUSTFLAGS

# --- the route table --------------------------------------------------------------------------

# `route` as tests/perf/src/table.rs `normalize` writes it.
normalize() {
    local route=${1%/} out="" seg pre
    local -a segs=()
    IFS=/ read -ra segs <<<"${route#/}"
    for seg in "${segs[@]}"; do
        pre=${seg%%\{*}
        if [[ $seg == *'{'* && -n $pre ]]; then
            out+="/$pre/${seg:${#pre}}"
        else
            out+="/$seg"
        fi
    done
    echo "${out:-/}"
}

TABLE_ROUTES=()
while IFS= read -r line; do
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    [[ -z $line || $line == \#* ]] && continue
    TABLE_ROUTES+=("$(normalize "$line")")
done <"$TABLE"

# routes N: ROUTES = the first N routes, the table repeated under `/v2`, `/v3`, ... past its end.
routes() {
    local n=$1 i t=${#TABLE_ROUTES[@]}
    ROUTES=()
    for ((i = 0; i < n; i++)); do
        if ((i < t)); then
            ROUTES+=("${TABLE_ROUTES[i]}")
        else
            ROUTES+=("/v$((i / t + 1))${TABLE_ROUTES[i % t]}")
        fi
    done
}

# --- the two crates ---------------------------------------------------------------------------

# generate N: the two crates of N routes in $WORK/n$N.
generate() {
N=$1
routes "$N"
MODULES=$((N < 20 ? N : 20))
EDIT_MODULE=m$((MODULES / 2))
GW=$WORK/n$N/gatewright-buildcost
AX=$WORK/n$N/axum-buildcost
mkdir -p "$GW/src" "$AX/src"

cat >"$GW/Cargo.toml" <<EOF
[package]
name = "gatewright-buildcost"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
gatewright = { path = "$ROOT/runtime" }

[workspace]
EOF
if [[ -n ${OPT_MACROS:-} ]]; then
    # As README suggests for large APIs: gatewright's macros and the crates they parse and
    # write tokens with, optimized.
    for package in gatewright-macros syn quote proc-macro2; do
        printf '\n[profile.dev.package.%s]\nopt-level = 3\n' "$package" >>"$GW/Cargo.toml"
    done
fi
cat >"$AX/Cargo.toml" <<EOF
[package]
name = "axum-buildcost"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
axum = "0.8"
tokio = { version = "1", features = ["macros", "rt-multi-thread", "net"] }

[workspace]
EOF
# The workspace's versions (axum 0.8.9, tokio, ...), so both resolve as the benchmarks do.
cp "$ROOT/Cargo.lock" "$GW/Cargo.lock"
cp "$ROOT/Cargo.lock" "$AX/Cargo.lock"

gw_main=""
ax_main=""
gw_list=()
ax_routes=""
for ((m = 0; m < MODULES; m++)); do
    gw_main+="mod m$m;\n"
    ax_main+="mod m$m;\n"
    : >"$GW/src/m$m.rs"
    printf 'use axum::extract::Path;\n' >"$AX/src/m$m.rs"
done
for ((i = 0; i < N; i++)); do
    route=${ROUTES[i]}
    m=$((i * MODULES / N))
    mapfile -t params < <(grep -o '{p[0-9]*}' <<<"$route" | tr -d '{}' || true)
    template=${route//\{/<}
    template=${template//\}/>}
    body="h$i v0"
    gw_args=()
    for p in "${params[@]}"; do
        body+=" {$p}"
        gw_args+=("$p: String")
    done
    gw_sig=$(IFS=,; echo "${gw_args[*]}")
    gw_sig=${gw_sig//,/, }
    cat >>"$GW/src/m$m.rs" <<EOF

#[gatewright::route(GET, "$template")]
pub async fn h$i($gw_sig) -> String {
    format!("$body")
}
EOF
    if ((${#params[@]} == 0)); then
        ax_sig=""
    else
        pats=$(IFS=,; echo "${params[*]}")
        pats=${pats//,/, }
        tys=$(printf ', String%.0s' "${params[@]}")
        tys=${tys#, }
        # A one-element tuple needs its comma.
        if ((${#params[@]} == 1)); then pats+=","; tys+=","; fi
        ax_sig="Path(($pats)): Path<($tys)>"
    fi
    cat >>"$AX/src/m$m.rs" <<EOF

pub async fn h$i($ax_sig) -> String {
    format!("$body")
}
EOF
    gw_list+=("m$m::h$i")
    ax_routes+="        .route(\"$route\", get(m$m::h$i))\n"
done
{
    printf '%b' "$gw_main"
    printf '\ngatewright::main!(\n'
    printf '    %s,\n' "${gw_list[@]}"
    printf ');\n'
} >"$GW/src/main.rs"
{
    printf '%b' "$ax_main"
    printf '\nuse axum::{routing::get, Router};\n\n#[tokio::main]\nasync fn main() {\n'
    printf '    let app = Router::new()\n%b;\n' "${ax_routes%\\n}"
    printf '    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();\n'
    printf '    axum::serve(listener, app).await.unwrap();\n}\n'
} >"$AX/src/main.rs"
}

if [[ -n ${GENERATE_ONLY:-} ]]; then
    for size in $SIZES; do
        generate "$size"
    done
    echo "$WORK"
    exit 0
fi

# --- running cargo ----------------------------------------------------------------------------

# With CLOCK=instructions, every rustc goes through this wrapper (so that Cargo sees the same
# setup in every run), which runs it under callgrind when COUNT_OUT is set, for the crate
# named COUNT_CRATE only.
# cpu-time.sh OUT COMMAND...: runs COMMAND, writes the user and system time of it and its
# children, as bash's `times` prints them (milliseconds), to OUT, exits with its status.
CPU_TIMER=$WORK/cpu-time.sh
cat >"$CPU_TIMER" <<'EOF'
#!/usr/bin/env bash
out=$1
shift
"$@"
status=$?
times >"$out"
exit $status
EOF
chmod +x "$CPU_TIMER"
COUNTER=$WORK/count-rustc.sh
cat >"$COUNTER" <<'EOF'
#!/usr/bin/env bash
rustc=$1
shift
if [[ -n ${COUNT_OUT:-} && " $* " == *" --crate-name $COUNT_CRATE "* ]]; then
    exec valgrind -q --tool=callgrind --callgrind-out-file="$COUNT_OUT" -- "$rustc" "$@"
fi
exec "$rustc" "$@"
EOF
chmod +x "$COUNTER"

crate_dir() { if [[ $1 == gatewright ]]; then echo "$GW"; else echo "$AX"; fi; }
LAST=0
# run CRATE CARGO-ARGS...: cargo in CRATE's directory with its own target dir; LAST = seconds.
run() {
    local crate=$1 dir log start end
    shift
    dir=$(crate_dir "$crate")
    log=$WORK/$crate.log
    local -a timer=()
    if [[ $CLOCK == cpu ]]; then
        timer=("$CPU_TIMER" "$WORK/$crate.time")
    elif [[ $CLOCK == instructions ]]; then
        timer=(env RUSTC_WRAPPER="$COUNTER" COUNT_CRATE="${crate}_buildcost")
        rm -f "$WORK/$crate.callgrind"
        if [[ -n ${COUNT:-} ]]; then
            timer+=(COUNT_OUT="$WORK/$crate.callgrind")
        fi
    fi
    start=$EPOCHREALTIME
    if ! (cd "$dir" && CARGO_TARGET_DIR=$WORK/target-$crate "${timer[@]}" cargo "$@" >"$log" 2>&1); then
        echo "error: \`cargo $*\` failed for the $crate crate ($dir):" >&2
        cat "$log" >&2
        exit 1
    fi
    end=$EPOCHREALTIME
    if [[ $CLOCK == cpu ]]; then
        # The second line: the children's user and system time, such as `0m0.112s 0m0.031s`.
        LAST=$(awk 'NR == 2 {
            t = 0
            for (i = 1; i <= 2; i++) { split($i, p, "m"); sub(/s$/, "", p[2]); t += p[1] * 60 + p[2] }
            printf "%.3f", t
        }' "$WORK/$crate.time")
    elif [[ $CLOCK == instructions ]]; then
        LAST=0
        if [[ -n ${COUNT:-} ]]; then
            LAST=$(awk '/^summary:/ { printf "%.3f", $2 / 1e9 }' "$WORK/$crate.callgrind")
        fi
    else
        LAST=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
    fi
}
# expect CRATE WORD: the last cargo run really compiled/checked the crate itself.
expect() {
    if ! grep -q "$2 $1-buildcost" "$WORK/$1.log"; then
        echo "error: expected \`$2 $1-buildcost\` in the cargo output:" >&2
        cat "$WORK/$1.log" >&2
        exit 1
    fi
}
EDITS=0
# edit CRATE: change the string literal of one handler's body (the first of $EDIT_MODULE).
edit() {
    local file
    file=$(crate_dir "$1")/src/$EDIT_MODULE.rs
    EDITS=$((EDITS + 1))
    sed -i -E "0,/ v[0-9]+/s// v$EDITS/" "$file"
}
profile_args() { if [[ $1 == release ]]; then echo --release; fi; }

# stats "T1 T2 ...": "median min max".
stats() {
    tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '
        { v[NR] = $1 }
        END {
            med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.3f %.3f %.3f\n", med, v[1], v[NR]
        }'
}
declare -A LABEL=(
    [clean]="crate-only clean build"
    [edit]="rebuild after editing one handler"
    [check]="\`cargo check\` after editing one handler"
)
# measure N: the crates of N routes, generated, built and timed; prints their table.
measure() {
generate "$1"
echo "# $(rustc --version); $(cargo --version); $(nproc) cores; $N routes in $MODULES modules" >&2
echo "# crates in $WORK/n$N" >&2
declare -A PREP
declare -A T
for crate in gatewright axum; do
    for profile in $PROFILES; do
        run "$crate" build -j"$JOBS" $(profile_args $profile)
        PREP[$crate.$profile]=$LAST
        echo "# $crate: $profile first build (dependencies included for the first size, not interleaved): ${LAST}s" >&2
        run "$crate" check -j"$JOBS" $(profile_args $profile)
    done
done

MEASURES=()
for profile in $PROFILES; do
    for kind in $KINDS; do
        MEASURES+=("$profile.$kind")
    done
done
for ((rep = 1; rep <= REPS; rep++)); do
    for measure in "${MEASURES[@]}"; do
        profile=${measure%.*}
        kind=${measure#*.}
        for crate in gatewright axum; do
            case $kind in
            clean)
                run "$crate" clean -p "$crate-buildcost" $(profile_args $profile)
                run "$crate" build -j"$JOBS" $(profile_args $profile)
                expect "$crate" Compiling
                ;;
            edit)
                edit "$crate"
                run "$crate" build -j"$JOBS" $(profile_args $profile)
                expect "$crate" Compiling
                ;;
            check)
                # Untimed: the check's incremental cache up to date with the code before the
                # edit (as in an editor), since `clean` deleted it.
                run "$crate" check -j"$JOBS" $(profile_args $profile)
                edit "$crate"
                COUNT=1 run "$crate" check -j"$JOBS" $(profile_args $profile)
                expect "$crate" Checking
                ;;
            esac
            T[$crate.$measure]+="$LAST "
            echo "# $N routes: rep $rep $profile $kind $crate $LAST $UNIT" >&2
        done
    done
done

# --- the table --------------------------------------------------------------------------------

echo
echo "| $N routes, -j$JOBS, $REPS runs, $CLOCK${OPT_MACROS:+, macros optimized} | gatewright, $UNIT: median (min–max) | axum 0.8, $UNIT: median (min–max) | gatewright / axum |"
echo "|---|---|---|---|"
for measure in "${MEASURES[@]}"; do
    profile=${measure%.*}
    kind=${measure#*.}
    read -r gm gl gh <<<"$(stats "${T[gatewright.$measure]}")"
    read -r am al ah <<<"$(stats "${T[axum.$measure]}")"
    ratio=$(awk -v g="$gm" -v a="$am" 'BEGIN { printf "%.2f", g / a }')
    echo "| ${LABEL[$kind]}, $profile | $gm ($gl–$gh) | $am ($al–$ah) | **${ratio}×** |"
done
# Dependencies are built once, for the first size.
if [[ -z $FRESH || $N != "${SIZES%% *}" || $CLOCK == instructions ]]; then
    return 0
fi
for profile in $PROFILES; do
    g=${PREP[gatewright.$profile]}
    a=${PREP[axum.$profile]}
    ratio=$(awk -v g="$g" -v a="$a" 'BEGIN { printf "%.2f", g / a }')
    echo "| from scratch with dependencies, $profile (1 run, not interleaved) | $(printf '%.2f' "$g") | $(printf '%.2f' "$a") | ${ratio}× |"
done
}

for size in $SIZES; do
    measure "$size"
done
