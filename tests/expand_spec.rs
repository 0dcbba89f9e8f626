//! Expansion spec files: `tests/spec/expand/NAME.input` runs through `wp::expand::expand` and
//! the HTML (then `--- warnings` and one warning a line, if any) is compared with
//! `NAME.expected`. An input may start with directive lines giving the site data, then `---`:
//!
//! ```text
//! @attachment ID URL | ALT | CAPTION     an attachment (alt and caption optional)
//! @parent ATTACHMENT_ID POST_ID          the attachment is attached to that post
//! @post ID                               the post's own id
//! @footnotes JSON                        the post's `footnotes` postmeta
//! @block ID CONTENT                      a reusable block (`wp_block`) and its content
//! @keep-unknown                          keep unknown shortcodes verbatim
//! ```
//!
//! `UPDATE_SPEC=1 cargo test --test expand_spec` rewrites the expected files.

mod common;

use unpress::wp::expand::{Attachment, ExpandContext, SiteData, expand};

fn run(input: &str) -> String {
    let mut site = SiteData::default();
    let mut post_id = None;
    let mut footnotes = None;
    let mut keep_unknown = false;
    let content = match input.split_once("\n---\n") {
        Some((head, body)) if head.starts_with('@') => {
            for line in head.lines() {
                let (cmd, rest) = line.split_once(' ').unwrap_or((line, ""));
                match cmd {
                    "@attachment" => {
                        let (id, rest) = rest.split_once(' ').unwrap();
                        let mut parts = rest.split('|').map(str::trim);
                        site.attachments.insert(
                            id.parse().unwrap(),
                            Attachment::new(
                                parts.next().unwrap_or(""),
                                parts.next().unwrap_or(""),
                                parts.next().unwrap_or(""),
                            ),
                        );
                    }
                    "@parent" => {
                        let (a, p) = rest.split_once(' ').unwrap();
                        let a: u64 = a.parse().unwrap();
                        site.children
                            .entry(p.trim().parse().unwrap())
                            .or_default()
                            .push((0, a));
                    }
                    "@post" => post_id = rest.trim().parse().ok(),
                    "@footnotes" => footnotes = Some(rest.to_string()),
                    "@block" => {
                        let (id, content) = rest.split_once(' ').unwrap();
                        site.reusable_blocks
                            .insert(id.parse().unwrap(), content.to_string());
                    }
                    "@keep-unknown" => keep_unknown = true,
                    other => panic!("unknown directive {other}"),
                }
            }
            body
        }
        _ => input,
    };
    let ctx = ExpandContext {
        site: &site,
        post_id,
        footnotes: footnotes.as_deref(),
        keep_unknown,
    };
    let e = expand(content, &ctx);
    let mut out = e.html;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    for (section, lines) in [("warnings", &e.warnings), ("dropped", &e.dropped)] {
        if !lines.is_empty() {
            out.push_str(&format!("--- {section}\n"));
            for w in lines {
                out.push_str(w);
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn expand_spec_files() {
    common::check_spec_dir("expand", run);
}
