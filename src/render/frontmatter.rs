//! Per-target front matter: which fields each generator reads, under which names, and how a
//! draft is marked. Fields are built once as [`Fields`] and printed by the YAML, TOML or JSON
//! emitter, so the three formats cannot disagree.

use super::fields::{Fields, Value};
use crate::doc::{Comment, Meta};
use crate::target::{FrontMatterFormat, Target};

fn strings(items: &[String]) -> Value {
    Value::List(items.iter().cloned().map(Value::Str).collect())
}

/// The fields for `meta` in the target's vocabulary. `slug` is the final (collision-free) slug.
pub fn fields(meta: &Meta, slug: &str, target: Target) -> Fields {
    let mut f = Fields::default();
    let mut extra = Fields::default();
    let mut taxonomies = Fields::default();
    f.push("title", Value::Str(meta.title.clone()));
    let (date_key, updated_key) = match target {
        Target::Hugo => ("date", "lastmod"),
        Target::Jekyll => ("date", "last_modified_at"),
        Target::Zola | Target::Eleventy => ("date", "updated"),
        Target::Astro => ("pubDate", "updatedDate"),
    };
    if let Some(d) = meta.date {
        f.push(date_key, Value::Date(d));
    }
    if let Some(u) = meta.updated
        && Some(u) != meta.date
    {
        f.push(updated_key, Value::Date(u));
    }
    if target != Target::Astro {
        f.push("slug", Value::Str(slug.to_string()));
    }
    if meta.draft {
        match target {
            Target::Jekyll => f.push("published", Value::Bool(false)),
            Target::Eleventy => {
                // Eleventy has no draft concept: keep the flag for the user's own filter and
                // keep the page out of the build and out of collections.
                f.push("draft", Value::Bool(true));
                f.push("permalink", Value::Bool(false));
                f.push("eleventyExcludeFromCollections", Value::Bool(true));
            }
            _ => f.push("draft", Value::Bool(true)),
        }
    }
    let author = meta.author.clone().filter(|a| !a.is_empty());
    let excerpt = meta.excerpt.clone().filter(|e| !e.is_empty());
    match target {
        Target::Zola => {
            if let Some(e) = excerpt {
                f.push("description", Value::Str(e));
            }
            if !meta.aliases.is_empty() {
                f.push("aliases", strings(&meta.aliases));
            }
            if !meta.categories.is_empty() {
                taxonomies.push("categories", strings(&meta.categories));
            }
            if !meta.tags.is_empty() {
                taxonomies.push("tags", strings(&meta.tags));
            }
            if let Some(a) = author {
                extra.push("author", Value::Str(a));
            }
            if let Some(img) = &meta.featured_image {
                extra.push("featured_image", Value::Str(img.clone()));
            }
        }
        _ => {
            if let Some(a) = author {
                f.push("author", Value::Str(a));
            }
            if !meta.categories.is_empty() {
                f.push("categories", strings(&meta.categories));
            }
            if !meta.tags.is_empty() {
                f.push("tags", strings(&meta.tags));
            }
            if let Some(e) = excerpt {
                let key = match target {
                    Target::Hugo => "summary",
                    Target::Astro => "description",
                    _ => "excerpt",
                };
                f.push(key, Value::Str(e));
            }
            if let Some(img) = &meta.featured_image {
                match target {
                    Target::Hugo => f.push("images", Value::List(vec![Value::Str(img.clone())])),
                    Target::Astro => f.push("heroImage", Value::Str(img.clone())),
                    Target::Jekyll => f.push("image", Value::Str(img.clone())),
                    _ => f.push("featured_image", Value::Str(img.clone())),
                }
            }
            if !meta.aliases.is_empty() {
                match target {
                    Target::Hugo => f.push("aliases", strings(&meta.aliases)),
                    Target::Jekyll => f.push("redirect_from", strings(&meta.aliases)),
                    _ => {}
                }
            }
        }
    }
    let (id_key, url_key) = ("wordpress_id", "original_url");
    let dest = if target == Target::Zola {
        &mut extra
    } else {
        &mut f
    };
    if let Some(id) = meta.id {
        dest.push(id_key, Value::Int(id as i64));
    }
    if let Some(u) = &meta.original_url {
        dest.push(url_key, Value::Str(u.clone()));
    }
    if !meta.comments.is_empty() {
        let list = Value::List(
            meta.comments
                .iter()
                .map(comment_fields)
                .map(Value::Table)
                .collect(),
        );
        if target == Target::Zola {
            extra.push("comments", list);
        } else {
            f.push("comments", list);
        }
    }
    if !taxonomies.0.is_empty() {
        f.push("taxonomies", Value::Table(taxonomies));
    }
    if !extra.0.is_empty() {
        f.push("extra", Value::Table(extra));
    }
    f
}

/// The keys Zola accepts in a section's front matter (`_index.md`); it refuses to build a site
/// whose sections carry any other, such as a page's `date` or `slug`.
const ZOLA_SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "sort_by",
    "weight",
    "draft",
    "template",
    "page_template",
    "paginate_by",
    "paginate_path",
    "paginate_reversed",
    "insert_anchor_links",
    "in_search_index",
    "render",
    "redirect_to",
    "transparent",
    "aliases",
    "generate_feeds",
    "extra",
];

/// The fields for a page written as a section (its folder's `_index.md`, see
/// [`Target::path`]). Zola rejects page-only keys there, so they move under `[extra]`, where
/// templates can still read the date, slug and terms; other generators read a section's front
/// matter like a page's.
pub fn section_fields(meta: &Meta, slug: &str, target: Target) -> Fields {
    let page = fields(meta, slug, target);
    if target != Target::Zola {
        return page;
    }
    let mut section = Fields::default();
    let mut extra = Fields::default();
    let mut own_extra = Fields::default();
    for (key, value) in page.0 {
        match (key.as_str(), value) {
            ("extra", Value::Table(t)) => own_extra = t,
            (k, v) if ZOLA_SECTION_KEYS.contains(&k) => section.push(k, v),
            (k, v) => extra.push(k, v),
        }
    }
    for (key, value) in own_extra.0 {
        extra.set(&key, value);
    }
    if !extra.is_empty() {
        section.push("extra", Value::Table(extra));
    }
    section
}

/// One comment as data: the same shape in front matter and in data files.
pub fn comment_fields(c: &Comment) -> Fields {
    let mut f = Fields::default();
    f.push("id", Value::Int(c.id as i64));
    f.push("parent", Value::Int(c.parent as i64));
    f.push("author", Value::Str(c.author.clone()));
    if let Some(url) = &c.author_url {
        f.push("author_url", Value::Str(url.clone()));
    }
    if let Some(d) = c.date {
        f.push("date", Value::Date(d));
    }
    f.push("type", Value::Str(c.kind.clone()));
    f.push("body", Value::Str(c.body.clone()));
    f
}

/// The complete front matter block, fences included, ending in a newline.
pub fn render(fields: &Fields, format: FrontMatterFormat) -> String {
    match format {
        FrontMatterFormat::Yaml => format!("---\n{}---\n", ensure_nl(super::yaml::emit(fields))),
        FrontMatterFormat::Toml => format!("+++\n{}+++\n", ensure_nl(super::toml::emit(fields))),
        FrontMatterFormat::Json => ensure_nl(super::json::emit(fields)),
    }
}

fn ensure_nl(mut s: String) -> String {
    if !s.is_empty() && !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::DateTime;

    fn about_page() -> Meta {
        Meta {
            id: Some(2),
            post_type: "page".into(),
            title: "About".into(),
            slug: "about".into(),
            date: Some(DateTime {
                year: 2014,
                month: 6,
                day: 1,
                hour: 9,
                minute: 30,
                second: 0,
                offset_minutes: Some(-7 * 60),
            }),
            draft: true,
            author: Some("Ann".into()),
            excerpt: Some("Who we are".into()),
            tags: vec!["Yes".into()],
            original_url: Some("https://example.com/about/".into()),
            aliases: vec!["/about/".into()],
            ..Meta::default()
        }
    }

    #[test]
    fn zola_section_moves_page_keys_under_extra() {
        let fields = section_fields(&about_page(), "about", Target::Zola);
        let expected = "+++
title = \"About\"
draft = true
description = \"Who we are\"
aliases = [\"/about/\"]

[extra]
date = 2014-06-01T09:30:00-07:00
slug = \"about\"
author = \"Ann\"
wordpress_id = 2
original_url = \"https://example.com/about/\"

[extra.taxonomies]
tags = [\"Yes\"]
+++
";
        assert_eq!(render(&fields, FrontMatterFormat::Toml), expected);
    }

    #[test]
    fn a_section_is_a_page_for_other_targets() {
        for target in [
            Target::Hugo,
            Target::Jekyll,
            Target::Eleventy,
            Target::Astro,
        ] {
            assert_eq!(
                section_fields(&about_page(), "about", target),
                fields(&about_page(), "about", target),
                "{target}"
            );
        }
    }
}
