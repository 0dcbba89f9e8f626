//! Model → text: the Markdown body and the front matter.

pub mod fields;
pub mod frontmatter;
pub mod json;
pub mod markdown;
pub mod rawhtml;
pub mod templates;
pub mod toml;
pub mod yaml;

use crate::doc::{Block, Meta};
use crate::target::{FrontMatterFormat, Target};

/// One rendered output file, with the body kept apart so callers can inspect it.
pub struct Rendered {
    pub front_matter: String,
    pub body: String,
    /// What the target made the rendering leave out on purpose, for the post's report row.
    pub by_design: Vec<String>,
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

/// Renders a post for a target: its front matter fields and its body in the given Markdown
/// dialect (normally [`Target::markdown_options`]). `section` says the post is written as a
/// section file ([`Target::is_section`]), whose front matter some generators restrict.
pub fn document(
    meta: &Meta,
    slug: &str,
    mut body: Vec<Block>,
    target: Target,
    format: FrontMatterFormat,
    md: &markdown::MarkdownOptions,
    section: bool,
) -> Rendered {
    let fields = if section {
        frontmatter::section_fields(meta, slug, target)
    } else {
        frontmatter::fields(meta, slug, target)
    };
    let mut by_design = Vec::new();
    if target == Target::Zola {
        let n = crate::transform::fragments::unlink_dead_for_zola(&mut body);
        if n > 0 {
            by_design.push(format!(
                "{n} link{} to nowhere (no address, or a place the post does not have) \
                 written as text: Zola refuses to build a page with them",
                if n == 1 { "" } else { "s" }
            ));
        }
    }
    let shortcodes = if target == Target::Hugo {
        templates::hugo_embeds(&mut body)
    } else {
        Vec::new()
    };
    let markdown = markdown::render(&body, md);
    Rendered {
        front_matter: frontmatter::render(&fields, format),
        body: templates::protect(target, &markdown, &shortcodes),
        by_design,
    }
}
