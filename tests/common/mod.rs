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
