//! Properties of the HTML -> Markdown converter that no example list can cover:
//! escaping never changes text, and hostile input (deep nesting, huge documents) neither
//! overflows the stack nor takes superlinear time.

use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use unpress::doc::{Block, Inline};
use unpress::render::markdown::{MarkdownOptions, render};

/// Plain text of a Markdown document as pulldown-cmark reads it, plus whether any structure
/// other than one paragraph appeared.
fn text_of(md: &str) -> (String, Vec<String>) {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut text = String::new();
    let mut structure = Vec::new();
    for ev in Parser::new_ext(md, opts) {
        match ev {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            other => structure.push(format!("{other:?}")),
        }
    }
    (text, structure)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn para(t: &str) -> String {
    render(
        &[Block::Paragraph(vec![Inline::Text(t.to_string())])],
        &MarkdownOptions::default(),
    )
}

/// Characters that matter to Markdown, weighted so generated strings hit the tricky cases.
fn markdownish() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        4 => "[a-z0-9]{1,4}",
        3 => Just(" ".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("\t".to_string()),
        6 => "[-*_`~#>+=.!\\[\\]()<>&;:/|\\\\\"'{}^$@]",
        1 => Just("&amp;".to_string()),
        1 => Just("&#42;".to_string()),
        1 => Just("1.".to_string()),
        1 => Just("www.".to_string()),
        1 => Just("http://".to_string()),
        1 => Just("<a>".to_string()),
        1 => Just("\u{a0}".to_string()),
        1 => "\\PC",
    ];
    proptest::collection::vec(atoms, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn escaped_text_reads_back_as_the_same_text(s in markdownish()) {
        let md = para(&s);
        let (text, structure) = text_of(&md);
        prop_assert!(structure.is_empty(), "structure {:?} from {:?} -> {:?}", structure, s, md);
        prop_assert_eq!(squash(&text), squash(&s), "markdown was {:?}", md);
    }

    #[test]
    fn arbitrary_unicode_reads_back(s in "\\PC{0,40}") {
        let md = para(&s);
        let (text, structure) = text_of(&md);
        prop_assert!(structure.is_empty(), "structure {:?} from {:?} -> {:?}", structure, s, md);
        prop_assert_eq!(squash(&text), squash(&s), "markdown was {:?}", md);
    }
}

#[test]
fn text_lookalikes_stay_text() {
    for s in [
        "1986. A great year.",
        "# not a heading",
        "- not a list",
        "+ not a list",
        "* not a list",
        "> not a quote",
        "---",
        "===",
        "***",
        "```",
        "~~~",
        "~~not struck~~",
        "[x] [link](url) [^1]",
        "<div>not html</div>",
        "&amp; &copy; &#42;",
        "_under_scores_ and *stars*",
        "    indented?",
        "| a | b |",
        "a\\",
        "www.example.com http://example.com",
    ] {
        let md = para(s);
        let (text, structure) = text_of(&md);
        assert!(structure.is_empty(), "{s:?} -> {md:?} gave {structure:?}");
        assert_eq!(squash(&text), squash(s), "{s:?} -> {md:?}");
    }
}

/// Time limit for one hostile input: the superlinear cases these tests guard against took
/// from 24 s to minutes; linear conversion takes well under a second in release builds.
const LIMIT_SECS: u64 = if cfg!(debug_assertions) { 30 } else { 10 };

/// Runs `f` on a thread with the default 2 MiB stack, as the binary's main thread would have
/// at least.
fn on_small_stack(f: impl FnOnce() -> String + Send + 'static) -> String {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no stack overflow or panic")
}

#[test]
fn deeply_nested_divs_do_not_overflow() {
    let html = format!(
        "{}deep{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let t = std::time::Instant::now();
    let md = on_small_stack(move || unpress::html_fragment_to_markdown(&html));
    assert_eq!(md, "deep\n");
    // The tree builder's scope checks are linear in the depth; without the depth cap this
    // took 24 s in release mode.
    assert!(t.elapsed().as_secs() < LIMIT_SECS, "took {:?}", t.elapsed());
    let html = format!("{}<p>a</p><p>b</p>", "<div>".repeat(100_000));
    let md = on_small_stack(move || unpress::html_fragment_to_markdown(&html));
    assert_eq!(md, "a\n\nb\n");
}

#[test]
fn deeply_nested_inline_elements_do_not_overflow() {
    let html = format!("<p>{}x", "<em>".repeat(100_000));
    let md = on_small_stack(move || unpress::html_fragment_to_markdown(&html));
    assert!(md.contains('x'), "{md:?}");
    let html = format!("<p>{}x", "<span><a href=\"/\"><strong>".repeat(30_000));
    let md = on_small_stack(move || unpress::html_fragment_to_markdown(&html));
    assert!(md.contains('x'));
}

#[test]
fn deeply_nested_blocks_are_flattened_not_lost() {
    let html = format!("{}<p>inner</p>", "<blockquote><ul><li>".repeat(20_000));
    let md = on_small_stack(move || unpress::html_fragment_to_markdown(&html));
    assert!(md.contains("inner"));
    // Nesting is capped, so the Markdown stays a sane size.
    assert!(md.len() < 10_000, "{} bytes", md.len());
}

#[test]
fn huge_input_converts_in_linear_time() {
    let unit = "<h2>Title</h2><p>Some <em>text</em> with a <a href=\"/x\">link</a> &amp; \
                1986. stuff_here *star*.</p><ul><li>one</li><li>two</li></ul>\
                <pre class=\"brush: php\">echo 1;</pre><table><tr><td>a</td><td>b|c</td></tr></table>";
    let small = unit.repeat(500);
    let big = unit.repeat(10_000);
    let t = std::time::Instant::now();
    let a = unpress::html_fragment_to_markdown(&small);
    let t_small = t.elapsed();
    let t = std::time::Instant::now();
    let b = unpress::html_fragment_to_markdown(&big);
    let t_big = t.elapsed();
    assert!(b.len() > a.len() * 15);
    // 20x the input may take at most ~60x the time (generous for noisy CI machines).
    assert!(
        t_big.as_secs_f64() < t_small.as_secs_f64() * 60.0 + 0.5,
        "small {t_small:?}, big {t_big:?}"
    );
}

#[test]
fn long_runs_of_one_character() {
    for c in ["*", "_", "`", "[", "<", "&", "\\", "#", "-", "|", "~"] {
        let s = c.repeat(50_000);
        let md = unpress::html_fragment_to_markdown(&format!("<p>{s}</p>"));
        let (text, _) = text_of(&md);
        assert_eq!(text, s, "run of {c}");
    }
}

#[test]
fn pathological_inputs_stay_fast() {
    let cases = [
        "<!-- a ".repeat(100_000),
        "<!-- a --> ".repeat(100_000),
        "<a href=x>".repeat(50_000),
        "<b><i><u><s>".repeat(25_000),
        "<table><tr><td>".repeat(20_000),
        "<ul><li>".repeat(50_000),
        "</div>".repeat(100_000),
        "<p>*_`[<&".repeat(100_000),
        "<div title='<div>".repeat(50_000),
        "<script>".repeat(50_000),
        "<pre>".repeat(50_000) + "x",
        format!("<p>{}x</p>", "<br>".repeat(200_000)),
        format!("<p>x{}</p>", "<br> &nbsp; ".repeat(100_000)),
        format!(
            "<table><tr>{}{}</table>",
            "<td colspan=1000>a".repeat(1000),
            "<tr><td>x".repeat(2000)
        ),
        "<ol start=\"999999999\"><li>a".repeat(10_000),
        // Emphasis whose delimiters cannot flank, nested as deep as the model allows: each
        // level may try several delimiters, which must not multiply across levels.
        format!("<p>a{}x{}b</p>", "<em>\"".repeat(12), "\"</em>".repeat(12)).repeat(500),
        format!(
            "<p>a{}x{}b</p>",
            "<em><strong>\"".repeat(6),
            "\"</strong></em>".repeat(6)
        )
        .repeat(500),
        format!("<p>{}</p>", "<iframe src=x></iframe>".repeat(100_000)),
        format!(
            "<figure>{}<img src=x>",
            "<figure><figcaption>c</figcaption>".repeat(50_000)
        ),
    ];
    for html in cases {
        let head: String = html.chars().take(20).collect();
        let t = std::time::Instant::now();
        let md = on_small_stack(move || unpress::html_fragment_to_markdown(&html));
        assert!(
            t.elapsed().as_secs() < LIMIT_SECS,
            "{head:?} took {:?}",
            t.elapsed()
        );
        assert!(md.len() < 10_000_000);
    }
}

/// Tag soup from the elements the converter treats specially, in any order and nesting.
fn soup() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        3 => "[a-z ]{1,6}",
        2 => "[-*_`~#>+=.!\\[\\]()<&|\\\\ \n]{1,3}",
        4 => proptest::sample::select(vec![
            "<p>", "</p>", "<div>", "</div>", "<em>", "</em>", "<strong>", "</strong>", "<b>",
            "</b>", "<i>", "</i>", "<del>", "</del>", "<code>", "</code>", "<pre>", "</pre>",
            "<ul>", "</ul>", "<ol start=\"9\">", "</ol>", "<li>", "</li>", "<blockquote>",
            "</blockquote>", "<h2>", "</h2>", "<br>", "<hr>", "<a href=\"/u (1)\">", "</a>",
            "<img src=\"/i.png\" alt=\"x]\">", "<table>", "</table>", "<tr>", "</tr>", "<td>",
            "</td>", "<th colspan=\"2\">", "</th>", "<dl>", "<dt>", "<dd>", "</dl>", "<sup>",
            "</sup>", "<sub>", "</sub>", "<figure>", "<figcaption>", "</figcaption>",
            "</figure>", "<iframe src=\"/v\"></iframe>", "<input type=\"checkbox\" checked>",
            "<!-- c -->", "&nbsp;", "&amp;", "<span> </span>", "<kbd>", "</kbd>",
        ])
        .prop_map(str::to_string),
    ];
    proptest::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any soup converts without panicking, and converting is deterministic.
    #[test]
    fn tag_soup_never_panics(html in soup()) {
        let a = unpress::html_fragment_to_markdown(&html);
        let b = unpress::html_fragment_to_markdown(&html);
        prop_assert_eq!(&a, &b);
        prop_assert!(a.is_empty() || a.ends_with('\n'));
        // No trailing spaces outside code blocks and `<pre>` (their content is exact).
        // The open fence, as CommonMark closes it: the same character, at least as
        // many, and nothing after but spaces. A shorter run inside is content.
        let mut fence: Option<(char, usize)> = None;
        let mut in_pre = false;
        for l in a.lines() {
            let t = l.trim_start_matches(['>', ' ', '-', '+', '.', ')', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
            let run = |c: char| t.chars().take_while(|&x| x == c).count();
            let was_code = fence.is_some();
            match fence {
                Some((c, n)) if run(c) >= n && t.trim_start_matches(c).trim().is_empty() => fence = None,
                Some(_) => {}
                None => {
                    fence = ['`', '~'].into_iter().find(|&c| run(c) >= 3).map(|c| (c, run(c)));
                }
            }
            let in_code = was_code || fence.is_some();
            in_pre |= t.starts_with("<pre>");
            prop_assert!(in_code || in_pre || !l.ends_with(' '), "trailing space in {:?}", a);
            in_pre &= !l.contains("</pre>");
        }
    }
}
