//! Shortcode parser spec files: `tests/spec/shortcodes/NAME.input` is scanned with every
//! name accepted (nested content included) and the result, one line per shortcode, is compared
//! with `NAME.expected`. Each line reads
//! `name [attrs…] (self-closing|enclosing "content"|tag) [escaped]`.
//! `UPDATE_SPEC=1 cargo test --test shortcode_spec` rewrites the expected files.

use std::path::PathBuf;
use unpress::wp::shortcode::find_nested;

fn describe(src: &str) -> String {
    let mut out = String::new();
    for sc in find_nested(src, &mut |_| true) {
        let attrs: Vec<String> = sc
            .attributes()
            .list
            .iter()
            .map(|(k, v)| match k {
                Some(k) => format!("{k}={v:?}"),
                None => format!("{v:?}"),
            })
            .collect();
        let shape = match (&sc.content, sc.self_closing) {
            (Some(c), _) => format!("enclosing {:?}", &src[c.clone()]),
            (None, true) => "self-closing".to_string(),
            (None, false) => "tag".to_string(),
        };
        out.push_str(&format!(
            "{} [{}] {}{}\n",
            sc.name,
            attrs.join(" "),
            shape,
            if sc.is_escaped() { " escaped" } else { "" }
        ));
    }
    out
}

#[test]
fn shortcode_spec_files() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/spec/shortcodes");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("spec dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "input"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no spec files");
    let update = std::env::var_os("UPDATE_SPEC").is_some();
    let mut failures = Vec::new();
    for input in &inputs {
        let src = std::fs::read_to_string(input).unwrap();
        let actual = describe(&src);
        let exp_path = input.with_extension("expected");
        if update {
            std::fs::write(&exp_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&exp_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "--- {}\n=== expected:\n{expected}=== actual:\n{actual}",
                input.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
