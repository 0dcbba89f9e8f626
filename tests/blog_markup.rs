//! Highlighter widgets, `<br><br>` bodies and in-post tables of contents through the two paths
//! post HTML takes: a scraped page (extraction and boilerplate removal first) and a WordPress
//! export (wpautop and block markup first). The spec files in `tests/spec/html2md/` pin the
//! converter's output for each plugin; these check that nothing before it undoes that.

mod common;

use std::fs;
use unpress::read::html::read_page;
use unpress::{Options, Source, convert_wxr};

fn page_markdown(html: &str) -> String {
    let post = read_page(html).expect("a post");
    unpress::render::markdown::render(&post.body, &Default::default())
}

/// Converts an export of the given items and returns each written post's text by slug.
fn export_markdown(items: &[String]) -> Vec<(String, String)> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let source = Source::Bytes {
        name: "test.xml".into(),
        data: std::sync::Arc::new(common::wxr(&items.join("\n")).into_bytes()),
    };
    let report = convert_wxr(&source, tmp.path(), &Options::default());
    assert_eq!(report.summary.failed, 0);
    report
        .items
        .iter()
        .filter_map(|r| r.output.clone())
        .map(|out| {
            let text = fs::read_to_string(tmp.path().join(&out)).expect("written post");
            (out, text)
        })
        .collect()
}

fn post<'a>(posts: &'a [(String, String)], slug: &str) -> &'a str {
    posts
        .iter()
        .find(|(path, _)| path.ends_with(&format!("/{slug}.md")))
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("no post {slug} in {posts:?}"))
}

const THEME_PAGE: &str = r##"<!DOCTYPE html><html><head><title>Baking notes | My Blog</title>
<meta property="og:title" content="Baking notes"></head>
<body class="single"><header id="masthead"><a href="/">My Blog</a>
<nav class="main-navigation"><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li></ul></nav></header>
<main><article class="post hentry"><h1 class="entry-title">Baking notes</h1>
<div class="entry-meta">Posted on <time class="entry-date" datetime="2015-03-04T10:00:00+00:00">March 4, 2015</time></div>
<div class="entry-content">
<p>Today we bake bread with a little help from the oven and some code for the timer.</p>
<div id="ez-toc-container" class="ez-toc-v2_0_17 counter-hierarchy ez-toc-grey"><div class="ez-toc-title-container"><p class="ez-toc-title">Table of Contents</p></div>
<nav><ul class="ez-toc-list"><li><a class="ez-toc-link" href="#Dough">Dough</a></li><li><a class="ez-toc-link" href="#Timer">Timer</a></li></ul></nav></div>
<h2><span class="ez-toc-section" id="Dough"></span>Dough<span class="ez-toc-section-end"></span></h2>
<p>Mix flour, water and salt, then wait for a long while until the dough has risen.</p>
<h2><span class="ez-toc-section" id="Timer"></span>Timer<span class="ez-toc-section-end"></span></h2>
<div id="crayon-5ab2218fe0660705157965" class="crayon-syntax crayon-theme-xcode crayon-os-pc print-yes notranslate" data-settings=" minimize scroll-mouseover">
<div class="crayon-toolbar" data-settings=" mouseover overlay hide delay"><span class="crayon-title"></span><div class="crayon-tools"><div class="crayon-button crayon-copy-button" title="Copy"><div class="crayon-button-icon"></div></div><span class="crayon-language">Python</span></div></div>
<div class="crayon-plain-wrap"><textarea wrap="soft" class="crayon-plain print-no" readonly>import time
time.sleep(3600)</textarea></div>
<div class="crayon-main"><table class="crayon-table"><tr class="crayon-row"><td class="crayon-nums "><div class="crayon-nums-content"><div class="crayon-num">1</div><div class="crayon-num">2</div></div></td>
<td class="crayon-code"><div class="crayon-pre"><div class="crayon-line"><span class="crayon-e">import </span><span class="crayon-v">time</span></div><div class="crayon-line"><span class="crayon-v">time</span><span class="crayon-sy">.</span><span class="crayon-e">sleep</span><span class="crayon-sy">(</span><span class="crayon-cn">3600</span><span class="crayon-sy">)</span></div></div></td></tr></table></div></div>
<p>That is all for today, the bread is in the oven and the timer is running.</p>
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="https://twitter.com/share">Twitter</a></li></ul></div>
</div></article></main>
<footer id="colophon"><p>© 2015 My Blog</p></footer></body></html>"##;

#[test]
fn scraped_page_keeps_the_widget_language_and_drops_the_toc() {
    let md = page_markdown(THEME_PAGE);
    assert_eq!(
        md.trim_end(),
        "Today we bake bread with a little help from the oven and some code for the timer.

## Dough

Mix flour, water and salt, then wait for a long while until the dough has risen.

## Timer

```python
import time
time.sleep(3600)
```

That is all for today, the bread is in the oven and the timer is running."
    );
}

#[test]
fn scraped_post_body_in_a_table_cell_gets_its_paragraphs() {
    let page = r#"<!DOCTYPE html><html><head><title>My Trip: Day one</title></head>
<body><table width="100%"><tr><td class="sidebar" width="200"><h2>Archive</h2><ul><li><a href="/2007/">2007</a></li><li><a href="/2006/">2006</a></li></ul></td>
<td class="main"><h3 class="post-title">Day one</h3>
<table class="post"><tr><td class="post-body entry-content">We left early in the morning and drove north for hours along the coast.<br /><br />The weather was grey but the sea was beautiful, and we stopped twice for coffee.<br />
<br />
In the evening we reached the little harbour town where we would stay.<br />Tomorrow: the islands.</td></tr></table>
<p class="post-footer">Posted by Anna at <a href="/2007/06/day-one.html">10:14 PM</a></p></td></tr></table></body></html>"#;
    assert_eq!(
        page_markdown(page).trim_end(),
        "We left early in the morning and drove north for hours along the coast.

The weather was grey but the sea was beautiful, and we stopped twice for coffee.

In the evening we reached the little harbour town where we would stay.\\
Tomorrow: the islands."
    );
}

#[test]
fn export_posts_lose_saved_tocs_and_get_paragraphs_and_code() {
    let block_post = r##"<!-- wp:rank-math/toc-block {"headings":[{"key":"a","content":"Why","level":2,"link":"#why"},{"key":"b","content":"How","level":2,"link":"#how"}]} -->
<div class="wp-block-rank-math-toc-block" id="rank-math-toc"><h2>Table of Contents</h2><nav><ul><li><a href="#why">Why</a></li><li><a href="#how">How</a></li></ul></nav></div>
<!-- /wp:rank-math/toc-block -->

<!-- wp:heading -->
<h2 class="wp-block-heading" id="why">Why</h2>
<!-- /wp:heading -->

<!-- wp:paragraph -->
<p>Because it is fun.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading" id="how">How</h2>
<!-- /wp:heading -->

<!-- wp:paragraph -->
<p>Slowly.</p>
<!-- /wp:paragraph -->"##;
    // Classic editor text of 2006: paragraphs separated by <br /><br />, no blank lines.
    let classic_post = "First thought of the day.<br /><br />Second thought, longer.<br />With a second line.<br /><br /><br />Last one.";
    // A site whose highlighter stored its rendered output in the post.
    let crayon_post = r#"Run this:
<div id="crayon-5c78caccec8a1375558808" class="crayon-syntax crayon-theme-solarized-dark crayon-font-consolas crayon-os-pc print-yes notranslate" data-settings=" minimize scroll-mouseover disable-anim">
<div class="crayon-plain-wrap"></div>
<div class="crayon-main">
<table class="crayon-table">
<tbody>
<tr class="crayon-row">
<td class="crayon-nums " data-settings="show">
<div class="crayon-nums-content">
<div class="crayon-num" data-line="crayon-5c78caccec8a1375558808-1">1</div>
</div></td>
<td class="crayon-code">
<div class="crayon-pre">
<div id="crayon-5c78caccec8a1375558808-1" class="crayon-line"><span class="crayon-e">pip </span><span class="crayon-e">install </span><span class="crayon-v">oss2</span></div>
</div></td>
</tr>
</tbody>
</table>
</div>
</div>
Done."#;
    let posts = export_markdown(&[
        common::item(1, "block-toc", "Block TOC", "publish", block_post),
        common::item(
            2,
            "classic-breaks",
            "Classic breaks",
            "publish",
            classic_post,
        ),
        common::item(3, "saved-crayon", "Saved Crayon", "publish", crayon_post),
    ]);
    let body = |slug: &str| {
        let text = post(&posts, slug);
        let end = text[3..].find("\n---\n").expect("front matter") + 3 + 5;
        text[end..].trim().to_string()
    };
    assert_eq!(
        body("block-toc"),
        "## Why\n\nBecause it is fun.\n\n## How\n\nSlowly."
    );
    assert_eq!(
        body("classic-breaks"),
        "First thought of the day.\n\nSecond thought, longer.\\\nWith a second line.\n\nLast one."
    );
    assert_eq!(
        body("saved-crayon"),
        "Run this:\n\n```\npip install oss2\n```\n\nDone."
    );
}
