//! Template syntax in a post, escaped for each generator's template engine: every
//! `tests/spec/templates/NAME.input` (post HTML) is rendered for Hugo, Jekyll, Zola and
//! Eleventy and compared with `NAME.expected`, the four bodies under `=== target` headings.
//! `UPDATE_SPEC=1 cargo test --test templates_spec` rewrites them (review the diff!).

mod common;

use unpress::Target;
use unpress::doc::Meta;
use unpress::html::convert::to_blocks;
use unpress::render;

fn bodies(html: &str) -> String {
    let mut out = String::new();
    for target in [Target::Hugo, Target::Jekyll, Target::Zola, Target::Eleventy] {
        let doc = render::document(
            &Meta::default(),
            "post",
            to_blocks(html),
            target,
            target.default_format(),
            &target.markdown_options(),
            false,
        );
        out.push_str(&format!("=== {target}\n{}", doc.body));
    }
    out
}

#[test]
fn template_syntax_per_target() {
    common::check_spec_dir("templates", bodies);
}
