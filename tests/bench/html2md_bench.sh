#!/usr/bin/env bash
# Throughput of the HTML -> Markdown converter in MB/s of CPU time on one core.
#
# Builds a multi-megabyte input at run time by concatenating HTML fragments (the shared
# html2md corpus when present, else this repository's spec cases) until it reaches SIZE_MB,
# then converts it with the release binary several times and reports the best user+sys time.
#
#   tests/bench/html2md_bench.sh [CORPUS_DIR] [SIZE_MB]
#
# The binary runs as `unpress convert --from html --fragment -`: one fragment on stdin,
# Markdown on stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
corpus="${1:-/work/shared/corpus/html2md}"
size_mb="${2:-8}"
runs="${RUNS:-5}"
bin="${BIN:-$here/target/release/unpress}"

(cd "$here" && cargo build --release --quiet)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Input: corpus cases (or our spec inputs) repeated up to the size. A case that leaves a
# raw-text element open (`<style>` without `</style>`, `<plaintext>`) would swallow every
# later copy as text and flatter the number, so such cases are left out.
python3 - "$corpus" "$here/tests/spec/html2md" "$((size_mb * 1024 * 1024))" "$tmp/big.html" <<'PY'
import glob, os, re, sys
corpus, spec, target, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
units = []
if os.path.isdir(corpus):
    for f in sorted(glob.glob(os.path.join(corpus, "**", "*.html"), recursive=True)):
        units.append(open(f, encoding="utf-8", errors="replace").read())
else:
    for f in sorted(glob.glob(os.path.join(spec, "*.txt"))):
        units += re.findall(r"^~~~~~~~~ html[^\n]*\n(.*?)^~~~~~~~~ markdown", open(f).read(), re.S | re.M)
def balanced(s):
    s = s.lower()
    if "<plaintext" in s or s.count("<!--") > s.count("-->"):
        return False
    for t in ("script", "style", "textarea", "title", "iframe", "noembed", "noframes", "xmp", "noscript"):
        if len(re.findall("<%s[\\s>/]" % t, s)) > s.count("</%s" % t):
            return False
    return True
unit = "\n".join(u for u in units if balanced(u))
with open(out, "w", encoding="utf-8") as fh:
    n = 0
    while n < target:
        fh.write(unit)
        n += len(unit.encode("utf-8"))
PY
bytes=$(stat -c %s "$tmp/big.html")

best=""
for _ in $(seq "$runs"); do
  /usr/bin/time -f '%U %S %M' -o "$tmp/time" "$bin" convert --from html --fragment - < "$tmp/big.html" > "$tmp/out.md"
  t=$(awk '{printf "%.3f", $1 + $2}' "$tmp/time")
  mem=$(awk '{print $3}' "$tmp/time")
  if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a < b)}'; then best="$t"; fi
done
awk -v b="$bytes" -v t="$best" -v m="$mem" -v o="$(stat -c %s "$tmp/out.md")" 'BEGIN{
  mb = b / 1048576;
  printf "input %.1f MB, output %.1f MB, best CPU %.3f s of %d runs, max RSS %.0f MB\n", mb, o/1048576, t, '"$runs"', m/1024;
  if (t > 0) printf "throughput: %.1f MB/s of CPU\n", mb / t;
}'
