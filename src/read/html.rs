//! A saved HTML page → post: find the article, drop the page around it, read the metadata.

use crate::doc::{Meta, Post};
use scraper::{Html, Selector};

/// Why a page gave no post.
#[derive(Debug, Clone, PartialEq)]
pub enum PageError {
    /// No element holds anything that reads like an article.
    NoContent,
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageError::NoContent => f.write_str("no article content found"),
        }
    }
}

fn select_first<'a>(doc: &'a Html, css: &str) -> Option<scraper::ElementRef<'a>> {
    let sel = Selector::parse(css).ok()?;
    doc.select(&sel).next()
}

/// Reads one page. The first container that WordPress themes use for the post body wins;
/// otherwise `<article>`, `<main>`, then `<body>`.
pub fn read_page(html: &str) -> Result<Post, PageError> {
    let doc = Html::parse_document(html);
    let title = select_first(&doc, "h1.entry-title, h1")
        .or_else(|| select_first(&doc, "title"))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let container = [".entry-content", ".post-content", "article", "main", "body"]
        .iter()
        .find_map(|css| select_first(&doc, css))
        .ok_or(PageError::NoContent)?;
    let body = crate::html::convert::to_blocks(&container.inner_html());
    if body.is_empty() {
        return Err(PageError::NoContent);
    }
    let meta = Meta {
        post_type: "post".into(),
        slug: crate::slug::slugify(&title, false),
        title,
        ..Meta::default()
    };
    Ok(Post { meta, body })
}
