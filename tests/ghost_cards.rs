//! Ghost's cards (`tests/spec/ghost/cards.txt`): each written as a Lexical node, a mobiledoc
//! card and the HTML Ghost renders, all three becoming the one expected Markdown, and none
//! losing anything by the loss check's count.
//!
//! Format: a case starts with `### name` (outside a section); `~~~~~~~~ lexical` (node objects, comma-separated),
//! `~~~~~~~~ mobiledoc` (one `[name, payload]` card, or a whole document), `~~~~~~~~ html`
//! open the inputs (any of them), `~~~~~~~~ markdown` the expected output, `~~~~~~~~ end`
//! closes the case. `UPDATE_SPEC=1` rewrites the expected sections from the first input's
//! output (then review the diff like any snapshot update).

use std::collections::HashMap;
use std::path::Path;
use unpress::check::{Census, compare};
use unpress::read::ghost::{lexical, mobiledoc};
use unpress::target::Target;

const MARK: &str = "~~~~~~~~ ";

struct Case {
    name: String,
    inputs: Vec<(String, String)>,
    markdown: String,
}

fn parse(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut section: Option<String> = None;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        if section.is_none()
            && let Some(name) = bare.strip_prefix("### ")
        {
            cases.push(Case {
                name: name.to_string(),
                inputs: Vec::new(),
                markdown: String::new(),
            });
            continue;
        }
        if let Some(rest) = bare.strip_prefix(MARK) {
            let kind = rest.trim().to_string();
            let case = cases.last_mut().expect("a case before its sections");
            match kind.as_str() {
                "end" => section = None,
                "markdown" => section = Some(kind),
                _ => {
                    case.inputs.push((kind.clone(), String::new()));
                    section = Some(kind);
                }
            }
            continue;
        }
        let (Some(kind), Some(case)) = (section.as_deref(), cases.last_mut()) else {
            continue;
        };
        if kind == "markdown" {
            case.markdown.push_str(line);
        } else if let Some((_, text)) = case.inputs.last_mut() {
            text.push_str(line);
        }
    }
    cases
}

/// The HTML an input stands for: Ghost's own, or rendered from the editor's document.
fn html_of(kind: &str, input: &str) -> String {
    match kind {
        "html" => input.to_string(),
        "lexical" => {
            let doc = format!(r#"{{"root":{{"type":"root","children":[{input}]}}}}"#);
            let (html, unknown) = lexical::render(&doc).expect("a Lexical document");
            assert!(unknown.is_empty(), "unknown nodes {unknown:?}");
            html
        }
        "mobiledoc" => {
            let doc = if input.trim_start().starts_with('[') {
                format!(
                    r#"{{"version":"0.3.1","atoms":[],"markups":[],"cards":[{input}],"sections":[[10,0]]}}"#
                )
            } else {
                input.to_string()
            };
            let (html, unknown) = mobiledoc::render(&doc).expect("a mobiledoc document");
            assert!(unknown.is_empty(), "unknown cards {unknown:?}");
            html
        }
        other => panic!("unknown input kind {other}"),
    }
}

#[test]
fn every_card_becomes_its_closest_markdown_from_every_editor() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec/ghost/cards.txt");
    let text = std::fs::read_to_string(&path).expect("spec file");
    let mut cases = parse(&text);
    assert!(cases.len() >= 20, "{} cases", cases.len());
    let update = std::env::var_os("UPDATE_SPEC").is_some();
    let md_opts = Target::Hugo.markdown_options();
    let mut failures = Vec::new();
    for case in &mut cases {
        assert!(!case.inputs.is_empty(), "{}: no inputs", case.name);
        for (i, (kind, input)) in case.inputs.iter().enumerate() {
            let html = html_of(kind, input);
            let md = unpress::html_fragment_to_markdown(&html);
            if update && i == 0 {
                case.markdown = md.clone();
            }
            if md != case.markdown {
                failures.push(format!(
                    "{} ({kind}):\n--- expected\n{}--- got\n{md}",
                    case.name, case.markdown
                ));
            }
            let out = Census::of_markdown(&md, Target::Hugo, &md_opts);
            let verdict = compare(&Census::of_html(&html), &out, &HashMap::new());
            if !verdict.losses.is_empty() {
                failures.push(format!("{} ({kind}) lost {:?}", case.name, verdict.losses));
            }
        }
    }
    if update {
        let mut out = String::new();
        let mut rest = text.as_str();
        for case in &cases {
            let head = format!("### {}\n", case.name);
            let at = rest.find(&head).expect("case in file");
            let md_at = at
                + rest[at..]
                    .find("~~~~~~~~ markdown\n")
                    .expect("markdown section");
            let end_at = md_at + rest[md_at..].find("~~~~~~~~ end\n").expect("end");
            out.push_str(&rest[..md_at]);
            out.push_str("~~~~~~~~ markdown\n");
            out.push_str(&case.markdown);
            rest = &rest[end_at..];
        }
        out.push_str(rest);
        std::fs::write(&path, out).expect("spec written");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
