//! `unpress inspect`: a pre-flight look at an export before converting it — what is in it,
//! what unpress will do with each part, and what will need a human — writing nothing.

use crate::item::{self, DraftPolicy};
use crate::read::wxr::ReadMode;
use crate::read::{ExportFormat, Source};
use crate::wp::blocks::{self, DelimiterKind};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

/// Postmeta key prefixes of well-known plugins, so the report can name them.
const PLUGINS: &[(&str, &str)] = &[
    ("_yoast_wpseo_", "Yoast SEO"),
    ("_aioseo_", "All in One SEO"),
    ("rank_math_", "Rank Math"),
    ("_elementor_", "Elementor"),
    ("_et_pb_", "Divi Builder"),
    ("_fl_builder", "Beaver Builder"),
    ("_wpb_", "WPBakery"),
    ("_vc_", "WPBakery"),
    ("_kadence_", "Kadence"),
    ("_jetpack_", "Jetpack"),
    ("jetpack_", "Jetpack"),
    ("_wpcom_", "WordPress.com"),
    ("_wpas_", "Jetpack Publicize"),
    ("_publicize_", "Jetpack Publicize"),
    ("pll_", "Polylang"),
    ("_icl_", "WPML"),
    ("_wpml_", "WPML"),
    ("akismet_", "Akismet"),
    ("_shortpixel_", "ShortPixel"),
    ("_wp_rocket_", "WP Rocket"),
    ("_acf_", "Advanced Custom Fields"),
    ("_oembed_", "oEmbed cache (core)"),
    ("_menu_item_", "menus (core)"),
    ("_wp_", "WordPress core"),
    ("_edit_", "WordPress core"),
    ("_thumbnail_id", "WordPress core"),
    ("_encloseme", "WordPress core"),
    ("_pingme", "WordPress core"),
    ("enclosure", "WordPress core"),
    ("footnotes", "WordPress core (footnotes)"),
];

/// What `inspect` found.
#[derive(Debug, Default, Serialize)]
pub struct Inspection {
    pub file: String,
    /// `WXR` or `Movable Type`.
    pub format: &'static str,
    pub wxr_version: Option<String>,
    pub site: String,
    pub items: usize,
    /// `type` → `status` → count.
    pub by_type: BTreeMap<String, BTreeMap<String, usize>>,
    /// What a conversion would do: `written`, `drafts`, and skip reasons.
    pub plan: BTreeMap<String, usize>,
    /// Shortcode name → (uses, converted?).
    pub shortcodes: BTreeMap<String, Usage>,
    /// Block name → (uses, converted?).
    pub blocks: BTreeMap<String, Usage>,
    /// Host of every `src`/`href` into an uploads folder, and of attachments.
    pub media_hosts: BTreeMap<String, usize>,
    pub plugins: BTreeMap<String, usize>,
    pub comments: BTreeMap<String, usize>,
    pub problems: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct Usage {
    pub uses: usize,
    pub posts: usize,
    pub converted: bool,
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Reads the export and summarises it.
pub fn inspect(source: &Source) -> Inspection {
    let mut ins = Inspection {
        file: source.name(),
        ..Inspection::default()
    };
    let format = crate::read::format_of(source).unwrap_or(ExportFormat::Wxr);
    // Other platforms' exports have no numeric ids, versions or plugins.
    let wordpress = format == ExportFormat::Wxr;
    ins.format = format.name();
    let mut ids: HashMap<u64, usize> = HashMap::new();
    let mut slugs: HashMap<(String, String), usize> = HashMap::new();
    let result = crate::read::read_export(source, Some(format), ReadMode::Full, |_, it| {
        ins.items += 1;
        *ins.by_type
            .entry(if it.post_type.is_empty() {
                "(none)".into()
            } else {
                it.post_type.clone()
            })
            .or_default()
            .entry(if it.status.is_empty() {
                "(none)".into()
            } else {
                it.status.clone()
            })
            .or_default() += 1;
        let key = match item::classify(&it, DraftPolicy::Include) {
            Ok(true) => "draft (written as draft)".to_string(),
            Ok(false) => "written".to_string(),
            Err(skip) => format!("skipped: {}", skip.reason()),
        };
        *ins.plan.entry(key).or_default() += 1;
        match it.post_id {
            Some(id) => *ids.entry(id).or_default() += 1,
            // Movable Type entries have no ids.
            None if !wordpress => {}
            None => ins
                .problems
                .push(format!("line {}: item without a numeric post id", it.line)),
        }
        if item::classify(&it, DraftPolicy::Include).is_ok() {
            *slugs
                .entry((it.post_type.clone(), item::base_slug(&it, false)))
                .or_default() += 1;
            // The conversion stage's own scanner, so inspect reports what convert will do.
            for (name, converted) in crate::wp::expand::shortcodes_in(&it.content) {
                let u = ins.shortcodes.entry(name.clone()).or_default();
                u.uses += it.content.matches(&format!("[{name}")).count();
                u.posts += 1;
                u.converted = converted;
            }
            let mut seen = HashSet::new();
            for tok in blocks::parse(&it.content) {
                if tok.kind == DelimiterKind::Closer {
                    continue;
                }
                let name = tok.full_name();
                let u = ins.blocks.entry(name.clone()).or_insert_with(|| Usage {
                    converted: true,
                    ..Usage::default()
                });
                u.uses += 1;
                if seen.insert(name.clone()) {
                    u.posts += 1;
                }
                // A self-closing block carries no HTML unless it is one of the markers.
                let empty = tok.kind == DelimiterKind::Void
                    && !matches!(name.as_str(), "core/more" | "core/nextpage" | "core/block");
                u.converted &= !crate::wp::expand::is_dynamic_block(&name) && !empty;
            }
            for part in it.content.split(['"', '\'']) {
                if (part.contains("/wp-content/uploads/") || part.contains(".files.wordpress.com/"))
                    && let Some(h) = host_of(part)
                {
                    *ins.media_hosts.entry(h).or_default() += 1;
                }
            }
        }
        if it.post_type == "attachment" {
            let url = if it.attachment_url.is_empty() {
                &it.guid
            } else {
                &it.attachment_url
            };
            if let Some(h) = host_of(url) {
                *ins.media_hosts.entry(h).or_default() += 1;
            }
        }
        for (k, _) in it.postmeta.iter().filter(|_| wordpress) {
            let name = PLUGINS
                .iter()
                .find(|(p, _)| k.starts_with(p))
                .map(|(_, n)| n.to_string())
                .unwrap_or_else(|| format!("unknown ({k})"));
            *ins.plugins.entry(name).or_default() += 1;
        }
        for c in &it.comments {
            let state = match c.approved.trim() {
                "1" => "approved",
                "0" => "unapproved (never written)",
                "spam" => "spam (never written)",
                "trash" => "trash (never written)",
                _ => "other (never written)",
            };
            *ins.comments.entry(state.to_string()).or_default() += 1;
        }
        true
    });
    match result {
        Ok(channel) => {
            ins.wxr_version = channel.wxr_version.clone();
            ins.site = channel.link.clone();
            if channel.wxr_version.is_none() && wordpress {
                ins.problems
                    .push("no wp:wxr_version: an old or hand-made export".into());
            }
        }
        Err(e) => ins.problems.push(format!("{e}")),
    }
    let mut dup_ids: Vec<u64> = ids
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id)
        .collect();
    dup_ids.sort_unstable();
    if !dup_ids.is_empty() {
        let shown: Vec<String> = dup_ids.iter().take(10).map(u64::to_string).collect();
        let more = if dup_ids.len() > 10 { ", …" } else { "" };
        ins.problems.push(format!(
            "{} post ids appear more than once (each item is kept): {}{more}",
            dup_ids.len(),
            shown.join(", ")
        ));
    }
    let mut dup_slugs: Vec<_> = slugs.into_iter().filter(|(_, n)| *n > 1).collect();
    dup_slugs.sort();
    for ((ty, slug), n) in dup_slugs {
        ins.problems.push(format!(
            "{n} {ty} items share the slug '{slug}' (later ones get -2, -3, …)"
        ));
    }
    for (name, u) in &ins.shortcodes {
        if !u.converted {
            ins.problems.push(format!(
                "shortcode [{name}] in {} posts is not converted: its inner text is kept, the tag dropped",
                u.posts
            ));
        }
    }
    for (name, u) in &ins.blocks {
        if !u.converted {
            ins.problems.push(format!(
                "dynamic block {name} in {} posts has no HTML in the export: nothing to convert",
                u.posts
            ));
        }
    }
    ins
}

impl Inspection {
    /// The human-readable report.
    pub fn to_text(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "{}: {}{}, site {}, {} items",
            self.file,
            self.format,
            if self.format == "WXR" {
                format!(" {}", self.wxr_version.as_deref().unwrap_or("?"))
            } else {
                String::new()
            },
            if self.site.is_empty() {
                "?"
            } else {
                &self.site
            },
            self.items
        );
        let section = |o: &mut String, title: &str| {
            let _ = writeln!(o, "\n{title}");
        };
        section(&mut o, "Items by type and status");
        for (ty, statuses) in &self.by_type {
            let list: Vec<String> = statuses.iter().map(|(s, n)| format!("{s} {n}")).collect();
            let _ = writeln!(o, "  {ty:<24} {}", list.join(", "));
        }
        section(&mut o, "What convert would do");
        for (k, n) in &self.plan {
            let _ = writeln!(o, "  {n:>6}  {k}");
        }
        if !self.shortcodes.is_empty() {
            section(&mut o, "Shortcodes (uses / posts)");
            for (name, u) in &self.shortcodes {
                let verdict = if u.converted {
                    "converted"
                } else {
                    "NOT converted"
                };
                let _ = writeln!(
                    o,
                    "  [{name}]{:<w$} {:>5} / {:<5} {verdict}",
                    "",
                    u.uses,
                    u.posts,
                    w = 22usize.saturating_sub(name.len())
                );
            }
        }
        if !self.blocks.is_empty() {
            section(&mut o, "Blocks (uses / posts)");
            for (name, u) in &self.blocks {
                let verdict = if u.converted {
                    "converted"
                } else {
                    "dynamic: NOT in export"
                };
                let _ = writeln!(o, "  {name:<28} {:>5} / {:<5} {verdict}", u.uses, u.posts);
            }
        }
        for (title, map) in [
            ("Media hosts", &self.media_hosts),
            ("Plugins seen in postmeta (keys)", &self.plugins),
            ("Comments", &self.comments),
        ] {
            if !map.is_empty() {
                section(&mut o, title);
                for (k, n) in map {
                    let _ = writeln!(o, "  {n:>6}  {k}");
                }
            }
        }
        section(&mut o, "Problems");
        if self.problems.is_empty() {
            o.push_str("  none\n");
        }
        for p in &self.problems {
            let _ = writeln!(o, "  - {p}");
        }
        o
    }
}

#[cfg(test)]
mod tests {
    /// `inspect` names shortcodes with the conversion stage's scanner: escapes, Markdown-like
    /// links and bracketed prose are not shortcodes.
    #[test]
    fn shortcode_names_skip_escapes_and_links() {
        let names = crate::wp::expand::shortcodes_in(
            "[caption id=\"1\"]x[/caption] [[gallery]] [embed]u[/embed] [1] [a](b) [x",
        );
        let mut v: Vec<_> = names.into_iter().map(|(n, _)| n).collect();
        v.sort();
        assert_eq!(v, ["caption", "embed"]);
    }
}
