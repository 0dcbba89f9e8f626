//! Runs the WordPress text transforms over every post body in the shared WXR corpus
//! (`../shared/corpus/wxr`, skipped when absent): block-editor posts are stripped of their
//! delimiters, classic posts are autop'd, and neither may panic, lose `<pre>` content or leave
//! a delimiter behind.

mod common;

use unpress::wp::autop::autop;
use unpress::wp::blocks::{has_blocks, parse, strip_delimiters};

/// Every `<content:encoded>` body, with split CDATA sections joined (good enough for a test;
/// the real reader streams the XML).
fn bodies(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<content:encoded>") {
        rest = &rest[start + "<content:encoded>".len()..];
        let Some(end) = rest.find("</content:encoded>") else {
            break;
        };
        let raw = &rest[..end];
        rest = &rest[end..];
        let mut body = String::new();
        let mut r = raw;
        if r.contains("<![CDATA[") {
            while let Some(s) = r.find("<![CDATA[") {
                r = &r[s + 9..];
                let e = r.find("]]>").unwrap_or(r.len());
                body.push_str(&r[..e]);
                r = &r[e..];
            }
        } else {
            body = raw
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
        }
        if !body.trim().is_empty() {
            out.push(body);
        }
    }
    out
}

fn pre_elements(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(s) = rest.find("<pre") {
        let Some(e) = rest[s..].find("</pre>") else {
            break;
        };
        out.push(&rest[s..s + e + 6]);
        rest = &rest[s + e + 6..];
    }
    out
}

#[test]
fn corpus_posts_transform_cleanly() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("corpus/wxr");
    let dir = dir.as_path();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("read corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    let (mut classic, mut block) = (0, 0);
    for file in &files {
        let bytes = std::fs::read(file).expect("read WXR");
        let xml = String::from_utf8_lossy(&bytes);
        for body in bodies(&xml) {
            if has_blocks(&body) {
                block += 1;
                let stripped = strip_delimiters(&body);
                assert!(
                    parse(&stripped).is_empty(),
                    "{}: delimiter left",
                    file.display()
                );
                assert_eq!(strip_delimiters(&stripped), stripped, "{}", file.display());
            } else {
                classic += 1;
                let out = autop(&body);
                for pre in pre_elements(&body) {
                    // A `<pre` nested in another pre's text is WordPress's own mess; skip it.
                    if pre[4..].contains("<pre") {
                        continue;
                    }
                    assert!(
                        out.contains(pre),
                        "{}: <pre> changed:\n{pre}",
                        file.display()
                    );
                }
            }
        }
    }
    eprintln!(
        "{} files: {classic} classic posts autop'd, {block} block posts stripped",
        files.len()
    );
    assert!(classic + block > 0, "no posts found in {}", dir.display());
}
