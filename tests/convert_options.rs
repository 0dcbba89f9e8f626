//! `MarkdownOptions`: every dialect switch changes the output the way its documentation says,
//! and the default is the full CommonMark + GFM + footnotes + raw-HTML dialect.

use unpress::html::convert::to_blocks;
use unpress::render::markdown::{MarkdownOptions, render};

fn md(html: &str, opts: &MarkdownOptions) -> String {
    render(&to_blocks(html), opts)
}

const NO_HTML: MarkdownOptions = MarkdownOptions {
    footnotes: true,
    raw_html: false,
    definition_lists: false,
    decodable_images: false,
};

#[test]
fn default_is_the_full_dialect() {
    let o = MarkdownOptions::default();
    assert!(o.footnotes && o.raw_html && !o.definition_lists);
    assert_eq!(
        unpress::html_fragment_to_markdown("<p>H<sub>2</sub>O</p>"),
        "H<sub>2</sub>O\n"
    );
}

#[test]
fn embeds_become_links_without_raw_html() {
    let html = r#"<iframe src="https://www.youtube.com/embed/x" title="Talk"></iframe><video src="/v.mp4"></video>"#;
    assert_eq!(
        md(html, &MarkdownOptions::default()),
        "<iframe src=\"https://www.youtube.com/embed/x\" title=\"Talk\"></iframe>\n\n<video src=\"/v.mp4\" controls></video>\n"
    );
    assert_eq!(
        md(html, &NO_HTML),
        "[Talk](https://www.youtube.com/embed/x)[Video](/v.mp4)\n"
    );
}

#[test]
fn sub_sup_mark_degrade_to_text_without_raw_html() {
    assert_eq!(
        md("<p>x<sup>2</sup> <mark>hi</mark></p>", &NO_HTML),
        "x2 hi\n"
    );
}

#[test]
fn unflankable_emphasis_degrades_to_text_without_raw_html() {
    let html = r#"<p>a<strong>"b"</strong>c</p>"#;
    // With raw HTML an empty comment beside a delimiter makes it flank.
    assert_eq!(
        md(html, &MarkdownOptions::default()),
        "a<!-- -->**\"b\"**<!-- -->c\n"
    );
    assert_eq!(md(html, &NO_HTML), "a\"b\"c\n");
}

#[test]
fn footnotes_become_numbered_text_without_footnote_support() {
    let html = r##"<p>Claim<sup class="fn"><a href="#n1">1</a></sup>.</p><ol class="wp-block-footnotes"><li id="n1">Source. <a href="#n1-link">↩︎</a></li></ol>"##;
    assert_eq!(
        md(html, &MarkdownOptions::default()),
        "Claim[^1].\n\n[^1]: Source.\n"
    );
    let o = MarkdownOptions {
        footnotes: false,
        ..MarkdownOptions::default()
    };
    assert_eq!(md(html, &o), "Claim\\[1\\].\n\n1. Source.\n");
}

#[test]
fn definition_lists_by_dialect() {
    let html = "<dl><dt>Term</dt><dd>Meaning</dd></dl>";
    assert_eq!(
        md(html, &MarkdownOptions::default()),
        "<dl>\n<dt>\n\nTerm\n\n</dt>\n<dd>\n\nMeaning\n\n</dd>\n</dl>\n"
    );
    let ext = MarkdownOptions {
        definition_lists: true,
        ..MarkdownOptions::default()
    };
    assert_eq!(md(html, &ext), "Term\n: Meaning\n");
    assert_eq!(md(html, &NO_HTML), "**Term**\n\nMeaning\n");
}

#[test]
fn cell_lists_and_breaks_degrade_to_text_without_raw_html() {
    let html = "<table><tr><td><ul><li>a</li><li>b</li></ul></td><td>x<br>y</td></tr></table>";
    assert_eq!(
        md(html, &MarkdownOptions::default()),
        "| | |\n| --- | --- |\n| <ul><li>a</li> <li>b</li></ul> | x <br> y |\n"
    );
    assert_eq!(md(html, &NO_HTML), "| | |\n| --- | --- |\n| a b | x y |\n");
}

#[test]
fn adjacent_code_spans_without_raw_html_get_a_space() {
    assert_eq!(
        md("<p><code>a</code><code>b</code></p>", &NO_HTML),
        "`a` `b`\n"
    );
}

/// With `raw_html: false` nothing in the output parses as HTML, whatever the input, but the
/// summary divider: `<!--more-->` is the generators' own marker (Hugo and Zola read it
/// before rendering), and it shows nothing.
#[test]
fn no_raw_html_means_no_html_events() {
    use pulldown_cmark::{Event, Options, Parser};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec/html2md");
    let mut inputs = Vec::new();
    for entry in std::fs::read_dir(dir).expect("spec dir") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        let mut cur: Option<String> = None;
        for line in text.lines() {
            if line.starts_with("~~~~~~~~ html") {
                cur = Some(String::new());
            } else if line.starts_with("~~~~~~~~ markdown") {
                inputs.extend(cur.take());
            } else if let Some(c) = cur.as_mut() {
                c.push_str(line);
                c.push('\n');
            }
        }
    }
    assert!(inputs.len() > 50);
    for html in inputs {
        let out = md(&html, &NO_HTML);
        for ev in Parser::new_ext(&out, Options::all()) {
            let divider = matches!(&ev, Event::Html(h) if h.trim() == "<!--more-->");
            assert!(
                divider || !matches!(ev, Event::Html(_) | Event::InlineHtml(_)),
                "{ev:?} in output for {html:?}:\n{out}"
            );
        }
    }
}

#[test]
fn image_addresses_for_astro_read_with_decode_uri() {
    // A Blogger file name cut inside a character, a Latin-1 name, a bare `%`: Astro's
    // `decodeURI` would throw on each and drop the page. Good escapes stay as they are.
    let astro = unpress::Target::Astro.markdown_options();
    let html = r#"<p><img src="https://b.example/s1600/%E8%B2%B費.png" alt="a">
        <img src="https://b.example/caf%E9.jpg" alt="b"><img src="https://b.example/100%.png" alt="c">
        <img src="https://b.example/%E5%90%8C%20x.png" alt="d"><a href="https://b.example/%E9">e</a></p>"#;
    assert_eq!(
        md(html, &astro),
        "![a](https://b.example/s1600/%25E8%25B2%25B費.png) ![b](https://b.example/caf%25E9.jpg)\
         ![c](https://b.example/100%25.png) ![d](https://b.example/%E5%90%8C%20x.png)\
         [e](https://b.example/%E9)\n"
    );
    // Other generators take the address as the page had it.
    assert!(md(html, &MarkdownOptions::default()).contains("](https://b.example/caf%E9.jpg)"));
}
