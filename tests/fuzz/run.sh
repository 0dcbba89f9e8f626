#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), one after another, and prints a table.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Corpora live in
# tests/fuzz/corpus (ignored by git): they are seeded from the repository's spec files and,
# when it is mounted, from ../shared/corpus; libFuzzer grows them from there. Each run is one
# niced libFuzzer process (no -jobs, which would fork a child that logs to ./fuzz-0.log) so the
# machine stays usable. Findings land in tests/fuzz/artifacts/TARGET/; minimise one
# with `cargo +nightly fuzz tmin --fuzz-dir tests/fuzz TARGET FILE`.
set -euo pipefail

secs=${1:-600}
shift || true
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${UNPRESS_SHARED:-$repo/../shared/corpus}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(wxr html2md shortcode autop frontmatter superlinear)
log_dir=$here/logs
mkdir -p "$log_dir"

# seed TARGET FILE...: copies each file (at most 256 KiB) into the target's corpus under a name
# derived from its content, so re-seeding adds nothing twice.
seed() {
    local dir=$here/corpus/$1
    shift
    mkdir -p "$dir"
    local f
    for f in "$@"; do
        [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 262144 ] || continue
        cp "$f" "$dir/seed-$(sha1sum "$f" | cut -c1-16)"
    done
}

spec=$repo/tests/spec
shopt -s nullglob globstar
seed html2md "$spec"/html2md/* "$repo"/tests/pages/*.html
seed shortcode "$spec"/shortcodes/*.input "$spec"/expand/*.input
seed autop "$spec"/autop/*.input
seed frontmatter "$spec"/frontmatter/*
seed wxr "$repo"/samples/*.xml
if [ -d "$shared" ]; then
    seed wxr "$shared"/wxr/*.xml
    seed html2md "$shared"/html2md/**/*.html
    seed shortcode "$shared"/html2md/wordpress-theme-test-data/*.html "$shared"/html2md/synthetic-wp/*.html
    seed autop "$shared"/html2md/wordpress-theme-test-data/*.html "$shared"/html2md/synthetic-wp/*.html
    seed frontmatter "$shared"/yaml/*
fi
# The superlinear target reads a stage byte and two cut points before the pattern: seed each
# stage with a sample of the small HTML and shortcode seeds (every eighth), cut in the middle,
# and the WXR stage with the small exports (its cuts are the first and last item).
mkdir -p "$here/corpus/superlinear"
i=0
for f in "$here"/corpus/html2md/seed-* "$here"/corpus/shortcode/seed-*; do
    [ "$(stat -c %s "$f")" -le 2048 ] && [ $((i++ % 8)) -eq 0 ] || continue
    for stage in 0 1 2 3; do
        { printf "\\x0$stage\\x55\\xaa"; cat "$f"; } > "$here/corpus/superlinear/$stage-$(basename "$f")"
    done
done
for f in "$here"/corpus/wxr/seed-*; do
    [ "$(stat -c %s "$f")" -le 16384 ] || continue
    { printf '\x04\x00\x00'; cat "$f"; } > "$here/corpus/superlinear/4-$(basename "$f")"
done

# Larger inputs for the whole-export target; the superlinear target builds its own sizes.
max_len() {
    case $1 in
        wxr) echo 65536 ;;
        superlinear) echo 16384 ;;
        *) echo 16384 ;;
    esac
}

cd "$repo"
rows=()
for t in "${targets[@]}"; do
    log=$log_dir/$t.log
    # Overflow checks and debug assertions on, except for the timing target, which measures
    # the code as it ships and needs no sanitizer either.
    if [ "$t" = superlinear ]; then flags=(-s none); else flags=(-a); fi
    echo "== $t: ${secs}s (log: $log)"
    status=ok
    nice -n 10 cargo +nightly fuzz run --fuzz-dir tests/fuzz "${flags[@]}" "$t" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
        -max_len="$(max_len "$t")" -print_final_stats=1 >"$log" 2>&1 || status=FAILED
    # A run that never started (say, a build error) has no statistics: `?` in the table.
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
    found=$(ls "$here/artifacts/$t" 2>/dev/null | wc -l)
    rows+=("$(printf '%-12s %8s %12s %8s %8s %8s %10s %s' "$t" "$secs" "${runs:-?}" "${rate:-?}" \
        "${cov:-?}" "${ft:-?}" "$found" "$status")")
done

printf '\n%-12s %8s %12s %8s %8s %8s %10s %s\n' target seconds execs exec/s cov ft artifacts status
printf '%s\n' "${rows[@]}"
