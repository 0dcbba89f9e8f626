//! Static site generators as data: where each one wants files and which front matter format
//! it reads. Field names live in [`crate::render::frontmatter`].

use crate::doc::Meta;
use crate::render::markdown::MarkdownOptions;
use std::fmt;
use std::str::FromStr;

/// The generator the output is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    #[default]
    Hugo,
    Jekyll,
    Zola,
    Eleventy,
    Astro,
}

/// Front matter syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    Yaml,
    Toml,
    Json,
}

impl Target {
    pub const ALL: [Target; 5] = [
        Target::Hugo,
        Target::Jekyll,
        Target::Zola,
        Target::Eleventy,
        Target::Astro,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::Hugo => "hugo",
            Target::Jekyll => "jekyll",
            Target::Zola => "zola",
            Target::Eleventy => "eleventy",
            Target::Astro => "astro",
        }
    }

    pub fn default_format(self) -> FrontMatterFormat {
        match self {
            Target::Zola => FrontMatterFormat::Toml,
            _ => FrontMatterFormat::Yaml,
        }
    }

    /// Formats the generator can read: Hugo reads all three, Zola only TOML, the rest YAML.
    pub fn supports(self, format: FrontMatterFormat) -> bool {
        match self {
            Target::Hugo => true,
            Target::Zola => format == FrontMatterFormat::Toml,
            _ => format == FrontMatterFormat::Yaml,
        }
    }

    /// The Markdown dialect the generator's renderer reads: Hugo's goldmark and Jekyll's
    /// kramdown have footnotes and definition lists; Zola's pulldown-cmark and Astro's
    /// remark-gfm have footnotes; Eleventy's markdown-it has neither without plugins.
    pub fn markdown_options(self) -> MarkdownOptions {
        let (footnotes, definition_lists) = match self {
            Target::Hugo | Target::Jekyll => (true, true),
            Target::Zola | Target::Astro => (true, false),
            Target::Eleventy => (false, false),
        };
        MarkdownOptions {
            footnotes,
            definition_lists,
            raw_html: true,
            decodable_images: self == Target::Astro,
        }
    }

    /// The URL path a generator serves a file at, with each generator's usual settings:
    /// Hugo and Zola map folders to sections; Jekyll posts use
    /// `permalink: /:year/:month/:day/:title/` (WordPress's own day-and-name style), pages
    /// `permalink: pretty`; Eleventy maps folders directly; Astro serves collections at
    /// `/blog/…` and pages at their path.
    pub fn url(self, segments: &[String]) -> String {
        let mut parts: Vec<&str> = segments.iter().map(String::as_str).collect();
        let skip = match self {
            Target::Hugo | Target::Zola => 1,
            Target::Astro if parts.get(2) == Some(&"pages") => 3,
            Target::Astro => 2,
            Target::Jekyll | Target::Eleventy => 0,
        };
        parts.drain(..skip.min(parts.len()));
        if self == Target::Jekyll
            && let Some(&dir) = parts.first()
        {
            if dir == "_posts" || dir == "_drafts" {
                let file = parts.last().copied().unwrap_or("");
                let stem = file.strip_suffix(".md").unwrap_or(file);
                let b = stem.as_bytes();
                let dated = b.len() > 11 && b[4] == b'-' && b[7] == b'-' && b[10] == b'-';
                return if dated {
                    format!(
                        "/{}/{}/{}/{}/",
                        &stem[..4],
                        &stem[5..7],
                        &stem[8..10],
                        &stem[11..]
                    )
                } else {
                    format!("/{stem}/")
                };
            }
            if let Some(collection) = dir.strip_prefix('_') {
                parts[0] = collection;
            }
        }
        if let Some(last) = parts.pop() {
            let stem = last.strip_suffix(".md").unwrap_or(last);
            if stem != "_index" && stem != "index" {
                parts.push(stem);
            }
        }
        if parts.is_empty() {
            "/".into()
        } else {
            format!("/{}/", parts.join("/"))
        }
    }

    /// Whether the generator serves a page's own files from the page's folder (a page
    /// bundle), so uploads brought along can sit beside the post that uses them.
    pub fn bundles(self) -> bool {
        matches!(self, Target::Hugo | Target::Zola)
    }

    /// A post's path as a page bundle: `posts/slug.md` → `posts/slug/index.md`. Section
    /// files (`_index.md`) already are their folder's.
    pub fn bundle_path(self, mut segments: Vec<String>) -> Vec<String> {
        if let Some(last) = segments.pop() {
            match last.strip_suffix(".md") {
                Some(stem) if stem != "_index" && stem != "index" => {
                    segments.push(stem.to_string());
                    segments.push("index.md".into());
                }
                _ => segments.push(last),
            }
        }
        segments
    }

    /// Where copied uploads go (inside the output folder) and the URL prefix they are served
    /// at: the folder each generator publishes verbatim.
    pub fn media_dir(self) -> (Vec<String>, &'static str) {
        let v = |p: &[&str]| p.iter().map(|s| s.to_string()).collect();
        match self {
            Target::Hugo | Target::Zola => (v(&["static", "uploads"]), "/uploads/"),
            Target::Jekyll => (v(&["assets", "uploads"]), "/assets/uploads/"),
            Target::Eleventy => (v(&["uploads"]), "/uploads/"),
            Target::Astro => (v(&["public", "uploads"]), "/uploads/"),
        }
    }

    /// URL prefixes of the category and tag pages the generator builds by itself.
    pub fn taxonomy_urls(self) -> Option<(&'static str, &'static str)> {
        match self {
            Target::Hugo | Target::Zola => Some(("/categories/", "/tags/")),
            _ => None,
        }
    }

    /// Where the comments data file of the post at `post` (its output path) goes: the
    /// target's data folder, mirroring the post's path so every post has its own file.
    pub fn comments_path(self, post: &[String]) -> Vec<String> {
        let mut p: Vec<String> = match self {
            Target::Hugo | Target::Zola => vec!["data".into()],
            Target::Jekyll | Target::Eleventy => vec!["_data".into()],
            Target::Astro => vec!["src".into(), "data".into()],
        };
        p.push("comments".into());
        p.extend(post.iter().cloned());
        if let Some(last) = p.last_mut() {
            let stem = last.strip_suffix(".md").unwrap_or(last).to_string();
            *last = format!("{stem}.json");
        }
        p
    }

    /// Whether a path from [`Target::path`] is a section file: Hugo and Zola write a page with
    /// children as its folder's `_index.md`, and Zola reads a section's front matter by
    /// stricter rules than a page's.
    pub fn is_section(segments: &[String]) -> bool {
        segments.last().is_some_and(|s| s == "_index.md")
    }

    /// The slug a post is written under: as given, except for Zola, which serves a page at
    /// its own slug of the name (`a_b` at `a-b/`, `東京` at `dong-jing/`), so the name is
    /// made that first; otherwise links, redirects and the check for two posts on one address
    /// would all name an address Zola does not serve.
    ///
    /// Nor is a post named `index` or `_index`, which would stand for its folder: in Hugo and
    /// Zola every other post beside it would become its attachment, in Jekyll and Eleventy a
    /// page there would be the site's home page. Such a post is `index-2`.
    pub fn page_slug(self, slug: &str) -> String {
        let slug = match self {
            Target::Zola => {
                let s = crate::slug::zola(slug);
                if s.is_empty() { "untitled".into() } else { s }
            }
            _ => slug.to_string(),
        };
        if ["index", "_index"]
            .iter()
            .any(|r| slug.eq_ignore_ascii_case(r))
        {
            format!("{slug}-2")
        } else {
            slug
        }
    }

    /// Where a post goes, relative to the output folder, as path segments. Every segment from
    /// `meta` has already passed through [`crate::slug::component`]; `slug` is the final,
    /// collision-free slug; `has_children` makes a page a section so its children can live
    /// under it.
    pub fn path(self, meta: &Meta, slug: &str, has_children: bool) -> Vec<String> {
        let mut p: Vec<String> = Vec::new();
        let page = meta.post_type == "page";
        let post = meta.post_type == "post";
        let file = |stem: &str| format!("{stem}.md");
        match self {
            Target::Hugo | Target::Zola => {
                p.push("content".into());
                if post {
                    p.push(
                        if self == Target::Hugo {
                            "posts"
                        } else {
                            "blog"
                        }
                        .into(),
                    );
                } else if !page {
                    p.push(meta.post_type.clone());
                }
                if page {
                    p.extend(meta.parents.iter().cloned());
                }
                if page && has_children {
                    p.push(slug.to_string());
                    p.push("_index.md".into());
                } else {
                    p.push(file(slug));
                }
            }
            Target::Jekyll => {
                if post {
                    match &meta.date {
                        Some(d) => {
                            p.push("_posts".into());
                            p.push(file(&format!("{}-{slug}", d.ymd())));
                        }
                        None => {
                            p.push("_drafts".into());
                            p.push(file(slug));
                        }
                    }
                } else {
                    if !page {
                        p.push(format!("_{}", meta.post_type));
                    }
                    if page {
                        p.extend(meta.parents.iter().cloned());
                    }
                    if page && has_children {
                        p.push(slug.to_string());
                        p.push("index.md".into());
                    } else {
                        p.push(file(slug));
                    }
                }
            }
            Target::Eleventy | Target::Astro => {
                if self == Target::Astro {
                    p.push("src".into());
                    p.push("content".into());
                }
                if post {
                    p.push("blog".into());
                } else if page {
                    if self == Target::Astro {
                        p.push("pages".into());
                    }
                    p.extend(meta.parents.iter().cloned());
                } else {
                    p.push(meta.post_type.clone());
                }
                if page && has_children {
                    p.push(slug.to_string());
                    p.push("index.md".into());
                } else {
                    p.push(file(slug));
                }
            }
        }
        p
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Target {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Target::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown target '{s}' (hugo, jekyll, zola, eleventy, astro)"))
    }
}

impl FromStr for FrontMatterFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Ok(FrontMatterFormat::Yaml),
            "toml" => Ok(FrontMatterFormat::Toml),
            "json" => Ok(FrontMatterFormat::Json),
            _ => Err(format!(
                "unknown front matter format '{s}' (yaml, toml, json)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_post_slug_stands_for_its_folder() {
        // Both the export plan and saved pages take their slugs through here.
        for target in [
            Target::Hugo,
            Target::Jekyll,
            Target::Eleventy,
            Target::Astro,
        ] {
            assert_eq!(target.page_slug("index"), "index-2");
            assert_eq!(target.page_slug("_Index"), "_Index-2");
            assert_eq!(target.page_slug("indexes"), "indexes");
        }
        assert_eq!(Target::Zola.page_slug("_index"), "index-2");
        assert_eq!(Target::Zola.page_slug("a_b"), "a-b");
    }
}
