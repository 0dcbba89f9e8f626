//! Ghost's cards in post HTML (`<figure class="kg-card kg-bookmark-card">…`) rewritten in the
//! parsed tree into the plain HTML of their closest Markdown, before the converter and the
//! loss check's census walk it. Ghost exports carry its rendered cards, and so do saved
//! pages of Ghost blogs.
//!
//! Most cards are plain HTML already (image, gallery, embed, code, toggle, button, header):
//! they are left alone. The rest:
//! - bookmark: a quote holding the link (the page's title as its text), the description and
//!   the publisher; the linked page's icon and thumbnail are dropped;
//! - callout: a quote, the emoji first;
//! - audio and video: the player element (with the video's real thumbnail as its poster, not
//!   Ghost's spacer image) and the title or caption under it; the player's controls (play
//!   buttons, `0:00 / 2:05`, speed) are dropped;
//! - file: a link to the file named by its title (or file name), the caption under it;
//! - product: the star rating as stars (`★★★★☆`);
//! - signup: the membership form is dropped whole;
//! - the rule markdown-it draws above a markdown card's footnotes is dropped (the generator
//!   draws its own).
//!
//! What is dropped is counted in [`Removed`] for the report.

use ego_tree::NodeId;
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, LocalName, QualName, ns};
use scraper::node::{Element, Text};
use scraper::{ElementRef, Html, Node};
use std::collections::BTreeMap;

/// What the rewrite dropped, by kind: named in the report as left out on purpose.
pub type Removed = BTreeMap<&'static str, usize>;

/// Card kinds by class, with what to do with each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Card {
    Bookmark,
    Callout,
    Audio,
    Video,
    File,
    Product,
    Signup,
    /// The rule markdown-it draws above a markdown card's footnotes: the generator draws its
    /// own.
    FootnotesRule,
}

const CARDS: &[(&str, Card)] = &[
    ("kg-bookmark-card", Card::Bookmark),
    ("kg-callout-card", Card::Callout),
    ("kg-audio-card", Card::Audio),
    ("kg-video-card", Card::Video),
    ("kg-file-card", Card::File),
    ("kg-product-card", Card::Product),
    ("kg-signup-card", Card::Signup),
];

/// Rewrites every Ghost card in `doc` that needs it; returns what was dropped.
pub fn rewrite(doc: &mut Html, source: &str) -> Removed {
    let mut removed = Removed::new();
    if !source.contains("kg-") && !source.contains("footnotes-sep") {
        return removed;
    }
    let cards: Vec<(NodeId, Card)> = doc
        .root_element()
        .descendent_elements()
        .filter_map(|e| {
            let card = e.value().classes().find_map(|c| {
                CARDS
                    .iter()
                    .find(|(name, _)| *name == c)
                    .map(|(_, card)| *card)
                    .or((c == "footnotes-sep" && e.value().name() == "hr")
                        .then_some(Card::FootnotesRule))
            })?;
            Some((e.id(), card))
        })
        .collect();
    for (id, card) in cards {
        // A card inside one already rewritten went with it.
        let attached = doc
            .tree
            .get(id)
            .is_some_and(|n| n.ancestors().any(|a| a.id() == doc.tree.root().id()));
        if !attached {
            continue;
        }
        match card {
            Card::Bookmark => bookmark(doc, id, &mut removed),
            Card::Callout => callout(doc, id),
            Card::Audio => audio(doc, id),
            Card::Video => video(doc, id),
            Card::File => file(doc, id),
            Card::Product => product(doc, id),
            Card::FootnotesRule => detach(doc, id),
            Card::Signup => {
                detach(doc, id);
                *removed.entry("Ghost membership signup form").or_default() += 1;
            }
        }
    }
    removed
}

fn element(name: &str, attrs: &[(&str, &str)]) -> Node {
    let qual = |n: &str| QualName::new(None, ns!(), LocalName::from(n));
    Node::Element(Element::new(
        QualName::new(None, ns!(html), LocalName::from(name)),
        attrs
            .iter()
            .map(|(k, v)| Attribute {
                name: qual(k),
                value: StrTendril::from(*v),
            })
            .collect(),
    ))
}

fn text(s: &str) -> Node {
    Node::Text(Text {
        text: StrTendril::from(s),
    })
}

fn detach(doc: &mut Html, id: NodeId) {
    if let Some(mut n) = doc.tree.get_mut(id) {
        n.detach();
    }
}

/// The first element under `id` (itself included) whose tag is `tag` (any if empty) and
/// that has `class` (any if empty).
fn find(doc: &Html, id: NodeId, tag: &str, class: &str) -> Option<NodeId> {
    let root = ElementRef::wrap(doc.tree.get(id)?)?;
    root.descendent_elements()
        .find(|e| {
            (tag.is_empty() || e.value().name() == tag)
                && (class.is_empty() || e.value().classes().any(|c| c == class))
        })
        .map(|e| e.id())
}

fn attr_of(doc: &Html, id: Option<NodeId>, name: &str) -> String {
    id.and_then(|id| doc.tree.get(id))
        .and_then(ElementRef::wrap)
        .and_then(|e| e.value().attr(name))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

fn text_of(doc: &Html, id: Option<NodeId>) -> String {
    id.and_then(|id| doc.tree.get(id))
        .and_then(ElementRef::wrap)
        .map(|e| e.text().collect::<Vec<_>>().join(" "))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Inserts `node` before `at`; returns its id.
fn insert_before(doc: &mut Html, at: NodeId, node: Node) -> Option<NodeId> {
    Some(doc.tree.get_mut(at)?.insert_before(node).id())
}

fn append(doc: &mut Html, parent: NodeId, node: Node) -> Option<NodeId> {
    Some(doc.tree.get_mut(parent)?.append(node).id())
}

/// Moves `child` (and what it holds) to the end of `parent`.
fn adopt(doc: &mut Html, parent: NodeId, child: NodeId) {
    if let Some(mut p) = doc.tree.get_mut(parent) {
        p.append_id(child);
    }
}

fn children(doc: &Html, id: NodeId) -> Vec<NodeId> {
    doc.tree
        .get(id)
        .map(|n| n.children().map(|c| c.id()).collect())
        .unwrap_or_default()
}

fn bookmark(doc: &mut Html, card: NodeId, removed: &mut Removed) {
    let link = find(doc, card, "a", "kg-bookmark-container").or_else(|| find(doc, card, "a", ""));
    let url = attr_of(doc, link, "href");
    let title = text_of(doc, find(doc, card, "", "kg-bookmark-title"));
    let description = text_of(doc, find(doc, card, "", "kg-bookmark-description"));
    let by: Vec<String> = ["kg-bookmark-author", "kg-bookmark-publisher"]
        .iter()
        .map(|c| text_of(doc, find(doc, card, "", c)))
        .filter(|t| !t.is_empty())
        .collect();
    let pictures = doc
        .tree
        .get(card)
        .and_then(ElementRef::wrap)
        .map_or(0, |e| {
            e.descendent_elements()
                .filter(|d| d.value().name() == "img")
                .count()
        });
    // The quote takes the link's place, so a caption after it stays a caption.
    let at = link.unwrap_or(card);
    let Some(quote) = insert_before(doc, at, element("blockquote", &[])) else {
        return;
    };
    let Some(p) = append(doc, quote, element("p", &[])) else {
        return;
    };
    let label = if title.is_empty() { &url } else { &title };
    if url.is_empty() {
        append(doc, p, text(label));
    } else if let Some(a) = append(doc, p, element("a", &[("href", &url)])) {
        append(doc, a, text(label));
    }
    for line in [description, by.join(" · ")] {
        if !line.is_empty() {
            append(doc, p, element("br", &[]));
            append(doc, p, text(&line));
        }
    }
    detach(doc, at);
    if pictures > 0 {
        *removed.entry("Ghost bookmark card picture").or_default() += pictures;
    }
}

fn callout(doc: &mut Html, card: NodeId) {
    let emoji = text_of(doc, find(doc, card, "", "kg-callout-emoji"));
    let body = find(doc, card, "", "kg-callout-text").unwrap_or(card);
    let Some(quote) = insert_before(doc, card, element("blockquote", &[])) else {
        return;
    };
    if body == card {
        // No text part: the card's own content, less the emoji.
        if let Some(e) = find(doc, card, "", "kg-callout-emoji") {
            detach(doc, e);
        }
    }
    for child in children(doc, body) {
        adopt(doc, quote, child);
    }
    detach(doc, card);
    if !emoji.is_empty() {
        // The emoji opens the first paragraph (Ghost 5 wraps the text in one).
        let first = children(doc, quote).into_iter().find(|c| {
            doc.tree.get(*c).is_some_and(|n| match n.value() {
                Node::Text(t) => !t.text.trim().is_empty(),
                _ => true,
            })
        });
        let into = first
            .filter(|c| {
                doc.tree
                    .get(*c)
                    .and_then(ElementRef::wrap)
                    .is_some_and(|e| e.value().name() == "p")
            })
            .unwrap_or(quote);
        if let Some(mut n) = doc.tree.get_mut(into) {
            n.prepend(text(&format!("{emoji} ")));
        }
    }
}

fn audio(doc: &mut Html, card: NodeId) {
    let player = find(doc, card, "audio", "");
    let src = attr_of(doc, player, "src");
    let title = text_of(doc, find(doc, card, "", "kg-audio-title"));
    let thumb = find(doc, card, "img", "kg-audio-thumbnail");
    let hidden = thumb
        .and_then(|t| doc.tree.get(t))
        .and_then(ElementRef::wrap)
        .is_some_and(|e| e.value().classes().any(|c| c == "kg-audio-hide"));
    let thumb_src = if hidden {
        String::new()
    } else {
        attr_of(doc, thumb, "src")
    };
    if !thumb_src.is_empty()
        && let Some(p) = insert_before(doc, card, element("p", &[]))
    {
        append(doc, p, element("img", &[("src", &thumb_src), ("alt", "")]));
    }
    let Some(figure) = insert_before(doc, card, element("figure", &[])) else {
        return;
    };
    if !src.is_empty() {
        append(
            doc,
            figure,
            element(
                "audio",
                &[("src", &src), ("controls", ""), ("preload", "metadata")],
            ),
        );
    }
    if !title.is_empty()
        && let Some(c) = append(doc, figure, element("figcaption", &[]))
    {
        append(doc, c, text(&title));
    }
    detach(doc, card);
}

fn video(doc: &mut Html, card: NodeId) {
    let player = find(doc, card, "video", "");
    let src = attr_of(doc, player, "src");
    let looped = player
        .and_then(|p| doc.tree.get(p))
        .and_then(ElementRef::wrap)
        .is_some_and(|e| e.value().attr("loop").is_some());
    // Ghost's `poster` is a transparent spacer sized to the video; the picture is kept on
    // the card.
    let poster = ["data-kg-custom-thumbnail", "data-kg-thumbnail"]
        .iter()
        .map(|a| attr_of(doc, Some(card), a))
        .find(|p| !p.is_empty())
        .unwrap_or_default();
    let caption = find(doc, card, "figcaption", "");
    let Some(figure) = insert_before(doc, card, element("figure", &[])) else {
        return;
    };
    let mut attrs = vec![("src", src.as_str()), ("controls", "")];
    if !poster.is_empty() {
        attrs.push(("poster", &poster));
    }
    if looped {
        attrs.extend([("loop", ""), ("autoplay", ""), ("muted", "")]);
    }
    attrs.push(("playsinline", ""));
    if !src.is_empty() {
        append(doc, figure, element("video", &attrs));
    }
    if let Some(c) = caption {
        adopt(doc, figure, c);
    }
    detach(doc, card);
}

fn file(doc: &mut Html, card: NodeId) {
    let link = find(doc, card, "a", "");
    let src = attr_of(doc, link, "href");
    let title = text_of(doc, find(doc, card, "", "kg-file-card-title"));
    let name = text_of(doc, find(doc, card, "", "kg-file-card-filename"));
    let caption = text_of(doc, find(doc, card, "", "kg-file-card-caption"));
    let label = [title, name, src.clone()]
        .into_iter()
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    if label.is_empty() {
        detach(doc, card);
        return;
    }
    if let Some(p) = insert_before(doc, card, element("p", &[])) {
        if src.is_empty() {
            append(doc, p, text(&label));
        } else if let Some(a) = append(doc, p, element("a", &[("href", &src)])) {
            append(doc, a, text(&label));
        }
    }
    if !caption.is_empty()
        && let Some(p) = insert_before(doc, card, element("p", &[]))
    {
        append(doc, p, text(&caption));
    }
    detach(doc, card);
}

fn product(doc: &mut Html, card: NodeId) {
    let Some(rating) = find(doc, card, "", "kg-product-card-rating") else {
        return;
    };
    let stars: Vec<bool> = doc
        .tree
        .get(rating)
        .and_then(ElementRef::wrap)
        .map(|r| {
            r.descendent_elements()
                .filter(|e| {
                    e.value()
                        .classes()
                        .any(|c| c == "kg-product-card-rating-star")
                })
                .map(|e| {
                    e.value()
                        .classes()
                        .any(|c| c == "kg-product-card-rating-active")
                })
                .collect()
        })
        .unwrap_or_default();
    let shown: String = stars.iter().map(|&on| if on { '★' } else { '☆' }).collect();
    if let Some(p) = insert_before(doc, rating, element("p", &[])) {
        append(doc, p, text(&shown));
    }
    detach(doc, rating);
}
