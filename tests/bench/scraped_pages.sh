#!/usr/bin/env bash
# Throughput of scraped-page extraction over the scraped corpus, on one core.
#
# Usage:
#   tests/bench/scraped_pages.sh [--no-build]
#
# Unpacks every page of $UNPRESS_SHARED/corpus/scraped/*/ (the .html.gz article pages too)
# into a temporary directory, then measures
#   1. in process: `read_page` + Markdown rendering, 3 rounds over all pages
#      (tests/scraped_page_bench.rs, run with --ignored), pages per CPU second and per wall
#      second;
#   2. the CLI: `unpress convert --from html -` once per page, sequentially, pages per CPU
#      second (user + system of all the processes) and per wall second.
# CPU seconds are the fair number on a shared machine: wall time counts other load too.
#
# Environment:
#   UNPRESS_SHARED  shared directory (default: ../shared relative to the repo root)
#   KEEP_TMP=1      keep the temporary directory and print its path
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SHARED=${UNPRESS_SHARED:-$ROOT/../shared}
CORPUS=$SHARED/corpus/scraped
if [[ ! -d $CORPUS ]]; then
    echo "scraped corpus not found at $CORPUS" >&2
    exit 2
fi
TMP=$(mktemp -d)
if [[ ${KEEP_TMP:-} == 1 ]]; then
    echo "keeping $TMP" >&2
else
    trap 'rm -rf "$TMP"' EXIT
fi
PAGES=$TMP/pages
mkdir -p "$PAGES"
n=0
for f in "$CORPUS"/*/*.html "$CORPUS"/*/*.html.gz; do
    [[ -e $f ]] || continue
    base=$(basename "$f")
    case $f in
        *.gz) gzip -dc "$f" > "$PAGES/${base%.gz}" ;;
        *) cp "$f" "$PAGES/$base" ;;
    esac
    n=$((n + 1))
done
bytes=$(cat "$PAGES"/*.html | wc -c)
echo "pages: $n ($((bytes / 1000000)) MB)"

cd "$ROOT"
if [[ ${1:-} != --no-build ]]; then
    cargo build --release -q
    cargo test --release -q --test scraped_page_bench --no-run 2>/dev/null
fi
BENCH=$(ls -t target/release/deps/scraped_page_bench-* | grep -v '\.d$' | head -1)

# 1. In process (3 rounds).
out=$( { /usr/bin/time -f 'CPU %U %S' env UNPRESS_BENCH_PAGES="$PAGES" taskset -c 0 \
    "$BENCH" --ignored --exact pages_per_second --nocapture; } 2>&1 )
line=$(grep 'pages/s' <<<"$out")
read -r _ user sys < <(grep '^CPU' <<<"$out")
echo "in process: $line"
awk -v n="$n" -v u="$user" -v s="$sys" \
    'BEGIN { printf "in process: %.0f pages per CPU second\n", 3 * n / (u + s) }'

# 2. The CLI, one process per page.
start=$(date +%s.%N)
out=$( { /usr/bin/time -f 'CPU %U %S' taskset -c 0 bash -c '
    for f in "$1"/*.html; do "$2" convert --from html - < "$f" > /dev/null || true; done
' _ "$PAGES" "$ROOT/target/release/unpress"; } 2>&1 )
end=$(date +%s.%N)
read -r _ user sys < <(grep '^CPU' <<<"$out")
awk -v n="$n" -v u="$user" -v s="$sys" -v w="$(echo "$end - $start" | bc)" \
    'BEGIN { printf "cli: %.0f pages per CPU second, %.0f pages per wall second\n", n / (u + s), n / w }'
