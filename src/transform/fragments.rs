//! Links that go nowhere, for Zola: to places on their own page that the page does not have,
//! or to no address at all.
//!
//! Zola stops the whole build at one Markdown link to `#x` on a page that has no `x` (no
//! heading whose id is `x`, no element with that `id` or `name`), and at one link with an
//! empty address (`<a href="">`, which reloads the page it is on). Fragment links come from the
//! old site, where they went nowhere too (a table of contents pointing at sections an export
//! left out, ids of a generator the post once went through). The converter already keeps
//! every target the post had ([`crate::html::anchors`]), so what is left is dead. Other
//! generators write a dead link and build; for Zola it is written as its text, so one post
//! cannot stop the site.

use super::urls::for_each_inline_run;
use crate::doc::{Block, Inline};
use std::collections::HashSet;

/// Unwraps the links Zola refuses (see the module comment); returns how many. `raw_html`
/// says whether the page's raw HTML (and so the ids it carries) is written.
pub fn unlink_dead_for_zola(blocks: &mut [Block], raw_html: bool) -> usize {
    let ids = zola_ids(blocks, raw_html);
    let mut unlinked = 0;
    for_each_inline_run(blocks, &mut |run| unlinked += unlink(run, &ids));
    unlinked
}

/// The ids the page shows on Zola: its headings' (Zola's slug of their text, `-1`, `-2` … on
/// repeats) and those its raw HTML carries.
fn zola_ids(blocks: &mut [Block], raw_html: bool) -> HashSet<String> {
    let mut ids = HashSet::new();
    headings_and_html(blocks, raw_html, &mut ids);
    if raw_html {
        super::urls::for_each_inline(blocks, &mut |i| {
            if let Inline::Html(h) = i {
                html_ids(h, &mut ids);
            }
        });
    }
    ids
}

fn headings_and_html(blocks: &[Block], raw_html: bool, ids: &mut HashSet<String>) {
    for b in blocks {
        match b {
            Block::Heading { content, .. } => {
                let mut text = String::new();
                text_of(content, &mut text);
                let base = crate::slug::zola(&text);
                let mut id = base.clone();
                let mut n = 0;
                while ids.contains(&id) {
                    n += 1;
                    id = format!("{base}-{n}");
                }
                ids.insert(id);
            }
            Block::Html(h) if raw_html => html_ids(h, ids),
            Block::BlockQuote(bs) | Block::FootnoteDefinition { content: bs, .. } => {
                headings_and_html(bs, raw_html, ids)
            }
            Block::List { items, .. } => {
                for it in items {
                    headings_and_html(&it.content, raw_html, ids);
                }
            }
            Block::DefinitionList(items) => {
                for d in items.iter().flat_map(|it| &it.definitions) {
                    headings_and_html(d, raw_html, ids);
                }
            }
            Block::Figure { content, .. } => headings_and_html(content, raw_html, ids),
            _ => {}
        }
    }
}

/// A heading's text as Zola reads it for the id: its text and code, no markup.
fn text_of(run: &[Inline], out: &mut String) {
    for i in run {
        match i {
            Inline::Text(t) | Inline::Code(t) | Inline::Kbd(t) => out.push_str(t),
            other => {
                if let Some(c) = other.children() {
                    text_of(c, out);
                }
            }
        }
    }
}

/// The `id` and `name` attribute values in a piece of HTML.
fn html_ids(html: &str, ids: &mut HashSet<String>) {
    let lower = html.to_ascii_lowercase();
    for attr in [" id=", " name="] {
        for (at, _) in lower.match_indices(attr) {
            let rest = &html[at + attr.len()..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next(),
                _ => rest.split([' ', '>', '/']).next(),
            };
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                ids.insert(v.to_string());
            }
        }
    }
}

/// Replaces each dead in-page link of `run` (at any depth) by its content.
fn unlink(run: &mut Vec<Inline>, ids: &HashSet<String>) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < run.len() {
        let dead = matches!(&run[i], Inline::Link { url, .. }
            if url.trim().is_empty()
                || url.strip_prefix('#').is_some_and(|f| !f.is_empty() && !ids.contains(f)));
        if dead {
            if let Inline::Link { content, .. } = run.remove(i) {
                // The content is looked at next, as any other inline of the run.
                run.splice(i..i, content);
                n += 1;
            }
            continue;
        }
        if let Some(c) = run[i].children_mut() {
            n += unlink(c, ids);
        }
        i += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str, text: &str) -> Inline {
        Inline::Link {
            url: url.into(),
            title: None,
            content: vec![Inline::Text(text.into())],
        }
    }

    fn heading(text: &str) -> Block {
        Block::Heading {
            level: 2,
            content: vec![Inline::Text(text.into())],
        }
    }

    #[test]
    fn only_links_zola_refuses_lose_their_link() {
        let mut body = vec![
            Block::Paragraph(vec![
                link("#what-s-a-repo", "a"),
                link("#dup-1", "b"),
                link("#kept", "c"),
                link("#", "top"),
                Inline::Emphasis(vec![link("#gone", "d")]),
                link("", "e"),
                link("https://a.example/#gone", "f"),
            ]),
            heading("What’s a Repo?"),
            heading("Dup"),
            heading("Dup"),
            Block::Paragraph(vec![Inline::Html("<a id=\"kept\"></a>".into())]),
        ];
        // Without raw HTML the anchor is not written, so its link goes nowhere too.
        assert_eq!(unlink_dead_for_zola(&mut body.clone(), false), 3);
        assert_eq!(unlink_dead_for_zola(&mut body, true), 2);
        let Block::Paragraph(run) = &body[0] else {
            panic!()
        };
        let urls: Vec<&str> = run
            .iter()
            .filter_map(|i| match i {
                Inline::Link { url, .. } => Some(url.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            urls,
            [
                "#what-s-a-repo",
                "#dup-1",
                "#kept",
                "#",
                "https://a.example/#gone"
            ]
        );
        assert_eq!(run[4], Inline::Emphasis(vec![Inline::Text("d".into())]));
        assert_eq!(run[5], Inline::Text("e".into()));
    }

    #[test]
    fn ids_are_read_from_raw_html_in_any_quoting() {
        let mut ids = HashSet::new();
        html_ids(r#"<div ID='a'><span name=b>x</span><p id="c d">"#, &mut ids);
        let mut ids: Vec<_> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["a", "b", "c d"]);
    }
}
