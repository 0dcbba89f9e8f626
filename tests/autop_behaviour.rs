//! Properties of wpautop beyond the spec files: which tags count as blocks, the `$br = false`
//! mode, never panicking, and linear running time on hostile input.

use proptest::prelude::*;
use std::time::{Duration, Instant};
use unpress::wp::autop::{AutopOptions, autop, autop_with};

const BLOCKS: &[&str] = &[
    "table", "thead", "tfoot", "caption", "col", "colgroup", "tbody", "tr", "td", "th", "div",
    "dl", "dd", "dt", "ul", "ol", "li", "pre", "form", "map", "area", "address", "math", "style",
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "fieldset", "legend", "section", "article", "aside",
    "hgroup", "header", "footer", "nav", "figure", "details", "menu", "summary",
];

/// `hr` is left out: it is void, and modern WordPress adds a paragraph break after `<hr>`.
#[test]
fn block_elements_are_not_wrapped() {
    let items: Vec<String> = BLOCKS.iter().map(|b| format!("<{b}>x</{b}>")).collect();
    assert_eq!(autop(&items.join("\n\n")).trim(), items.join("\n"));
}

#[test]
fn inline_elements_are_wrapped() {
    let inlines = [
        "a", "em", "strong", "span", "code", "sub", "sup", "del", "select", "noscript",
    ];
    let input: Vec<String> = inlines.iter().map(|t| format!("<{t}>x</{t}>")).collect();
    let expected: Vec<String> = input.iter().map(|s| format!("<p>{s}</p>")).collect();
    assert_eq!(autop(&input.join("\n\n")).trim(), expected.join("\n"));
}

#[test]
fn blockquote_contents_get_paragraphs() {
    assert_eq!(
        autop("<blockquote>x</blockquote>").trim(),
        "<blockquote><p>x</p></blockquote>"
    );
}

#[test]
fn without_br_single_newlines_stay() {
    let opts = AutopOptions {
        br: false,
        ..AutopOptions::default()
    };
    assert_eq!(autop_with("a\nb\n\nc", &opts), "<p>a\nb</p>\n<p>c</p>\n");
    assert_eq!(autop("a\nb\n\nc"), "<p>a<br />\nb</p>\n<p>c</p>\n");
}

#[test]
fn empty_and_blank_input_give_nothing() {
    assert_eq!(autop(""), "");
    assert_eq!(autop(" \n\t\r\n"), "");
}

#[test]
fn unknown_shortcodes_stay_in_paragraphs() {
    assert_eq!(autop("[not_a_shortcode]"), "<p>[not_a_shortcode]</p>\n");
    assert_eq!(autop("[gallery]"), "[gallery]\n");
    assert_eq!(autop("[gallery-x]"), "<p>[gallery-x]</p>\n");
    assert_eq!(autop("[gallery /]"), "[gallery /]\n");
    let opts = AutopOptions {
        shortcodes: vec!["mine".into()],
        ..AutopOptions::default()
    };
    assert_eq!(
        autop_with("[mine a=1]x[/mine]", &opts),
        "[mine a=1]x[/mine]\n"
    );
}

/// Time for `autop` on `unit` repeated `n` times (best of three, so a busy machine does not
/// fail the test).
fn time(unit: &str, n: usize) -> Duration {
    let input = unit.repeat(n);
    (0..3)
        .map(|_| {
            let start = Instant::now();
            let out = autop(&input);
            let elapsed = start.elapsed();
            assert!(out.len() < input.len() * 8 + 64);
            elapsed
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn running_time_is_linear_on_hostile_input() {
    let hostile = [
        "<p><li",
        "<pre",
        "</pre>",
        "<object",
        "</object><source",
        "<audio ",
        "[audio ",
        "<p>[gallery ",
        "<p>[caption]",
        "<!--",
        "<![CDATA[",
        "<",
        "<br",
        "<br> \n",
        " \n",
        "\n\n",
        "<div ",
        "<p>",
        "<p><blockquote",
        "<script",
        "[embed\n",
        "<option \n",
        "<figcaption",
        "a\n",
        "<p>x</div",
        "&nbsp;",
    ];
    for unit in hostile {
        // Warm up, then compare 16x the input: linear code takes ~16x as long, quadratic ~256x.
        let _ = time(unit, 200);
        let small = time(unit, 500).max(Duration::from_millis(2));
        let large = time(unit, 8_000);
        assert!(
            large < small * 64,
            "{unit:?}: 500 units took {small:?}, 8000 took {large:?}"
        );
    }
}

fn htmlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        prop::sample::select(vec![
            "<p>",
            "</p>",
            "<pre>",
            "</pre>",
            "<br>",
            "<br />",
            "\n",
            "\n\n",
            "\r\n",
            " ",
            "<li>",
            "<div>",
            "</div>",
            "<!--",
            "-->",
            "[caption]",
            "[/caption]",
            "[gallery",
            "]",
            "<",
            ">",
            "<blockquote>",
            "<object>",
            "</object>",
            "<source>",
            "<option>",
            "<script>",
            "</script>",
            "<figcaption>",
            "&nbsp;",
            "\u{a0}",
            "<pre wp-pre-tag-0></pre>",
            "<!-- wpnl -->",
            "<WPPreserveNewline />",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn autop_never_panics(s in htmlish()) {
        let _ = autop(&s);
        let _ = autop_with(&s, &AutopOptions { br: false, ..AutopOptions::default() });
    }

    #[test]
    fn autop_never_panics_on_any_string(s in any::<String>()) {
        let _ = autop(&s);
    }

    #[test]
    fn pre_content_survives_byte_exact(body in "[a-z \n\r\t<>/]{0,40}") {
        prop_assume!(!body.contains("</pre>") && !body.contains("<pre"));
        let out = autop(&format!("intro\n\n<pre>{body}</pre>\n\noutro"));
        let expected = format!("<pre>{body}</pre>");
        prop_assert!(out.contains(&expected), "{}", out);
    }
}
