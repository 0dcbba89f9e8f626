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
