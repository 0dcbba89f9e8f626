//! unpress: gets blogs out of WordPress.
//!
//! The pipeline reads top to bottom: read → model → transform → render → write.

pub mod doc;
pub mod html;
pub mod render;
pub mod wp;

/// Converts one HTML fragment to a Markdown body: no extraction, no front matter.
pub fn html_fragment_to_markdown(html: &str) -> String {
    let blocks = html::convert::to_blocks(html);
    render::markdown::render(&blocks, &render::markdown::MarkdownOptions::default())
}
