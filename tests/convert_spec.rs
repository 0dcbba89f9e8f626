//! Spec files for HTML -> Markdown (`tests/spec/html2md/*.txt`), checked two ways:
//! 1. the converter's output equals the expected Markdown exactly;
//! 2. round trip: the Markdown rendered by pulldown-cmark (GFM options on) normalises to the
//!    same text-and-structure string as the source HTML.
//!
//! 3. for cases marked `stable`: the Markdown, rendered and converted again, comes back the same.
//!
//! Format: a case starts with `### name`; `~~~~~~~~ html` (optionally followed by
//! `no-roundtrip` for cases whose HTML has no Markdown spelling, like footnote ids or `<dl>`,
//! and `stable` to ask for check 3) opens the input, `~~~~~~~~ markdown` the expected output,
//! `~~~~~~~~ end` closes the case.
//! Run with `UPDATE_SPEC=1` to rewrite the expected sections from the current output (then
//! review the diff like any snapshot update).

use pulldown_cmark::{Options, Parser, html};
use scraper::{ElementRef, Html, Node};
use std::fs;
use std::path::{Path, PathBuf};

const MARK: &str = "~~~~~~~~ ";

struct Case {
    name: String,
    html: String,
    markdown: String,
    roundtrip: bool,
    stable: bool,
}

fn spec_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec/html2md");
    let mut v: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("spec dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no spec files in {}", dir.display());
    v
}

fn parse(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut name = String::new();
    let mut section: Option<&str> = None;
    let mut cur: Option<Case> = None;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        if let Some(rest) = bare.strip_prefix(MARK) {
            let mut words = rest.split_whitespace();
            match words.next() {
                Some("html") => {
                    let flags: Vec<&str> = words.collect();
                    cur = Some(Case {
                        name: name.clone(),
                        html: String::new(),
                        markdown: String::new(),
                        roundtrip: !flags.contains(&"no-roundtrip"),
                        stable: flags.contains(&"stable"),
                    });
                    section = Some("html");
                }
                Some("markdown") => section = Some("markdown"),
                Some("end") => {
                    let mut c = cur.take().expect("case before end");
                    // The newline before a marker belongs to the marker line.
                    for s in [&mut c.html, &mut c.markdown] {
                        if s.ends_with('\n') {
                            s.pop();
                        }
                    }
                    cases.push(c);
                    section = None;
                }
                other => panic!("unknown marker {other:?}"),
            }
            continue;
        }
        match (section, cur.as_mut()) {
            (Some("html"), Some(c)) => c.html.push_str(line),
            (Some("markdown"), Some(c)) => c.markdown.push_str(line),
            _ => {
                if let Some(n) = bare.strip_prefix("### ") {
                    name = n.trim().to_string();
                }
            }
        }
    }
    assert!(cur.is_none(), "unterminated case {name}");
    cases
}

fn convert(html: &str) -> String {
    unpress::html_fragment_to_markdown(html)
}

#[test]
fn spec_cases() {
    let update = std::env::var_os("UPDATE_SPEC").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    for path in spec_files() {
        let text = fs::read_to_string(&path).expect("read spec");
        let cases = parse(&text);
        if update {
            let mut out = String::new();
            let mut it = cases.iter();
            let mut skipping = false;
            for line in text.split_inclusive('\n') {
                let bare = line.trim_end_matches('\n');
                if bare == format!("{MARK}markdown") {
                    out.push_str(line);
                    let c = it.next().expect("case");
                    let md = convert(&c.html);
                    let md = md.strip_suffix('\n').unwrap_or(&md);
                    if !md.is_empty() {
                        out.push_str(md);
                        out.push('\n');
                    }
                    skipping = true;
                } else if bare == format!("{MARK}end") {
                    skipping = false;
                    out.push_str(line);
                } else if !skipping {
                    out.push_str(line);
                }
            }
            fs::write(&path, out).expect("write spec");
            continue;
        }
        for c in cases {
            count += 1;
            let got = convert(&c.html);
            let got = got.strip_suffix('\n').unwrap_or(&got);
            if got != c.markdown {
                failures.push(format!(
                    "{}: {}\n--- expected\n{}\n--- got\n{}\n",
                    path.file_name().unwrap().to_string_lossy(),
                    c.name,
                    c.markdown,
                    got
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} spec cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(update || count >= 50, "only {count} spec cases");
}

#[test]
fn spec_cases_round_trip_through_pulldown_cmark() {
    let mut failures = Vec::new();
    let mut count = 0;
    for path in spec_files() {
        for c in parse(&fs::read_to_string(&path).expect("read spec")) {
            if !c.roundtrip {
                continue;
            }
            count += 1;
            let md = convert(&c.html);
            let back = md_to_html(&md);
            let (a, b) = (normalise(&c.html), normalise(&back));
            if a != b {
                failures.push(format!(
                    "{}\n--- source\n{a}\n--- markdown\n{md}--- back\n{b}\n",
                    c.name
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} round trips failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 40, "only {count} round-trip cases");
}

/// The other round trip, for cases whose HTML has no structural Markdown twin (a highlighter's
/// table of line numbers, a table of contents left out): the Markdown, rendered and converted
/// again, comes back unchanged, so what the converter wrote is what a renderer reads.
#[test]
fn stable_cases_survive_their_own_markdown() {
    let mut failures = Vec::new();
    let mut count = 0;
    for path in spec_files() {
        for c in parse(&fs::read_to_string(&path).expect("read spec")) {
            if !c.stable {
                continue;
            }
            count += 1;
            let md = convert(&c.html);
            let again = convert(&md_to_html(&md));
            if md != again {
                failures.push(format!("{}\n--- markdown\n{md}--- again\n{again}", c.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases changed on a second pass:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 30, "only {count} stable cases");
}

fn md_to_html(md: &str) -> String {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(md, opts));
    out
}

/// Text content plus the structure Markdown can express, whitespace collapsed the way a
/// browser shows it. Block boundaries are `\n`, structure is `[tag]`, inline markup `<tag>`.
fn normalise(html: &str) -> String {
    let doc = Html::parse_fragment(html);
    let mut out = String::new();
    // Iterative walk: (node, closing).
    let mut stack = vec![(*doc.root_element(), false)];
    while let Some((node, closing)) = stack.pop() {
        match node.value() {
            Node::Text(t) => out.push_str(&t.text),
            Node::Element(e) => {
                let name = e.name();
                if closing {
                    close_tag(e, &mut out);
                    continue;
                }
                if matches!(name, "script" | "style" | "input") {
                    continue;
                }
                let el = ElementRef::wrap(node).expect("element");
                if name == "pre" {
                    let t = pre_text(el);
                    out.push_str("\u{2}[pre]");
                    out.push_str(&t.trim_end_matches('\n').replace(' ', "\u{1}"));
                    out.push_str("[/pre]\u{2}");
                    continue;
                }
                if matches!(name, "code" | "kbd" | "tt" | "samp") {
                    let t: String = el.text().collect();
                    out.push_str("<code>");
                    out.push_str(&t.split_whitespace().collect::<Vec<_>>().join("\u{1}"));
                    out.push_str("</code>");
                    continue;
                }
                open_tag(el, &mut out);
                stack.push((node, true));
                let kids: Vec<_> = node.children().collect();
                for k in kids.into_iter().rev() {
                    stack.push((k, false));
                }
            }
            _ => {}
        }
    }
    collapse(&out)
}

fn open_tag(el: ElementRef<'_>, out: &mut String) {
    let e = el.value();
    let a = |n: &str| e.attr(n).unwrap_or("").replace(' ', "%20");
    match e.name() {
        "p" | "div" | "section" | "figure" | "figcaption" | "dl" | "dt" | "dd" | "caption" => {
            out.push(B)
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => out.push_str(&format!("\u{2}[{}]", e.name())),
        "ul" | "ol" => out.push_str(&format!("\u{2}[{}]\u{2}", e.name())),
        "li" => out.push_str("\u{2}[li]\u{2}"),
        "blockquote" => out.push_str("\u{2}[bq]\u{2}"),
        "table" => out.push_str("\u{2}[table]\u{2}"),
        "tr" => out.push_str("\u{2}[tr]"),
        "td" | "th" => out.push_str("[td]"),
        "hr" => out.push_str("\u{2}[hr]\u{2}"),
        "br" => out.push_str("<br>"),
        "strong" | "b" => out.push_str("<strong>"),
        "em" | "i" => out.push_str("<em>"),
        "del" | "s" | "strike" => out.push_str("<del>"),
        "a" if e.attr("href").is_some() => out.push_str(&format!("<a\u{1}{}>", a("href"))),
        "img" => out.push_str(&format!(
            "<img\u{1}{}\u{1}{}>",
            a("src"),
            a("alt").replace(' ', "\u{1}")
        )),
        "iframe" | "video" | "audio" => out.push_str(&format!("<{}\u{1}{}>", e.name(), a("src"))),
        _ => {}
    }
}

fn close_tag(e: &scraper::node::Element, out: &mut String) {
    match e.name() {
        "p" | "div" | "section" | "figure" | "figcaption" | "dl" | "dt" | "dd" | "caption"
        | "li" | "ul" | "ol" | "blockquote" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            out.push(B)
        }
        "strong" | "b" => out.push_str("</strong>"),
        "em" | "i" => out.push_str("</em>"),
        "del" | "s" | "strike" => out.push_str("</del>"),
        "a" if e.attr("href").is_some() => out.push_str("</a>"),
        _ => {}
    }
}

/// Collapses whitespace (NBSP included), moves spaces out of inline markup, drops empty
/// inline markup and spaces at block edges or next to breaks.
fn collapse(s: &str) -> String {
    let mut t = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == B {
            t.push('\n');
            space = false;
        } else if c.is_whitespace() {
            if !space {
                t.push(' ');
                space = true;
            }
        } else {
            t.push(c);
            space = false;
        }
    }
    let mut prev = String::new();
    while prev != t {
        prev = t.clone();
        for tag in ["strong", "em", "del", "a"] {
            t = t.replace(&format!("<{tag}> "), &format!(" <{tag}>"));
            t = t.replace(&format!(" </{tag}>"), &format!("</{tag}> "));
            t = t.replace(&format!("<{tag}></{tag}>"), "");
            t = t.replace(&format!("<br></{tag}>"), &format!("</{tag}><br>"));
        }
        // Empty links: `<a\u{1}URL></a>`.
        while let Some(end) = t.find("></a>") {
            match t[..end].rfind("<a\u{1}") {
                Some(start) if !t[start..end].contains('>') => t.replace_range(start..end + 5, ""),
                _ => break,
            }
        }
        t = t
            .replace("  ", " ")
            .replace(" \n", "\n")
            .replace("\n ", "\n");
        t = t.replace(" <br>", "<br>").replace("<br> ", "<br>");
        // Two breaks in a row are a paragraph boundary (the converter's stated equivalence:
        // text written with `<br><br>` between paragraphs).
        t = t.replace("<br><br>", "\n");
        t = t
            .replace("<br>\n", "\n")
            .replace("\n<br>", "\n")
            .replace("\n\n", "\n");
        t = t
            .replace("<strong><strong>", "<strong>")
            .replace("</strong></strong>", "</strong>");
    }
    // Headings and cells are single lines in Markdown: a break there is a space.
    let t: Vec<String> = t
        .trim()
        .split('\n')
        .filter(|l| !(l.starts_with("[h") && l.len() == 4))
        .map(|l| {
            if l.starts_with("[h") || l.starts_with("[tr]") {
                l.replace("<br>", " ")
            } else {
                l.to_string()
            }
        })
        .collect();
    t.join("\n").replace('\u{1}', " ")
}

/// Block boundary marker (text newlines are plain whitespace).
const B: char = '\u{2}';

/// Exact `<pre>` text, `<br>` as a newline.
fn pre_text(el: ElementRef<'_>) -> String {
    let mut s = String::new();
    for n in el.descendants() {
        match n.value() {
            Node::Text(t) => s.push_str(&t.text),
            Node::Element(e) if e.name() == "br" => s.push('\n'),
            _ => {}
        }
    }
    s
}
