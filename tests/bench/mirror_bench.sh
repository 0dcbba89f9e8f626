#!/usr/bin/env bash
# Throughput and peak memory of converting a whole saved site (a wget-style mirror).
#
# Usage:
#   tests/bench/mirror_bench.sh [--no-build] [PAGES…]      (default: 1000 10000)
#
# Generates, for each size, a mirror of a WordPress-like blog: that many post pages (each
# about 15 KB, with a header, menus, a sidebar, a byline, five to twenty paragraphs, lists,
# code, a comment section and post navigation, all varying from post to post), plus a front
# page, category listings and a feed. Then runs
#   unpress convert MIRROR -o OUT -q
# under /usr/bin/time and prints pages per CPU second (user + system) and per wall second,
# and the peak resident memory. CPU seconds are the fair number on a shared machine.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=1
SIZES=()
for a in "$@"; do
    case $a in
        --no-build) BUILD=0 ;;
        *) SIZES+=("$a") ;;
    esac
done
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(1000 10000)
if [[ $BUILD == 1 ]]; then
    (cd "$ROOT" && cargo build --release --quiet)
fi
BIN=$ROOT/target/release/unpress
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

printf '%8s %10s %12s %12s %10s\n' pages cpu_s pages/cpu_s pages/wall_s peak_MB
for n in "${SIZES[@]}"; do
    M=$TMP/mirror-$n
    python3 - "$M" "$n" <<'EOF'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(n)
words = ("the a blog post about linux raspberry pi server network code data asterisk "
         "ubuntu kernel install config build test debug fix release update module driver "
         "camera sensor python rust script page site user web cloud storage backup").split()
def sentence():
    return ' '.join(rng.choice(words) for _ in range(rng.randint(8, 20))).capitalize() + '.'
def para():
    return '<p>' + ' '.join(sentence() for _ in range(rng.randint(2, 6))) + '</p>'
cats = ['Linux', 'Making', 'Raspberry Pi', 'TV', 'Asterisk']
sidebar = ('<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">'
           '<h2 class="widget-title">Recent Posts</h2><ul>'
           + ''.join(f'<li><a href="/2020/01/01/recent-{i}/">Recent post {i}</a></li>' for i in range(8))
           + '</ul></section><section class="widget widget_tag_cloud"><div class="tagcloud">'
           + ''.join(f'<a href="/tag/t{i}/">tag {i}</a> ' for i in range(30))
           + '</div></section></aside>')
header = ('<header id="masthead" class="site-header"><p class="site-title"><a href="/" rel="home">Bench Blog</a></p>'
          '<nav class="main-navigation"><ul>' + ''.join(f'<li><a href="/{p}/">{p}</a></li>' for p in ('about', 'contact', 'projects'))
          + '</ul></nav></header>')
os.makedirs(root, exist_ok=True)
slugs = [f'post-number-{i}' for i in range(n)]
for i, slug in enumerate(slugs):
    y, m, d = 2010 + i % 12, 1 + i % 12, 1 + i % 28
    title = f'Post number {i}: ' + ' '.join(rng.choice(words) for _ in range(4))
    body = ''.join(para() for _ in range(rng.randint(5, 20)))
    body += '<ul>' + ''.join(f'<li>{sentence()}</li>' for _ in range(4)) + '</ul>'
    body += '<pre><code>for i in range(10):\n    print(i)\n</code></pre>'
    comments = ''.join(f'<li class="comment"><div class="comment-body"><p>{sentence()}</p></div></li>'
                       for _ in range(rng.randint(0, 6)))
    prev_, next_ = slugs[i - 1], slugs[(i + 1) % n]
    page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} &#8211; Bench Blog</title></head>'
            f'<body class="post-template-default single single-post postid-{i}">{header}'
            f'<div id="content" class="site-content"><main id="main"><article class="post type-post">'
            f'<header class="entry-header"><h1 class="entry-title">{title}</h1>'
            f'<div class="entry-meta"><span class="posted-on">{["January","February","March","April","May","June","July","August","September","October","November","December"][m-1]} {d}, {y}</span>'
            f' <span class="byline">by <a class="url fn n" href="/author/ann/" rel="author">Ann</a></span></div></header>'
            f'<div class="entry-content">{body}</div>'
            f'<footer class="entry-footer"><a href="/category/{cats[i % 5].lower()}/" rel="category tag">{cats[i % 5]}</a></footer></article>'
            f'<nav class="post-navigation"><a href="../../../../{prev_}/index.html" rel="prev">{prev_}</a>'
            f'<a href="../../../../{next_}/index.html" rel="next">{next_}</a></nav>'
            f'<div id="comments"><ol class="comment-list">{comments}</ol></div></main>{sidebar}</div></body></html>')
    p = os.path.join(root, f'{y}', f'{m:02}', f'{d:02}', slug)
    os.makedirs(p, exist_ok=True)
    with open(os.path.join(p, 'index.html'), 'w') as f:
        f.write(page)
for c in cats:
    p = os.path.join(root, 'category', c.lower().replace(' ', '-'))
    os.makedirs(p, exist_ok=True)
    with open(os.path.join(p, 'index.html'), 'w') as f:
        f.write(f'<html><body class="archive category"><h1>{c}</h1></body></html>')
os.makedirs(os.path.join(root, 'feed'), exist_ok=True)
with open(os.path.join(root, 'feed', 'index.xml'), 'w') as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Bench Blog</title></channel></rss>')
with open(os.path.join(root, 'index.html'), 'w') as f:
    f.write('<html><body class="home blog"><h1>Bench Blog</h1></body></html>')
EOF
    OUT=$TMP/out-$n
    /usr/bin/time -f '%U %S %e %M' -o "$TMP/time" "$BIN" convert "$M" -o "$OUT" -q || true
    read -r user sys wall rss < "$TMP/time"
    awk -v n="$n" -v u="$user" -v s="$sys" -v w="$wall" -v r="$rss" 'BEGIN {
        cpu = u + s; printf "%8d %10.2f %12.0f %12.0f %10.1f\n", n, cpu, n / cpu, n / w, r / 1024 }'
    rm -rf "$M" "$OUT"
done
