//! Shortcode parser spec files: `tests/spec/shortcodes/NAME.input` is scanned with every
//! name accepted (nested content included) and the result, one line per shortcode, is compared
//! with `NAME.expected`. Each line reads
//! `name [attrs…] (self-closing|enclosing "content"|tag) [escaped]`.
//! `UPDATE_SPEC=1 cargo test --test shortcode_spec` rewrites the expected files.

mod common;

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
    common::check_spec_dir("shortcodes", describe);
}
