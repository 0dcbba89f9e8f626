//! Shows what the WordPress expansion stage makes of items in an export:
//! `cargo run --example expand_item -- export.xml [POST_ID…]` prints each item's expanded
//! HTML and warnings (all items with shortcodes or blocks when no id is given).

use std::fs::File;
use std::io::BufReader;
use unpress::read::wxr::{self, ReadMode};
use unpress::wp::expand::{ExpandContext, SiteData, expand};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: expand_item EXPORT.xml [POST_ID…]");
        std::process::exit(2);
    };
    let ids: Vec<u64> = args.filter_map(|a| a.parse().ok()).collect();
    let mut site = SiteData::default();
    let open = || BufReader::new(File::open(&path).expect("open export"));
    let _ = wxr::read(open(), ReadMode::Index, |_, item| {
        site.add_item(&item);
        true
    });
    let _ = wxr::read(open(), ReadMode::Full, |_, item| {
        let wanted = match item.post_id {
            Some(id) if !ids.is_empty() => ids.contains(&id),
            _ => {
                ids.is_empty() && (item.content.contains('[') || item.content.contains("<!-- wp:"))
            }
        };
        if wanted {
            let e = expand(&item.content, &ExpandContext::for_item(&item, &site));
            println!("===== {:?} {}", item.post_id, item.title);
            println!("{}", e.html);
            for w in &e.warnings {
                println!("!! {w}");
            }
        }
        true
    });
}
