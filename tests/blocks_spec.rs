//! Gutenberg block delimiters: what `parse` reports and what `strip_delimiters` leaves.

use proptest::prelude::*;
use unpress::wp::blocks::{BlockToken, DelimiterKind, has_blocks, parse, strip_delimiters};

const POST: &str = r#"<!-- wp:paragraph -->
<p>Hello <strong>world</strong>.</p>
<!-- /wp:paragraph -->

<!-- wp:image {"id":12,"sizeSlug":"large"} -->
<figure class="wp-block-image size-large"><img src="a.jpg" alt="" class="wp-image-12"/></figure>
<!-- /wp:image -->

<!-- wp:code {"language":"rust"} -->
<pre class="wp-block-code"><code>fn main() {}</code></pre>
<!-- /wp:code -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc","type":"video","providerNameSlug":"youtube"} -->
<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=abc
</div></figure>
<!-- /wp:embed -->

<!-- wp:block {"ref":42} /-->

<!-- wp:group --><div class="wp-block-group"><!-- wp:jetpack/slideshow {"ids":[1,2]} /--></div><!-- /wp:group -->
"#;

const POST_STRIPPED: &str = r#"<p>Hello <strong>world</strong>.</p>

<figure class="wp-block-image size-large"><img src="a.jpg" alt="" class="wp-image-12"/></figure>

<pre class="wp-block-code"><code>fn main() {}</code></pre>

<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=abc
</div></figure>


<div class="wp-block-group"></div>
"#;

#[test]
fn strips_a_typical_block_post() {
    assert_eq!(strip_delimiters(POST), POST_STRIPPED);
    assert_eq!(strip_delimiters(POST_STRIPPED), POST_STRIPPED);
}

#[test]
fn parses_names_kinds_attrs_and_ranges() {
    let tokens = parse(POST);
    let summary: Vec<(DelimiterKind, &str, Option<&str>)> =
        tokens.iter().map(|t| (t.kind, t.name, t.attrs)).collect();
    use DelimiterKind::*;
    assert_eq!(
        summary,
        vec![
            (Opener, "paragraph", None),
            (Closer, "paragraph", None),
            (Opener, "image", Some(r#"{"id":12,"sizeSlug":"large"}"#)),
            (Closer, "image", None),
            (Opener, "code", Some(r#"{"language":"rust"}"#)),
            (Closer, "code", None),
            (
                Opener,
                "embed",
                Some(
                    r#"{"url":"https://www.youtube.com/watch?v=abc","type":"video","providerNameSlug":"youtube"}"#
                )
            ),
            (Closer, "embed", None),
            (Void, "block", Some(r#"{"ref":42}"#)),
            (Opener, "group", None),
            (Void, "jetpack/slideshow", Some(r#"{"ids":[1,2]}"#)),
            (Closer, "group", None),
        ]
    );
    for t in &tokens {
        let text = &POST[t.range.clone()];
        assert!(text.starts_with("<!--") && text.ends_with("-->"), "{text}");
    }
    assert_eq!(&POST[tokens[0].range.clone()], "<!-- wp:paragraph -->");
    assert_eq!(tokens[0].full_name(), "core/paragraph");
    assert_eq!(tokens[10].full_name(), "jetpack/slideshow");
}

#[test]
fn attributes_later_stages_need() {
    let tokens = parse(POST);
    let find = |name: &str| -> &BlockToken<'_> {
        tokens
            .iter()
            .find(|t| t.name == name && t.kind != DelimiterKind::Closer)
            .expect(name)
    };
    assert_eq!(find("code").attrs_json().unwrap()["language"], "rust");
    assert_eq!(
        find("embed").attrs_json().unwrap()["url"],
        "https://www.youtube.com/watch?v=abc"
    );
    assert_eq!(find("image").attrs_json().unwrap()["id"], 12);
    assert_eq!(find("block").attrs_json().unwrap()["ref"], 42);
    assert_eq!(find("paragraph").attrs_json(), None);
}

#[test]
fn has_blocks_means_block_editor_content() {
    assert!(has_blocks(POST));
    assert!(!has_blocks("<p>classic</p>\n\nText"));
    assert!(!has_blocks("<!-- more -->"));
}

#[test]
fn malformed_delimiters_are_left_alone() {
    for text in [
        "<!-- wp:paragraph",           // unterminated
        "<!-- wp:paragraph {\"a\":1}", // unterminated with attrs
        "<!--wp:paragraph-->",         // no whitespace
        "<!-- wp:Paragraph -->",       // upper case name
        "<!-- wp:1para -->",           // name must start with a letter
        "<!-- wp:a/b/c -->",           // two namespaces
        "<!-- wp:x {\"a\": -->",       // attrs not closed before -->
        "<!-- wp:x junk -->",          // junk after the name
        "<!-- wp:x / -->",             // space after the void slash
        "<!-- wp:x --->",              // dash before -->
        "<!-- wp: -->",                // no name
        "<!-- more -->",               // an ordinary comment
        "<!-- wp:x {} --",             // never closed
    ] {
        assert!(parse(text).is_empty(), "{text}");
        assert_eq!(strip_delimiters(text), text);
    }
}

#[test]
fn odd_but_valid_delimiters() {
    // The grammar only needs `{` … `}`: malformed JSON is still a delimiter, attrs_json is None.
    let t = parse("<!-- wp:x {not json} -->");
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].attrs, Some("{not json}"));
    assert_eq!(t[0].attrs_json(), None);
    // Whitespace may be any mix, including newlines; `}` WS+ `/-->` is void.
    let t = parse("<!--\n\twp:ns/x-y_z\n{\"a\":\"}\"}\n/-->");
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].kind, DelimiterKind::Void);
    assert_eq!(t[0].name, "ns/x-y_z");
    assert_eq!(t[0].attrs, Some("{\"a\":\"}\"}"));
    // A closer with attributes is still a closer.
    assert_eq!(
        parse("<!-- /wp:x {\"a\":1} -->")[0].kind,
        DelimiterKind::Closer
    );
    // Inside an ordinary comment's text, a delimiter is still found (as WordPress does).
    assert_eq!(parse("<!-- note <!-- wp:x -->").len(), 1);
}

#[test]
fn newline_after_a_delimiter_line_goes_with_it() {
    assert_eq!(
        strip_delimiters("<!-- wp:p -->\n<p>a</p>\n<!-- /wp:p -->\n"),
        "<p>a</p>\n"
    );
    assert_eq!(
        strip_delimiters("<!-- wp:p -->\r\n<p>a</p>\r\n<!-- /wp:p -->\r\n"),
        "<p>a</p>\r\n"
    );
    // Mid-line delimiters keep the text around them.
    assert_eq!(strip_delimiters("a <!-- wp:x /--> b\nc"), "a  b\nc");
}

#[test]
fn joins_never_leave_a_delimiter_behind() {
    for (input, expected) in [
        ("<!-<!-- wp:a -->- wp:b -->", ""),
        ("<!-- wp:b <!-- wp:a -->-->", ""),
        ("<!-- wp:b -<!-- wp:a -->->", ""),
        ("<!-- wp:b {\"x\":1} <!-- wp:a -->} -->", ""),
        ("x<!<!-- wp:a /-->-- wp:b -->y", "xy"),
        ("<!-- wp:c <!-<!-- wp:a -->- wp:b -->-->z", "z"),
    ] {
        let out = strip_delimiters(input);
        assert_eq!(out, expected, "{input}");
        assert!(parse(&out).is_empty());
    }
}

#[test]
fn large_inputs_strip_in_linear_time() {
    use std::time::{Duration, Instant};
    for unit in [
        "<!-- wp:a {",
        "<!-- wp:a ",
        "<!-<!-- wp:x -->",
        "<!-- wp:b <!-- wp:a -->",
        "<",
        "<!--",
    ] {
        // Best of three, so a busy machine does not fail the test.
        let time = |n: usize| {
            let input = format!("{}{}", unit.repeat(n), "} -->");
            (0..3)
                .map(|_| {
                    let t = Instant::now();
                    let _ = strip_delimiters(&input);
                    let _ = parse(&input);
                    t.elapsed()
                })
                .min()
                .unwrap_or_default()
        };
        // 16x the input: linear code takes ~16x as long, quadratic ~256x.
        let _ = time(500);
        let small = time(2_000).max(Duration::from_millis(2));
        let large = time(32_000);
        assert!(large < small * 64, "{unit:?}: {small:?} vs {large:?}");
    }
}

/// Removes `parse`'s tokens by hand, with the same line rule, for comparison.
fn strip_by_tokens(s: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for t in parse(s) {
        out.push_str(&s[last..t.range.start]);
        last = t.range.end;
        if out.is_empty() || out.ends_with('\n') {
            if s[last..].starts_with('\n') {
                last += 1;
            } else if s[last..].starts_with("\r\n") {
                last += 2;
            }
        }
    }
    out.push_str(&s[last..]);
    out
}

fn fragments() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        prop::sample::select(vec![
            "<!--",
            "-->",
            "<",
            "!",
            "-",
            ">",
            " ",
            "\n",
            "\r\n",
            "wp:",
            "/wp:",
            "para",
            "a/b",
            "{",
            "}",
            "\"",
            "/",
            "<!-- wp:p -->",
            "<!-- /wp:p -->",
            "<!-- wp:x {\"a\":1} /-->",
            "<!-- wp:",
            " -->",
            " /-->",
            "} -->",
            "<p>",
            "</p>",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Well-formed block documents: no delimiter can form across a removed one.
fn documents() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z <>/\n]{0,12}".prop_filter("no comment syntax", |s: &String| !s.contains('<')),
        prop::sample::select(vec![
            "<!-- wp:paragraph -->\n",
            "<!-- /wp:paragraph -->\n",
            "<p>x</p>",
            "\n",
            "<!-- wp:image {\"id\":1} -->",
            "<!-- wp:block {\"ref\":2} /-->",
            "<!-- wp:jetpack/map {\"points\":[]} /-->\n",
            "<!-- just a comment -->",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..20).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn strip_is_idempotent_and_leaves_no_delimiter(s in fragments()) {
        let once = strip_delimiters(&s);
        prop_assert!(parse(&once).is_empty(), "left a delimiter in {:?}", once);
        prop_assert_eq!(strip_delimiters(&once), once.clone());
    }

    #[test]
    fn strip_and_parse_never_panic(s in any::<String>()) {
        let once = strip_delimiters(&s);
        prop_assert_eq!(strip_delimiters(&once), once.clone());
        for t in parse(&s) {
            prop_assert!(s.get(t.range.clone()).is_some());
        }
    }

    #[test]
    fn strip_removes_exactly_the_parsed_tokens(s in documents()) {
        prop_assert_eq!(strip_delimiters(&s), strip_by_tokens(&s));
    }
}
