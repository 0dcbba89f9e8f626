//! Runs the WordPress expansion stage over every item of every export in the shared WXR corpus
//! (`../shared/corpus/wxr`, skipped cleanly when absent), then the HTML → Markdown conversion.
//!
//! Checks: nothing panics; no `[caption`, `[gallery`, `[sourcecode`, `[embed` is left outside
//! code (beyond what `[[escaped]]` forms stand for); no `<!-- wp:` delimiter is left; every
//! shortcode the stage finds is either converted (no trace left) or named in a warning.
//! `EXPAND_CORPUS_VERBOSE=1` prints per-name counts and the warnings.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use unpress::read::wxr::{self, ReadMode};
use unpress::wp::expand::{ExpandContext, SiteData, expand, is_converted, is_shortcode};
use unpress::wp::shortcode::find_nested;

fn corpus() -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/wxr");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} not found", dir.display());
        None
    }
}

/// Text outside `<pre>…</pre>` and `<code>…</code>`.
fn outside_code(html: &str) -> String {
    let mut out = String::new();
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    loop {
        let next = ["<pre", "<code"]
            .iter()
            .filter_map(|t| lower[i..].find(t).map(|p| (p + i, *t)))
            .min();
        let Some((p, t)) = next else {
            out.push_str(&html[i..]);
            return out;
        };
        out.push_str(&html[i..p]);
        let close = if t == "<pre" { "</pre>" } else { "</code>" };
        match lower[p..].find(close) {
            Some(e) => i = p + e + close.len(),
            None => return out,
        }
    }
}

/// Markdown without its fenced code blocks.
fn outside_fences(md: &str) -> String {
    let mut out = String::new();
    let mut fence: Option<String> = None;
    for line in md.lines() {
        let t = line.trim_start();
        let marker: String = t.chars().take_while(|&c| c == '`' || c == '~').collect();
        match &fence {
            Some(f) if marker.len() >= f.len() && marker.starts_with(&f[..1]) => fence = None,
            Some(_) => {}
            None if marker.len() >= 3 => fence = Some(marker),
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn count(h: &str, n: &str) -> usize {
    h.matches(n).count()
}

#[test]
fn corpus_shortcodes_and_blocks_are_expanded() {
    let Some(dir) = corpus() else { return };
    let verbose = std::env::var_os("EXPAND_CORPUS_VERBOSE").is_some();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut names: BTreeMap<String, (usize, bool)> = BTreeMap::new();
    let mut warnings: BTreeMap<String, usize> = BTreeMap::new();
    let (mut items, mut expanded_items, mut block_items) = (0usize, 0usize, 0usize);
    for path in &files {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        // Pass 1: site data, exactly as the pipeline's index pass gets it.
        let mut site = SiteData::default();
        let _ = wxr::read(
            BufReader::new(File::open(path).unwrap()),
            ReadMode::Index,
            |_, item| {
                site.add_item(&item);
                true
            },
        );
        // Pass 2: every item's content.
        let _ = wxr::read(
            BufReader::new(File::open(path).unwrap()),
            ReadMode::Full,
            |_, item| {
                items += 1;
                if item.content.trim().is_empty() {
                    return true;
                }
                let ctx = ExpandContext::for_item(&item, &site);
                let raw = &item.content;
                let e = expand(raw, &ctx);
                let body = unpress::html::convert::to_blocks(&e.html);
                let md = unpress::render::markdown::render(
                    &body,
                    &unpress::render::markdown::MarkdownOptions::default(),
                );
                let id = format!("{file} post {:?}", item.post_id);
                if raw.contains('[') || raw.contains("<!-- wp:") {
                    expanded_items += 1;
                }
                if raw.contains("<!-- wp:") {
                    block_items += 1;
                }
                if e.html.contains("<!-- wp:") || outside_fences(&md).contains("<!-- wp:") {
                    failures.push(format!("{id}: block delimiter left"));
                }
                let text = outside_code(&e.html);
                for n in ["[caption", "[gallery", "[sourcecode", "[embed"] {
                    let escaped = count(raw, &format!("[{n}"));
                    let left = count(&text, n);
                    if left > escaped {
                        failures.push(format!("{id}: {n} left ({left}, {escaped} escaped)"));
                    }
                }
                let mut seen = HashSet::new();
                for sc in find_nested(raw, &mut |c| is_shortcode(c)) {
                    if sc.is_escaped() || !seen.insert(sc.name.to_string()) {
                        continue;
                    }
                    let converted = is_converted(sc.name);
                    let entry = names.entry(sc.name.to_string()).or_insert((0, converted));
                    entry.0 += 1;
                    // Found only inside code (a code shortcode's content, <pre>, <code>): code.
                    let in_text = text.contains(&format!("[{}", sc.name));
                    if !converted
                        && in_text
                        && !e
                            .warnings
                            .iter()
                            .any(|w| w.contains(&format!("[{}]", sc.name)))
                    {
                        failures.push(format!(
                            "{id}: shortcode [{}] neither converted nor reported",
                            sc.name
                        ));
                    }
                }
                // Independent of the stage's own idea of a shortcode: every `[/name]` closing tag
                // in the raw content must be gone from the text, or its name reported.
                let mut rest = raw.as_str();
                while let Some(p) = rest.find("[/") {
                    rest = &rest[p + 2..];
                    let Some(end) = rest.find(']') else { break };
                    let name = &rest[..end];
                    if name.is_empty() || name.len() > 40 || name.contains([' ', '[', '\n']) {
                        continue;
                    }
                    let closer = format!("[/{name}]");
                    let reported = e.warnings.iter().any(|w| w.contains(&format!("[{name}]")));
                    if text.contains(&closer) && !reported && count(raw, &format!("[{closer}")) == 0
                    {
                        failures.push(format!("{id}: {closer} left in the text, not reported"));
                    }
                }
                for w in &e.warnings {
                    *warnings.entry(w.clone()).or_default() += 1;
                }
                true
            },
        );
    }
    let converted: Vec<_> = names.iter().filter(|(_, (_, c))| *c).collect();
    let unknown: Vec<_> = names.iter().filter(|(_, (_, c))| !*c).collect();
    eprintln!(
        "{} files, {items} items, {expanded_items} with shortcodes or blocks ({block_items} block-editor); \
         shortcode names: {} converted, {} reported unknown; {} distinct warnings",
        files.len(),
        converted.len(),
        unknown.len(),
        warnings.len()
    );
    if verbose {
        eprintln!("converted: {converted:?}");
        eprintln!("unknown: {unknown:?}");
        for (w, n) in &warnings {
            eprintln!("{n:5}  {w}");
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
