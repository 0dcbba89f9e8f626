//! Targets of a post's links to its own places (`href="#part-2"`).
//!
//! Markdown has no syntax for an element's `id`, so a converted post keeps its in-post links
//! and loses what they point at: a table of contents written by hand, a "back to top" link or
//! a jump to a section goes nowhere. Zola goes further and refuses to build a site with such a
//! link. So every target that a link of the post names is kept as an empty `<a id>` where its
//! element began, and only those: Medium gives every paragraph an id, and ids nobody links to
//! would be noise.
//!
//! A link can also name an id the page never had: posts written in Markdown elsewhere link to
//! the ids their old generator gave the headings (`#whats-a-repository` for "What's a
//! Repository?"). Such a fragment is matched to the heading whose letters and digits it
//! spells, and the heading gets the anchor.
//!
//! Tables of contents the converter leaves out ([`super::toc`]) and footnote links (which
//! become Markdown footnotes) need no anchors.

use super::convert::node_key as key;
use crate::slug::percent_decode;
use scraper::ElementRef;
use std::collections::{HashMap, HashSet};

/// The anchors to write, by element (its node address in the parsed document).
#[derive(Debug, Default)]
pub struct Anchors {
    by_node: HashMap<usize, String>,
}

impl Anchors {
    /// One pass for the fragments linked to (outside the subtrees `skip` says are left out),
    /// and one for the elements that carry them. `footnote` names ids that footnotes handle.
    pub fn scan(
        root: ElementRef<'_>,
        skip: impl Fn(ElementRef<'_>) -> bool,
        footnote: impl Fn(&str) -> bool,
    ) -> Anchors {
        let mut anchors = Anchors::default();
        // Each fragment as the link writes it (what the anchor's id must be for Zola, and
        // what a browser tries first) and percent-decoded (what the element's id may be).
        let mut wanted: Vec<(String, String)> = Vec::new();
        let mut seen = HashSet::new();
        // Links share their ancestors: each is asked about once.
        let mut skipped: HashMap<usize, bool> = HashMap::new();
        for a in root.descendent_elements() {
            let Some(fragment) = a
                .value()
                .attr("href")
                .and_then(|h| h.trim().strip_prefix('#'))
            else {
                continue;
            };
            if fragment.trim().is_empty() || footnote(fragment) || seen.contains(fragment) {
                continue;
            }
            if a.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|p| *skipped.entry(key(p)).or_insert_with(|| skip(p)))
            {
                continue;
            }
            seen.insert(fragment.to_string());
            wanted.push((fragment.to_string(), percent_decode(fragment)));
        }
        if wanted.is_empty() {
            return anchors;
        }
        let mut by_id: HashMap<&str, usize> = HashMap::new();
        let mut headings: Vec<(String, usize)> = Vec::new();
        for el in root.descendent_elements() {
            let e = el.value();
            for id in [e.id(), e.attr("name").filter(|_| e.name() == "a")]
                .into_iter()
                .flatten()
            {
                by_id.entry(id).or_insert(key(el));
            }
            if matches!(e.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                headings.push((letters(&el.text().collect::<String>()), key(el)));
            }
        }
        for (fragment, decoded) in wanted {
            let node = [fragment.as_str(), decoded.as_str()]
                .iter()
                .find_map(|f| by_id.get(f).copied())
                .or_else(|| {
                    let spelled = letters(&decoded);
                    headings
                        .iter()
                        .find(|(text, node)| {
                            !spelled.is_empty()
                                && *text == spelled
                                && !anchors.by_node.contains_key(node)
                        })
                        .map(|(_, node)| *node)
                });
            if let Some(node) = node {
                anchors.by_node.entry(node).or_insert(fragment);
            }
        }
        anchors
    }

    /// The anchor to write where `el` begins, once.
    pub fn take(&mut self, el: ElementRef<'_>) -> Option<String> {
        if self.by_node.is_empty() {
            return None;
        }
        self.by_node
            .remove(&key(el))
            .map(|id| format!("<a id=\"{}\"></a>", super::convert::escape_html(&id)))
    }
}

/// Lower-case letters and digits only: what a generated heading id and its heading share.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn anchors_of(html: &str) -> Vec<String> {
        let doc = Html::parse_fragment(html);
        let mut a = Anchors::scan(doc.root_element(), |_| false, |_| false);
        doc.root_element()
            .descendent_elements()
            .filter_map(|el| a.take(el))
            .collect()
    }

    #[test]
    fn only_linked_ids_get_anchors() {
        let html = r##"<p><a href="#b">to b</a></p><section id="a"><p id="b">B</p></section>"##;
        assert_eq!(anchors_of(html), ["<a id=\"b\"></a>"]);
    }

    #[test]
    fn a_fragment_spelling_a_heading_finds_it() {
        let html = r##"<a href="#whats-a-repository">x</a><h2>What’s a Repository?</h2>"##;
        assert_eq!(anchors_of(html), ["<a id=\"whats-a-repository\"></a>"]);
    }

    #[test]
    fn dead_and_empty_fragments_get_nothing() {
        assert!(
            anchors_of(r##"<a href="#">top</a><a href="#nowhere">x</a><h2>Here</h2>"##).is_empty()
        );
    }

    #[test]
    fn names_and_encoded_fragments_match() {
        let html = r##"<a href="#caf%C3%A9">x</a><a name="café"></a><p>y</p>"##;
        assert_eq!(anchors_of(html), ["<a id=\"caf%C3%A9\"></a>"]);
    }

    #[test]
    fn hostile_ids_are_escaped() {
        let html = r##"<a href="#a&quot;b<c">x</a><p id='a"b<c'>y</p>"##;
        assert_eq!(anchors_of(html), ["<a id=\"a&quot;b&lt;c\"></a>"]);
    }
}
