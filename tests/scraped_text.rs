//! Scraped text becomes a clean post: the seed page that started the project, and our own sample.

mod common;

use unpress::doc::Block;
use unpress::read::text::read_text;

const BOILERPLATE: &[&str] = &[
    "Leave a Reply",
    "Leave a Comment",
    "Fill in your details below",
    "You are commenting using your",
    "Log Out",
    "Connecting to %s",
    "bloggers like this",
    "The URI to TrackBack this entry is",
    "RSS feed for comments on this post",
    "Tags:",
    "Published in",
    "Google+ photo",
];

fn check(text: &str, title: &str, ymd: &str, paragraphs: usize) {
    let (post, dropped) = read_text(text).expect("a post");
    assert_eq!(post.meta.title, title);
    assert_eq!(post.meta.date.map(|d| d.ymd()).as_deref(), Some(ymd));
    let paras = post
        .body
        .iter()
        .filter(|b| matches!(b, Block::Paragraph(_)))
        .count();
    assert_eq!(paras, paragraphs, "{:#?}", post.body);
    assert!(dropped > 5);
    let md = unpress::render::markdown::render(&post.body, &Default::default());
    for b in BOILERPLATE {
        assert!(!md.contains(b), "boilerplate {b:?} survived:\n{md}");
    }
}

#[test]
fn seed_text_converts_to_a_clean_post() {
    let Some(shared) = common::shared() else {
        return;
    };
    let text = std::fs::read_to_string(shared.join("seed/scraped-post.txt")).expect("seed");
    check(
        &text,
        "Victory! LAPD Releases Detained Trafficking Victims",
        "2011-01-23",
        4,
    );
    let (post, _) = read_text(&text).expect("post");
    assert_eq!(
        post.meta.date.map(|d| d.to_string()).as_deref(),
        Some("2011-01-23T11:22:00")
    );
}

#[test]
fn sample_text_converts_to_a_clean_post() {
    let text = std::fs::read_to_string(common::samples().join("scraped-post.txt")).expect("sample");
    let first = text
        .lines()
        .next()
        .expect("title line")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let (post, _) = read_text(&text).expect("post");
    assert_eq!(post.meta.title, first);
    let paras = post
        .body
        .iter()
        .filter(|b| matches!(b, Block::Paragraph(_)))
        .count();
    assert!((3..=4).contains(&paras), "{paras}");
    let md = unpress::render::markdown::render(&post.body, &Default::default());
    for b in BOILERPLATE {
        assert!(!md.contains(b), "boilerplate {b:?} survived:\n{md}");
    }
}

#[test]
fn empty_text_is_no_post() {
    assert!(read_text("").is_none());
    assert!(read_text("\n  \n").is_none());
}
