//! Old URLs keep working: every form under which WordPress served a post — its pretty
//! permalink, `?p=ID`, `?page_id=ID`, its attachment pages — mapped to the new path, in the
//! format of the server or host that will serve the site.

use crate::item::SiteIndex;
use crate::plan::{SitePlan, path_key};
use crate::slug::encode_path;
use crate::target::Target;
use std::fmt::Write as _;

/// Server or host syntax for the redirect file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectFormat {
    /// `_redirects` for Netlify (also Cloudflare Pages for path rules).
    Netlify,
    /// A `map` for nginx.
    Nginx,
    /// `.htaccess` rules for Apache (mod_alias + mod_rewrite).
    Apache,
    /// `from,to,status` for anything else.
    Csv,
}

impl std::str::FromStr for RedirectFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "netlify" => Ok(RedirectFormat::Netlify),
            "nginx" => Ok(RedirectFormat::Nginx),
            "apache" | "htaccess" => Ok(RedirectFormat::Apache),
            "csv" => Ok(RedirectFormat::Csv),
            _ => Err(format!(
                "unknown redirect format '{s}' (netlify, nginx, apache, csv)"
            )),
        }
    }
}

/// One old URL → new path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// Old path as the old site wrote it (percent-encoded where it was).
    pub from: String,
    /// A query that must match exactly (`p=12`), for WordPress's plain links.
    pub query: Option<(String, String)>,
    /// New path, percent-encoded.
    pub to: String,
}

/// Every redirect the plan implies, in document order, without duplicates.
pub fn collect(plan: &SitePlan, index: &SiteIndex) -> Vec<Redirect> {
    let mut out: Vec<Redirect> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |r: Redirect, out: &mut Vec<Redirect>| {
        let key = (path_key(&r.from), r.query.clone());
        if seen.insert(key) {
            out.push(r);
        }
    };
    for (_, p) in plan.iter().filter(|(_, p)| !p.draft) {
        let to = encode_path(&plan.url(p));
        if let Some(old) = p.old_path() {
            push(
                Redirect {
                    from: old.to_string(),
                    query: None,
                    to: to.clone(),
                },
                &mut out,
            );
        }
        if let Some(id) = p.id {
            push(
                Redirect {
                    from: "/".into(),
                    query: Some(("p".into(), id.to_string())),
                    to: to.clone(),
                },
                &mut out,
            );
            if p.is_page {
                push(
                    Redirect {
                        from: "/".into(),
                        query: Some(("page_id".into(), id.to_string())),
                        to,
                    },
                    &mut out,
                );
            }
        }
    }
    for (link, parent, _) in index.attachment_pages() {
        let Some(to) = plan.by_id(*parent).map(|p| encode_path(&plan.url(p))) else {
            continue;
        };
        let Some(rest) = link.split_once("://").map(|(_, r)| r) else {
            continue;
        };
        let Some(slash) = rest.find('/') else {
            continue;
        };
        let path_query = &rest[slash..];
        let (path, query) = path_query.split_once('?').unwrap_or((path_query, ""));
        let query = query
            .split_once('=')
            .filter(|(k, _)| *k == "attachment_id")
            .map(|(k, v)| (k.to_string(), v.to_string()));
        if query.is_none() && path == "/" {
            continue;
        }
        push(
            Redirect {
                from: path.to_string(),
                query,
                to,
            },
            &mut out,
        );
    }
    out
}

/// Where the redirect file goes for this target: Netlify's file must be published, so it
/// goes to the generator's static folder; server configs go to the output root.
pub fn file_path(format: RedirectFormat, target: Target) -> Vec<String> {
    let v = |parts: &[&str]| parts.iter().map(|s| s.to_string()).collect();
    match format {
        RedirectFormat::Netlify => match target {
            Target::Hugo | Target::Zola => v(&["static", "_redirects"]),
            Target::Astro => v(&["public", "_redirects"]),
            Target::Jekyll | Target::Eleventy => v(&["_redirects"]),
        },
        RedirectFormat::Nginx => v(&["redirects.nginx.conf"]),
        RedirectFormat::Apache => v(&["redirects.htaccess"]),
        RedirectFormat::Csv => v(&["redirects.csv"]),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The file's text.
pub fn render(redirects: &[Redirect], format: RedirectFormat) -> String {
    let mut out = String::new();
    let from_url = |r: &Redirect| match &r.query {
        Some((k, v)) => format!("{}?{k}={v}", encode_path(&r.from)),
        None => encode_path(&r.from),
    };
    match format {
        RedirectFormat::Netlify => {
            out.push_str("# Old WordPress URLs -> new paths (written by unpress).\n");
            for r in redirects {
                let _ = match &r.query {
                    Some((k, v)) => {
                        writeln!(out, "{}  {k}={v}  {}  301", encode_path(&r.from), r.to)
                    }
                    None => writeln!(out, "{}  {}  301", encode_path(&r.from), r.to),
                };
            }
        }
        RedirectFormat::Nginx => {
            out.push_str(
                "# Old WordPress URLs -> new paths (written by unpress).\n\
                 # Include this map in the http { } block, and in the server { } block add:\n\
                 #     if ($unpress_redirect) { return 301 $unpress_redirect; }\n\
                 map $request_uri $unpress_redirect {\n    default \"\";\n",
            );
            for r in redirects {
                let _ = writeln!(
                    out,
                    "    \"{}\" \"{}\";",
                    from_url(r).replace('"', "%22"),
                    r.to
                );
            }
            out.push_str("}\n");
        }
        RedirectFormat::Apache => {
            out.push_str(
                "# Old WordPress URLs -> new paths (written by unpress). Needs mod_alias and mod_rewrite.\n\
                 RewriteEngine On\n",
            );
            for r in redirects {
                let _ = match &r.query {
                    Some((k, v)) => writeln!(
                        out,
                        "RewriteCond %{{QUERY_STRING}} (^|&){k}={v}(&|$)\nRewriteRule ^{}$ {}? [R=301,L]",
                        regex_path(&r.from),
                        r.to
                    ),
                    None => writeln!(
                        out,
                        "Redirect 301 \"{}\" \"{}\"",
                        crate::slug::percent_decode(&r.from).replace('"', "%22"),
                        r.to
                    ),
                };
            }
        }
        RedirectFormat::Csv => {
            out.push_str("from,to,status\n");
            for r in redirects {
                let _ = writeln!(out, "{},{},301", csv_field(&from_url(r)), csv_field(&r.to));
            }
        }
    }
    out
}

/// An old path as a mod_rewrite pattern (per-directory context: no leading slash).
fn regex_path(path: &str) -> String {
    let p = path.trim_start_matches('/');
    let mut out = String::new();
    for c in p.chars() {
        if "\\.^$|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_encoded_once() {
        assert_eq!(encode_path("/posts/東京/"), "/posts/%E6%9D%B1%E4%BA%AC/");
        assert_eq!(encode_path("/a%20b/"), "/a%20b/");
        assert_eq!(encode_path("/a b/"), "/a%20b/");
    }

    #[test]
    fn every_format_has_each_redirect() {
        let rs = vec![
            Redirect {
                from: "/2014/06/01/no/".into(),
                query: None,
                to: "/posts/no/".into(),
            },
            Redirect {
                from: "/".into(),
                query: Some(("p".into(), "104".into())),
                to: "/posts/no/".into(),
            },
        ];
        let netlify = render(&rs, RedirectFormat::Netlify);
        assert!(netlify.contains("/2014/06/01/no/  /posts/no/  301\n"));
        assert!(netlify.contains("/  p=104  /posts/no/  301\n"));
        let nginx = render(&rs, RedirectFormat::Nginx);
        assert!(nginx.contains("\"/?p=104\" \"/posts/no/\";"));
        let apache = render(&rs, RedirectFormat::Apache);
        assert!(apache.contains("Redirect 301 \"/2014/06/01/no/\" \"/posts/no/\""));
        assert!(apache.contains(
            "RewriteCond %{QUERY_STRING} (^|&)p=104(&|$)\nRewriteRule ^$ /posts/no/? [R=301,L]"
        ));
        let csv = render(&rs, RedirectFormat::Csv);
        assert_eq!(
            csv,
            "from,to,status\n/2014/06/01/no/,/posts/no/,301\n/?p=104,/posts/no/,301\n"
        );
    }
}
