//! Walks a parsed HTML fragment and builds the body model.

use crate::doc::{Block, Inline};
use scraper::Html;

/// Converts an HTML fragment into body blocks.
pub fn to_blocks(html: &str) -> Vec<Block> {
    let frag = Html::parse_fragment(html);
    let text: String = frag.root_element().text().collect();
    let text = text.trim();
    if text.is_empty() {
        Vec::new()
    } else {
        vec![Block::Paragraph(vec![Inline::Text(text.to_string())])]
    }
}
