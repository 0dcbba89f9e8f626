#!/usr/bin/env bash
# Benchmark `unpress convert` on large generated WXR exports.
#
# Usage:
#   tests/bench/wxr_bench.sh [--no-build] [--gen-only] [SIZE_MB...]     (default: 100)
#
# For each SIZE_MB, builds a WXR file of about that many megabytes (10^6 bytes) with
# $UNPRESS_SHARED/eval/gen_big_wxr.py, replicating the items of
# $UNPRESS_SHARED/corpus/wxr/theme-unit-test-data.wordpress.xml (ids, slugs and dates are
# shifted per round, so every copy is a distinct post), then runs
#   target/release/unpress convert BIG.xml -o OUTDIR --force -q
# under `/usr/bin/time -v` and prints one Markdown table row per size:
#   | size MB | items | wall s | peak RSS MB | files written |
# Temporary files live in one mktemp directory that is removed on exit.
#
# Options:
#   --no-build   do not run `cargo build --release` first (use the existing binary)
#   --node       also run the most used Node converter (wordpress-export-to-markdown@2,
#                npm-installed into $WETM_DIR, default target/wetm) on the 100 MB export,
#                with --wizard=false and image downloads off, and print the ratio
#   --gen-only   only generate the exports and report their size and item count
#                (no build, no conversion) - useful before the binary exists
#
# Environment:
#   UNPRESS_SHARED  shared directory (default: ../shared relative to the repo root)
#   UNPRESS_BIN     binary to run (default: target/release/unpress in the repo)
#   WXR_SOURCE      source export to replicate (default: the theme unit test data)
#   KEEP_TMP=1      keep the temporary directory and print its path
#
# Exit status: 0 if every conversion succeeded, 1 if one failed, 2 on setup errors.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SHARED=${UNPRESS_SHARED:-$ROOT/../shared}
GEN=$SHARED/eval/gen_big_wxr.py
SOURCE=${WXR_SOURCE:-$SHARED/corpus/wxr/theme-unit-test-data.wordpress.xml}
BIN=${UNPRESS_BIN:-$ROOT/target/release/unpress}
TIME=/usr/bin/time

build=1
gen_only=0
node=0
sizes=()
for arg in "$@"; do
    case $arg in
        --no-build) build=0 ;;
        --gen-only) gen_only=1; build=0 ;;
        --node) node=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "wxr_bench.sh: unknown option $arg" >&2; exit 2 ;;
        *)
            if ! [[ $arg =~ ^[0-9]+([.][0-9]+)?$ ]]; then
                echo "wxr_bench.sh: size must be a number of MB, got '$arg'" >&2; exit 2
            fi
            sizes+=("$arg") ;;
    esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(100)

die() { echo "wxr_bench.sh: $*" >&2; exit 2; }

command -v python3 >/dev/null || die "python3 not found"
[ -f "$GEN" ] || die "generator not found: $GEN (set UNPRESS_SHARED)"
[ -f "$SOURCE" ] || die "source export not found: $SOURCE (set UNPRESS_SHARED or WXR_SOURCE)"

if [ "$gen_only" = 0 ]; then
    if [ ! -x "$TIME" ] || ! "$TIME" -v true >/dev/null 2>&1; then
        die "GNU time is needed at $TIME (with -v); install it with: apt-get install -y time"
    fi
    if [ "$build" = 1 ]; then
        echo "building: cargo build --release" >&2
        (cd "$ROOT" && cargo build --release --quiet) || die "cargo build --release failed"
    fi
    [ -x "$BIN" ] || die "binary not found: $BIN (run cargo build --release, or set UNPRESS_BIN)"
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/wxr_bench.XXXXXX")
cleanup() {
    if [ "${KEEP_TMP:-0}" = 1 ]; then
        echo "kept temporary files in $TMP" >&2
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# json_field FILE KEY: print a field of the generator's one-line JSON summary
json_field() {
    python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])[sys.argv[2]])' "$1" "$2"
}

# wall clock "h:mm:ss" or "m:ss.cc" -> seconds
wall_seconds() {
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"
}

status=0
if [ "$gen_only" = 1 ]; then
    echo "| size MB | items | posts | gen s |"
    echo "|---:|---:|---:|---:|"
else
    echo "| size MB | items | wall s | peak RSS MB | files written |"
    echo "|---:|---:|---:|---:|---:|"
fi

for mb in "${sizes[@]}"; do
    big=$TMP/big-${mb}MB.xml
    out=$TMP/out-${mb}MB
    summary=$TMP/gen-${mb}MB.json
    t0=$(date +%s.%N)
    python3 "$GEN" "$SOURCE" "$big" --mb "$mb" >"$summary" || die "gen_big_wxr.py failed for ${mb} MB"
    t1=$(date +%s.%N)
    real_mb=$(awk -v b="$(json_field "$summary" bytes)" 'BEGIN { printf "%.1f", b / 1e6 }')
    items=$(json_field "$summary" items)

    if [ "$gen_only" = 1 ]; then
        posts=$(json_field "$summary" posts)
        gen_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
        echo "| $real_mb | $items | $posts | $gen_s |"
        rm -f "$big"
        continue
    fi

    timing=$TMP/time-${mb}MB.txt
    errlog=$TMP/stderr-${mb}MB.txt
    rc=0
    "$TIME" -v -o "$timing" "$BIN" convert "$big" -o "$out" --force -q >/dev/null 2>"$errlog" || rc=$?

    wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$timing")
    rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$timing")
    wall_s=$( [ -n "$wall" ] && wall_seconds "$wall" || echo "?")
    rss_mb=$( [ -n "$rss_kb" ] && awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }' || echo "?")
    files=0
    [ -d "$out" ] && files=$(find "$out" -type f | wc -l)

    if [ "$rc" = 0 ]; then
        echo "| $real_mb | $items | $wall_s | $rss_mb | $files |"
    else
        echo "| $real_mb | $items | $wall_s | $rss_mb | $files (FAILED, exit $rc) |"
        echo "unpress failed on ${mb} MB (exit $rc); last lines of stderr:" >&2
        tail -n 20 "$errlog" >&2 || true
        status=1
    fi
    if [ "$node" = 1 ] && [ "${mb%.*}" = 100 ]; then
        wetm=${WETM_DIR:-$ROOT/target/wetm}
        if [ ! -x "$wetm/node_modules/.bin/wordpress-export-to-markdown" ]; then
            mkdir -p "$wetm"
            (cd "$wetm" && { [ -f package.json ] || npm init -y >/dev/null; } \
                && npm install --no-audit --no-fund wordpress-export-to-markdown@2 >/dev/null) \
                || die "npm install wordpress-export-to-markdown@2 failed"
        fi
        ntiming=$TMP/node-time.txt
        (cd "$TMP" && "$TIME" -v -o "$ntiming" "$wetm/node_modules/.bin/wordpress-export-to-markdown" \
            --wizard=false --input="$big" --output="$TMP/node-out" \
            --save-attached-images=false --save-scraped-images=false >/dev/null 2>&1) || true
        nwall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$ntiming")
        nrss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$ntiming")
        nwall_s=$(wall_seconds "$nwall")
        nrss_mb=$(awk -v k="$nrss" 'BEGIN { printf "%.1f", k / 1024 }')
        nfiles=$(find "$TMP/node-out" -type f 2>/dev/null | wc -l)
        echo "| $real_mb (Node wordpress-export-to-markdown@2) | $items | $nwall_s | $nrss_mb | $nfiles |"
        awk -v n="$nwall_s" -v u="$wall_s" -v nr="$nrss_mb" -v ur="$rss_mb" \
            'BEGIN { printf "\nunpress is %.1fx faster and uses %.1fx less memory on the 100 MB export\n", n / u, nr / ur }'
        rm -rf "$TMP/node-out"
    fi
    rm -rf "$big" "$out"
done

exit $status
