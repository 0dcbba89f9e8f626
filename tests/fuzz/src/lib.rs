//! What the fuzz targets run, shared so that the superlinear-time target times exactly the
//! code the other targets check for crashes.
//!
//! Every function takes untrusted input and must neither panic nor hang on any of it; the
//! assertions here are properties the library promises, so a failing one is a bug, not noise.

use unpress::html::convert::to_blocks;
use unpress::item::{self, DraftPolicy, SiteIndex};
use unpress::plan::{Pending, PendingList, SitePlan};
use unpress::read::wxr::{self, ReadMode};
use unpress::render::markdown::{self, MarkdownOptions};
use unpress::transform::urls::{MediaMap, Rewriter};
use unpress::wp::autop::{AutopOptions, autop, autop_with};
use unpress::wp::blocks;
use unpress::wp::expand::{self, ExpandContext, SiteData};
use unpress::wp::shortcode::{self, Accept, Scanner};
use unpress::write::Claims;
use unpress::{Target, doc::Meta, render};

pub mod frontmatter;
pub mod superlinear;

/// Picks one of the targets from a number the input already determines (its length), so
/// every target's layout and dialect gets exercised without spending input bytes on it.
pub fn target_for(n: usize) -> Target {
    Target::ALL[n % Target::ALL.len()]
}

/// One export through both passes of the pipeline, in memory: the indexing read, the path
/// plan, then every item's metadata, body, link rewriting and rendered file. Only the file
/// system is left out (`write.rs` has its own tests and does nothing input-dependent beyond
/// the path segments the plan produces).
pub fn convert_export(data: &[u8]) {
    let target = target_for(data.len());
    let ascii = data.len() / Target::ALL.len() % 2 == 1;
    let mut index = SiteIndex::default();
    let mut pending = PendingList::default();
    let mut seq = 0usize;
    let pass1 = wxr::read(data, ReadMode::Index, |_, item| {
        index.add(&item, ascii);
        if let Ok(draft) = item::classify(&item, DraftPolicy::Include) {
            pending.push(Pending {
                seq,
                id: item.post_id,
                parent: item.post_parent,
                post_type: item::post_type(&item),
                slug: item::base_slug(&item, ascii),
                date: item::post_date(&item),
                link: if draft { String::new() } else { item.link },
                draft,
            });
        }
        seq += 1;
        true
    });
    if let Ok(channel) = pass1 {
        index.merge_channel(channel);
    }
    let site = [
        index.channel.link.clone(),
        index.channel.base_site_url.clone(),
        index.channel.base_blog_url.clone(),
    ];
    let site: Vec<&str> = site.iter().map(String::as_str).collect();
    let mut claims = Claims::default();
    // Page bundles (posts as folders with their uploads) when uploads would come along.
    let bundles = ascii && target.bundles();
    let plan = SitePlan::build(pending, &index, target, bundles, &site, &mut claims);
    let media = MediaMap::from_index(&index);
    let rewriter = Rewriter {
        plan: &plan,
        media: &media,
        terms: &index.terms,
        taxonomy_urls: target.taxonomy_urls(),
        local: None,
    };
    let md = target.markdown_options();
    let mut seq = 0usize;
    let _ = wxr::read(data, ReadMode::Full, |_, item| {
        if let Ok(draft) = item::classify(&item, DraftPolicy::Include) {
            let mut meta = item::to_meta(&item, draft, &index, ascii);
            let (slug, segments) = match plan.get(seq) {
                Some(p) => {
                    meta.aliases = p.old_path().iter().map(|p| p.to_string()).collect();
                    (p.slug().to_string(), p.segments())
                }
                None => (meta.slug.clone(), Vec::new()),
            };
            meta.comments = item::approved_comments(&item, &md);
            let (mut body, _) = item::to_body_with(&item, &index, seq % 2 == 1);
            let bundle = bundles.then(|| &segments[..segments.len().saturating_sub(1)]);
            rewriter.rewrite(&mut body, &mut meta.featured_image, bundle);
            let doc = render::document(
                &meta,
                &slug,
                body,
                target,
                target.default_format(),
                &md,
                Target::is_section(&segments),
            );
            let _ = render::rawhtml::contains_raw_html(&doc.body);
            let _ = doc.into_text();
        }
        seq += 1;
        true
    });
}

/// HTML → body model → Markdown in the default dialect (what `html_fragment_to_markdown`
/// does), then a whole rendered file for one target: its dialect, front matter, Hugo's embed
/// shortcodes and template escaping.
pub fn html_to_markdown(html: &str) {
    let blocks = to_blocks(html);
    let _ = markdown::render(&blocks, &MarkdownOptions::default());
    let target = target_for(html.len());
    let md = MarkdownOptions {
        raw_html: html.len().is_multiple_of(2),
        ..target.markdown_options()
    };
    let doc = render::document(
        &Meta::default(),
        "post",
        blocks,
        target,
        target.default_format(),
        &md,
        false,
    );
    let _ = render::rawhtml::contains_raw_html(&doc.body);
}

/// Fuzz input as text: invalid UTF-8 is replaced, so every input reaches the converters.
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Every shortcode the scanner finds must lie on character boundaries inside the source:
/// callers slice with these ranges.
fn check_ranges(src: &str, found: &[shortcode::Shortcode]) {
    for sc in found {
        assert!(src.get(sc.range.clone()).is_some(), "range {:?}", sc.range);
        assert!(
            src.get(sc.inner_range()).is_some(),
            "inner {:?}",
            sc.inner_range()
        );
        if let Some(c) = &sc.content {
            assert!(src.get(c.clone()).is_some(), "content {c:?}");
            assert!(sc.range.start <= c.start && c.end <= sc.range.end);
        }
        let _ = sc.attributes();
    }
}

/// The shortcode scanner (every way callers drive it), attribute parsing, and the whole
/// WordPress expansion stage: blocks, shortcodes, embeds, footnotes. Text after the first
/// U+0001 is used as the post's `footnotes` postmeta, so the JSON footnote path is reached.
pub fn shortcodes(src: &str) {
    let (content, footnotes) = match src.split_once('\u{1}') {
        Some((c, f)) => (c, Some(f)),
        None => (src, None),
    };
    check_ranges(content, &shortcode::find_nested(content, &mut |_| true));
    check_ranges(
        content,
        &shortcode::find_all(content, &mut |c| {
            c.name.len().is_multiple_of(2) || c.escaped
        }),
    );
    let mut sc = Scanner::new(content);
    sc.skip_html = content.len().is_multiple_of(2);
    let mut found = Vec::new();
    let mut pos = 0;
    while let Some(m) = sc.next_with(pos, content.len(), &mut |c| match c.name.len() % 3 {
        0 => Accept::No,
        1 => Accept::Yes,
        _ => Accept::Lone,
    }) {
        pos = m.range.end;
        found.push(m);
    }
    check_ranges(content, &found);
    let _ = shortcode::parse_attrs(content);
    let _ = shortcode::stripcslashes(content);
    let _ = expand::shortcodes_in(content);
    let _ = expand::strip_shortcodes(content);
    let _ = blocks::parse(content);
    let _ = blocks::strip_delimiters(content);
    let _ = expand_content(content, footnotes);
}

/// The expansion stage alone, with no site data.
pub fn expand_content(content: &str, footnotes: Option<&str>) -> String {
    let site = SiteData::default();
    let ctx = ExpandContext {
        footnotes,
        keep_unknown: content.len() % 2 == 1,
        post_id: Some(1),
        ..ExpandContext::new(&site)
    };
    expand::expand(content, &ctx).html
}

/// wpautop in both of WordPress's modes. Its edits only cut and insert ASCII, so text without
/// replacement characters must come out without any (none introduced by broken UTF-8).
pub fn autop_both(src: &str) {
    let out = autop(src);
    let plain = autop_with(
        src,
        &AutopOptions {
            br: false,
            shortcodes: Vec::new(),
        },
    );
    if !src.contains('\u{FFFD}') {
        assert!(!out.contains('\u{FFFD}'), "autop broke UTF-8: {out:?}");
        assert!(!plain.contains('\u{FFFD}'), "autop broke UTF-8: {plain:?}");
    }
}
