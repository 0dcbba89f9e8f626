//! `cargo run --example expand_file -- FILE`: expands one raw post body (no site data) and
//! prints the HTML, then the Markdown the converter makes of it.

use unpress::wp::expand::{ExpandContext, SiteData, expand};

fn main() {
    let path = std::env::args().nth(1).expect("usage: expand_file FILE");
    let raw = std::fs::read_to_string(path).expect("read");
    let raw = raw.split_once("\n---\n").map_or(raw.as_str(), |(h, b)| {
        if h.starts_with('@') { b } else { raw.as_str() }
    });
    let site = SiteData::default();
    let e = expand(raw, &ExpandContext::new(&site));
    println!("{}\n-----", e.html);
    let blocks = unpress::html::convert::to_blocks(&e.html);
    print!(
        "{}",
        unpress::render::markdown::render(&blocks, &Default::default())
    );
    for w in e.warnings {
        eprintln!("!! {w}");
    }
}
