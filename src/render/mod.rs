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

/// The longest file name most file systems take, in bytes.
const MAX_NAME: usize = 255;

/// A path segment's length once percent-encoded, as generators name alias folders.
fn encoded_len(segment: &str) -> usize {
    segment
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                1
            } else {
                3
            }
        })
        .sum()
}

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
    let mut by_design = Vec::new();
    // An alias is a file the generator writes at the old address: one whose folder name is
    // longer than a file system allows stops the whole build. The old address still goes
    // into `--redirects`, where no file is made for it.
    let fitting = |a: &String| a.split('/').all(|s| encoded_len(s) <= MAX_NAME);
    let trimmed;
    let meta =
        if meta.aliases.iter().all(fitting) {
            meta
        } else {
            let mut m = meta.clone();
            m.aliases.retain(fitting);
            by_design.push(format!(
            "{} old address{} too long to be written as an alias file: only in --redirects maps",
            meta.aliases.len() - m.aliases.len(),
            if meta.aliases.len() - m.aliases.len() == 1 { "" } else { "es" }
        ));
            trimmed = m;
            &trimmed
        };
    let fields = if section {
        frontmatter::section_fields(meta, slug, target)
    } else {
        frontmatter::fields(meta, slug, target)
    };
    if target == Target::Zola {
        let n = crate::transform::fragments::unlink_dead_for_zola(&mut body, md.raw_html);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_address_too_long_for_a_file_name_is_no_alias() {
        // A TypePad permalink made of a Japanese title: 57 characters, 171 bytes, 513 encoded.
        let long = format!("/blog/2017/09/{}.html", "和".repeat(57));
        let meta = Meta {
            title: "T".into(),
            aliases: vec![long, "/blog/2017/09/short.html".into()],
            ..Meta::default()
        };
        let target = Target::Hugo;
        let doc = document(
            &meta,
            "t",
            Vec::new(),
            target,
            FrontMatterFormat::Yaml,
            &target.markdown_options(),
            false,
        );
        assert!(doc.front_matter.contains("/blog/2017/09/short.html"));
        assert!(!doc.front_matter.contains('和'), "{}", doc.front_matter);
        assert_eq!(
            doc.by_design,
            ["1 old address too long to be written as an alias file: only in --redirects maps"]
        );
    }
}
