//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `../shared` next to the project, if this machine has it. Tests that need it skip cleanly
/// (with a note on stderr) when it is absent.
pub fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("UNPRESS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if dir.join("corpus").is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} not found", dir.display());
        None
    }
}

pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Every file under `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                out.push(rel.to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// Wraps item XML in a minimal WXR 1.2 document.
pub fn wxr(items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Test</title>
<link>https://example.blog</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login><![CDATA[alice]]></wp:author_login><wp:author_email>alice@example.blog</wp:author_email><wp:author_display_name><![CDATA[Alice Archer]]></wp:author_display_name></wp:author>
{items}
</channel>
</rss>
"#
    )
}

/// One post item with the given fields overriding defaults.
pub fn item(id: u64, slug: &str, title: &str, status: &str, content: &str) -> String {
    format!(
        r#"<item>
<title>{title}</title>
<link>https://example.blog/2020/01/02/{slug}/</link>
<dc:creator><![CDATA[alice]]></dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{id}</wp:post_id>
<wp:post_date><![CDATA[2020-01-02 03:04:05]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2020-01-02 11:04:05]]></wp:post_date_gmt>
<wp:post_name><![CDATA[{slug}]]></wp:post_name>
<wp:status><![CDATA[{status}]]></wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:post_type><![CDATA[post]]></wp:post_type>
<wp:post_password><![CDATA[]]></wp:post_password>
</item>"#
    )
}

/// Runs every `NAME.input` in `tests/spec/<dir>` through `f` and compares the result byte for
/// byte with `NAME.expected`; `UPDATE_SPEC=1` writes the current output as the expected files
/// instead (review the diff before committing).
pub fn check_spec_dir(dir: &str, f: impl Fn(&str) -> String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/spec")
        .join(dir);
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("spec dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "input"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no spec files in {}", dir.display());
    let update = std::env::var_os("UPDATE_SPEC").is_some();
    let mut failures = Vec::new();
    for input in &inputs {
        let src = std::fs::read_to_string(input).expect("read input");
        let actual = f(&src);
        let expected_path = input.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &actual).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "--- {}\n=== expected:\n{expected}\n=== actual:\n{actual}",
                input.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} spec(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
