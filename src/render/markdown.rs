//! Renders body blocks as CommonMark/GFM.

use crate::doc::{Block, Inline};

/// What the target's Markdown dialect allows.
#[derive(Debug, Clone, Default)]
pub struct MarkdownOptions {}

/// Renders blocks to Markdown text ending in one newline (empty for an empty body).
pub fn render(blocks: &[Block], _opts: &MarkdownOptions) -> String {
    let mut out = String::new();
    for b in blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        match b {
            Block::Paragraph(inlines) => {
                for i in inlines {
                    match i {
                        Inline::Text(t) => out.push_str(t),
                    }
                }
            }
            Block::Html(h) => out.push_str(h),
        }
        out.push('\n');
    }
    out
}
