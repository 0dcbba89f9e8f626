//! Scraped text → post. What is left of many blogs is text copied out of their pages: the
//! title on the first line, the post's paragraphs, then the theme's byline and the comment
//! form flattened into lines ("Leave a Reply", "You are commenting using your … account",
//! "%d bloggers like this:"). The post ends where that chrome begins; the byline gives the
//! date and categories; the rest is dropped and counted.

use super::dates;
use crate::doc::{Block, Inline, Meta, Post};

/// Lines that belong to the theme, share widgets or comment form, never to the post.
/// Matched on the line with whitespace collapsed, case-insensitively, as prefixes.
const BOILERPLATE: &[&str] = &[
    "leave a reply",
    "leave a comment",
    "leave a comment»",
    "fill in your details below or click an icon to log in",
    "you are commenting using your",
    "log out /",
    "log out / change",
    "connecting to %s",
    "%d bloggers like this",
    "bloggers like this",
    "the uri to trackback this entry is",
    "trackback uri",
    "rss feed for comments on this post",
    "comments rss",
    "comments (rss)",
    "entries (rss)",
    "share this:",
    "like this:",
    "like loading",
    "related",
    "google+ photo",
    "twitter picture",
    "facebook photo",
    "wordpress.com logo",
    "email (required)",
    "name (required)",
    "website",
    "notify me of new comments via email",
    "notify me of new posts via email",
    "post was not sent - check your email addresses",
    "email check failed, please try again",
    "sorry, your blog cannot share posts by email",
    "report this content",
    "blog at wordpress.com",
    "create a free website or blog at wordpress.com",
    "previous post",
    "next post",
    "« previous",
    "next »",
    "subscribe",
    "follow",
    "cancel reply",
    "post comment",
    "comments are closed",
    "teilen mit:",
    "gefällt mir:",
    "schreibe einen kommentar",
    "hinterlasse einen kommentar",
    "partager :",
    "j’aime :",
    "laisser un commentaire",
    "compartir:",
    "me gusta:",
    "deja una respuesta",
];

/// Byline prefixes that carry the date and categories.
const BYLINES: &[&str] = &[
    "published in",
    "posted in",
    "posted on",
    "posted by",
    "filed under",
    "published on",
    "published by",
    "veröffentlicht",
    "publié",
    "publicado",
];

fn normalize(line: &str) -> String {
    line.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn is_boilerplate(norm: &str) -> bool {
    if norm.is_empty() {
        return false;
    }
    // An empty tag or category list ("Tags: , , ,") carries nothing.
    if let Some(rest) = norm
        .strip_prefix("tags:")
        .or_else(|| norm.strip_prefix("categories:"))
        && rest.chars().all(|c| c == ',' || c.is_whitespace())
    {
        return true;
    }
    // Short entries ("Related", "Follow") must be the whole line; phrases may start one.
    let bare = norm.trim_end_matches([':', '.', '…', '»', '!', ' ']);
    BOILERPLATE.iter().any(|b| {
        let b_bare = b.trim_end_matches([':', '.', '…', '»', '!', ' ']);
        if b.split_whitespace().count() < 3 && !b.ends_with('/') {
            bare == b_bare
        } else {
            norm.starts_with(b)
        }
    }) || (norm.starts_with("you are commenting using") && norm.contains("account"))
}

fn is_byline(norm: &str) -> bool {
    BYLINES.iter().any(|b| norm.starts_with(b))
}

/// A list after `label:` ("Tags: a, b, c"), without empty entries.
fn list_after(line: &str, label: &str) -> Vec<String> {
    let lower = line.to_lowercase();
    let Some(at) = lower.find(label) else {
        return Vec::new();
    };
    line[at + label.len()..]
        .split([',', '|'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Categories from "Published in: A, B on <date>" / "Posted in A | Tagged …".
fn byline_categories(line: &str) -> Vec<String> {
    let lower = line.to_lowercase();
    let start = [
        "published in:",
        "posted in:",
        "filed under:",
        "posted in",
        "published in",
    ]
    .iter()
    .find_map(|p| lower.find(p).map(|i| i + p.len()));
    let Some(start) = start else {
        return Vec::new();
    };
    let rest = &line[start..];
    let lower_rest = &lower[start..];
    let end = [" on ", " | ", " tagged", " by ", " at "]
        .iter()
        .filter_map(|e| lower_rest.find(e))
        .min()
        .unwrap_or(rest.len());
    rest[..end]
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Reads one scraped text. Returns the post and the number of chrome lines dropped.
pub fn read_text(text: &str) -> Option<(Post, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    let title = lines[first]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut meta = Meta {
        post_type: "post".into(),
        title,
        ..Meta::default()
    };
    let mut paragraphs: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut in_chrome = false;
    let mut dropped = 0;
    for line in &lines[first + 1..] {
        let norm = normalize(line);
        if norm.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if is_byline(&norm) {
            in_chrome = true;
            if meta.date.is_none() {
                meta.date = dates::find_date(line);
            }
            if meta.categories.is_empty() {
                meta.categories = byline_categories(line);
            }
            if let Some(i) = norm.find("tagged ") {
                meta.tags = list_after(&line[i..], "tagged ");
            }
            dropped += 1;
            continue;
        }
        if norm.starts_with("tags:") || norm.starts_with("tagged:") {
            in_chrome = true;
            let tags = list_after(line, ":");
            if !tags.is_empty() && meta.tags.is_empty() {
                meta.tags = tags;
            }
            dropped += 1;
            continue;
        }
        if norm.starts_with("categories:") || norm.starts_with("category:") {
            in_chrome = true;
            let cats = list_after(line, ":");
            if !cats.is_empty() && meta.categories.is_empty() {
                meta.categories = cats;
            }
            dropped += 1;
            continue;
        }
        if is_boilerplate(&norm) {
            in_chrome = true;
            dropped += 1;
            continue;
        }
        if in_chrome {
            // After the byline and comment form comes only more page chrome or other
            // people's comments: not the post.
            dropped += 1;
            continue;
        }
        current.push(line.trim());
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    let body = paragraphs
        .into_iter()
        .map(|lines| {
            let mut inlines = Vec::new();
            for (i, l) in lines.into_iter().enumerate() {
                if i > 0 {
                    inlines.push(Inline::LineBreak);
                }
                inlines.push(Inline::Text(l.to_string()));
            }
            Block::Paragraph(inlines)
        })
        .collect();
    meta.slug = crate::slug::slugify(&meta.title, false);
    Some((
        Post {
            meta,
            body,
            original: None,
        },
        dropped,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_lines_are_recognised() {
        for line in [
            "Leave a Reply",
            "Fill in your details below or click an icon to log in: Logo",
            "You are commenting using your Twitter account. Log Out /  Change )",
            "Connecting to %s",
            "%d bloggers like this:",
            "The URI to TrackBack this entry is:",
            "RSS feed for comments on this post.",
            "Tags: , , ,",
        ] {
            assert!(is_boilerplate(&normalize(line)), "{line}");
        }
        for line in [
            "Related work shows",
            "Following the news",
            "Website design is hard",
        ] {
            assert!(!is_boilerplate(&normalize(line)), "{line}");
        }
    }

    #[test]
    fn byline_categories_and_tags() {
        assert_eq!(
            byline_categories("Published in: News, Law on January 23, 2011 at 11:22 am"),
            ["News", "Law"]
        );
        assert!(byline_categories("Published in: on January 23, 2011").is_empty());
    }
}
