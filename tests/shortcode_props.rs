//! Properties of the shortcode parser and the expansion stage: no panics on any input, results
//! that stay inside the input, and work that grows linearly — measured by the scanner's own
//! count of bytes examined (`Scanner::work`), never by timing.

use proptest::prelude::*;
use unpress::wp::expand::{Attachment, ExpandContext, SiteData, expand};
use unpress::wp::shortcode::{Scanner, find_nested, parse_attrs};

/// Fragments that exercise every branch: brackets, escapes, closers, quotes, tags, comments.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[".to_string()),
        Just("]".to_string()),
        Just("[[".to_string()),
        Just("]]".to_string()),
        Just("/".to_string()),
        Just("[/a]".to_string()),
        Just("[/code]".to_string()),
        Just("[a]".to_string()),
        Just("[a ".to_string()),
        Just("[a x=\"1\"]".to_string()),
        Just("[code lang=php]".to_string()),
        Just("[caption]".to_string()),
        Just("[/caption]".to_string()),
        Just("[gallery ids=\"1,2\"]".to_string()),
        Just("[youtube https://youtu.be/dQw4w9WgXcQ]".to_string()),
        Just("[/youtube]".to_string()),
        Just("[embed]".to_string()),
        Just("[/embed]".to_string()),
        Just("[video mp4=x.mp4]".to_string()),
        Just("[/video]".to_string()),
        Just("<img src=\"x.jpg\" alt=\"\">".to_string()),
        Just("<pre>".to_string()),
        Just("</pre>".to_string()),
        Just("<code>".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<!-- ".to_string()),
        Just(" -->".to_string()),
        Just("<!-- wp:paragraph -->".to_string()),
        Just("<!-- /wp:paragraph -->".to_string()),
        Just("<!-- wp:block {\"ref\":1} /-->".to_string()),
        Just("<!-- wp:image {\"id\":1} -->".to_string()),
        Just("<!-- wp:embed {\"url\":\"https://vimeo.com/1\"} -->".to_string()),
        Just("<!-- /wp:embed -->".to_string()),
        Just("<!-- wp:footnotes /-->".to_string()),
        Just("$latex x$".to_string()),
        Just("$latex ".to_string()),
        Just("\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n".to_string()),
        Just("<div class=\"sharedaddy\">".to_string()),
        Just("</div>".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("=".to_string()),
        Just("\\".to_string()),
        Just("\n\n".to_string()),
        Just("é".to_string()),
        "[a-z ]{0,6}",
    ]
}

fn doc() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..60).prop_map(|v| v.concat())
}

fn site() -> SiteData {
    let mut s = SiteData::default();
    s.attachments
        .insert(1, Attachment::new("https://ex.com/1.jpg", "one", "cap"));
    s.reusable_blocks
        .insert(1, "<!-- wp:block {\"ref\":1} /--><p>r</p>".into());
    s
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(600),
        ..ProptestConfig::default()
    })]

    #[test]
    fn parser_never_panics_and_stays_in_bounds(s in doc()) {
        let all = find_nested(&s, &mut |_| true);
        let mut last_start = 0;
        for sc in &all {
            prop_assert!(sc.range.start >= last_start || sc.range.end <= s.len());
            prop_assert!(sc.range.end <= s.len());
            prop_assert!(s.is_char_boundary(sc.range.start) && s.is_char_boundary(sc.range.end));
            if let Some(c) = &sc.content {
                prop_assert!(c.start >= sc.range.start && c.end <= sc.range.end);
                prop_assert!(s.is_char_boundary(c.start) && s.is_char_boundary(c.end));
            }
            last_start = sc.range.start;
            let _ = sc.attributes();
        }
        // Shortcodes are at least `[x]`: never more of them than a third of the input.
        prop_assert!(all.len() <= s.len() / 3 + 1);
    }

    #[test]
    fn attrs_never_panic(s in "\\PC{0,80}") {
        let a = parse_attrs(&s);
        for (k, _) in &a.list {
            if let Some(k) = k {
                prop_assert_eq!(k.clone(), k.to_lowercase());
            }
        }
    }

    #[test]
    fn expand_never_panics_and_output_is_linear(s in doc()) {
        let site = site();
        let mut ctx = ExpandContext::new(&site);
        ctx.post_id = Some(1);
        ctx.footnotes = Some("[{\"id\":\"a\",\"content\":\"n\"}]");
        let e = expand(&s, &ctx);
        prop_assert!(e.html.len() <= 64 * s.len() + 1024, "{} -> {}", s.len(), e.html.len());
        prop_assert!(!e.html.contains("<!-- wp:"));
        ctx.keep_unknown = true;
        let _ = expand(&s, &ctx);
    }

    #[test]
    fn expand_any_text(s in "\\PC{0,300}") {
        let site = site();
        let e = expand(&s, &ExpandContext::new(&site));
        prop_assert!(e.html.len() <= 64 * s.len() + 1024);
        let _ = unpress::wp::expand::strip_shortcodes(&s);
        let _ = unpress::wp::expand::shortcodes_in(&s);
    }

    /// Repeating a fragment k times must cost about k times the work of one copy.
    #[test]
    fn scanning_work_is_linear(f in prop::collection::vec(fragment(), 1..4), k in 200usize..1200) {
        let unit = f.concat();
        let s = unit.repeat(k);
        let mut sc = Scanner::new(&s);
        let mut stack = vec![(0usize, s.len())];
        let mut found = 0usize;
        while let Some((pos, end)) = stack.pop() {
            if let Some(m) = sc.next_in(pos, end, &mut |_| true) {
                found += 1;
                stack.push((m.range.end, end));
                if let Some(c) = &m.content {
                    stack.push((c.start, c.end));
                }
            }
        }
        prop_assert!(found <= s.len());
        prop_assert!(sc.work() <= 16 * s.len() + 64, "work {} for {} bytes of {:?}", sc.work(), s.len(), unit);
    }
}

/// The hostile shapes named in the module docs, at a size where quadratic work would show.
#[test]
fn hostile_inputs_do_linear_work() {
    for unit in [
        "[a ",
        "[a]",
        "[[a",
        "[a/",
        "<a ",
        "<!-- ",
        "[a x=\"",
        "[/a]",
        "[a][b][c]",
        "[a]x[/b]",
    ] {
        let s = unit.repeat(20_000);
        let mut sc = Scanner::new(&s);
        let mut i = 0;
        while let Some(m) = sc.next_in(i, s.len(), &mut |_| true) {
            i = m.range.end;
        }
        assert!(sc.work() <= 16 * s.len(), "{unit:?}: work {}", sc.work());
        let site = SiteData::default();
        let e = expand(&s, &ExpandContext::new(&site));
        assert!(e.html.len() <= 2 * s.len() + 64);
    }
}
