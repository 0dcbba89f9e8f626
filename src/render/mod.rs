//! Model → text: the Markdown body and the front matter.

pub mod fields;
pub mod frontmatter;
pub mod json;
pub mod markdown;
pub mod rawhtml;
pub mod toml;
pub mod yaml;

use crate::doc::{Block, Meta};
use crate::target::{FrontMatterFormat, Target};

/// One rendered output file, with the body kept apart so callers can inspect it.
pub struct Rendered {
    pub front_matter: String,
    pub body: String,
}

impl Rendered {
    /// Front matter, a blank line, the body.
    pub fn into_text(self) -> String {
        let mut text = self.front_matter;
        if !self.body.is_empty() {
            text.push('\n');
            text.push_str(&self.body);
        }
        text
    }
}

/// Renders a post for a target: its front matter fields and its body in the target's
/// Markdown dialect.
pub fn document(
    meta: &Meta,
    slug: &str,
    body: &[Block],
    target: Target,
    format: FrontMatterFormat,
) -> Rendered {
    let fields = frontmatter::fields(meta, slug, target);
    Rendered {
        front_matter: frontmatter::render(&fields, format),
        body: markdown::render(body, &target.markdown_options()),
    }
}
