//! Throughput of page extraction in one process, on one core: `read_page` plus Markdown
//! rendering over every `*.html` file of a directory (default: the scraped WordPress corpus).
//!
//! Not part of the normal run (it measures, it does not check):
//!   cargo test --release --test scraped_page_bench -- --ignored --nocapture
//! `tests/bench/scraped_pages.sh` unpacks the whole scraped corpus (gzipped article pages too)
//! and points `UNPRESS_BENCH_PAGES` at it.

mod common;

use std::path::PathBuf;
use std::time::Instant;

#[test]
#[ignore = "benchmark; run with --ignored --nocapture"]
fn pages_per_second() {
    let dir = match std::env::var_os("UNPRESS_BENCH_PAGES") {
        Some(d) => PathBuf::from(d),
        None => match common::shared() {
            Some(s) => s.join("corpus/scraped/wordpress"),
            None => return,
        },
    };
    let mut pages: Vec<Vec<u8>> = Vec::new();
    for e in std::fs::read_dir(&dir).expect("bench directory").flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "html" || x == "htm") {
            pages.push(std::fs::read(&p).expect("readable page"));
        }
    }
    assert!(!pages.is_empty(), "no pages in {}", dir.display());
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let rounds = 3;
    let start = Instant::now();
    let mut ok = 0usize;
    for _ in 0..rounds {
        for raw in &pages {
            let Ok(html) = unpress::read::html::decode_page(raw) else {
                continue;
            };
            if let Ok(post) = unpress::read::html::read_page(&html) {
                let md = unpress::render::markdown::render(&post.body, &Default::default());
                ok += usize::from(!md.is_empty());
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (pages.len() * rounds) as f64;
    println!(
        "{} pages ({:.1} MB) x {rounds}: {:.0} pages/s, {:.1} MB/s, {} converted",
        pages.len(),
        bytes as f64 / 1e6,
        n / secs,
        (bytes * rounds) as f64 / 1e6 / secs,
        ok
    );
}

#[test]
#[ignore = "benchmark; run with --ignored --nocapture"]
fn parse_only_baseline() {
    let Some(dir) = std::env::var_os("UNPRESS_BENCH_PAGES").map(PathBuf::from) else {
        return;
    };
    let pages: Vec<String> = std::fs::read_dir(&dir)
        .expect("bench directory")
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    let start = Instant::now();
    let mut nodes = 0usize;
    for p in &pages {
        nodes += scraper::Html::parse_document(p).tree.nodes().count();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "parse only: {:.0} pages/s ({nodes} nodes)",
        pages.len() as f64 / secs
    );
}
