//! Relative addresses made absolute against the post's address on the old site.
//!
//! `images/a.png` or `../x.html` in a post worked on the old site because the browser resolved
//! them against the post's own URL; in the new site the post lives at another path, so they
//! would point at nothing. Resolved first, they either map to the new site (the URL rewrite
//! that follows knows the old site's absolute URLs) or keep pointing at the old site.
//!
//! Only URLs change, each in place: no block or inline is added or removed.

use super::urls::for_each_url;
use crate::doc::Block;

/// Resolves every relative link, image and embed address in `blocks` against `base`, the
/// post's original URL. Without an absolute `base` nothing changes.
///
/// Left alone: absolute addresses (`https:`, `mailto:`, `data:`, …), fragment-only `#x` (a
/// place in the post itself, wherever it lives) and query-only `?p=12` (WordPress reads
/// `?p=ID` at any path as that post, and the URL rewrite maps it as it is).
pub fn resolve_relative(blocks: &mut [Block], base: Option<&str>) {
    let Some(base) = base.and_then(Reference::absolute) else {
        return;
    };
    for_each_url(blocks, &mut |_, url| resolve_in_place(url, &base));
}

/// Resolves one address (a featured image) as [`resolve_relative`] does the body's.
pub fn resolve_one(url: &mut String, base: Option<&str>) {
    if let Some(base) = base.and_then(Reference::absolute) {
        resolve_in_place(url, &base);
    }
}

fn resolve_in_place(url: &mut String, base: &Reference) {
    let r = url.trim();
    if r.is_empty() || r.starts_with(['#', '?']) || scheme(r).is_some() {
        return;
    }
    *url = base.resolve(&Reference::parse(r)).to_string();
}

/// `reference` resolved against `base` by RFC 3986 §5.2, or `None` when `base` is not an
/// absolute URL (it has no scheme).
pub fn resolve_reference(base: &str, reference: &str) -> Option<String> {
    let base = Reference::absolute(base)?;
    Some(base.resolve(&Reference::parse(reference)).to_string())
}

/// A URI reference split into its five components (RFC 3986 §3); an absent component is
/// `None`, which differs from an empty one (`http://a/b?` has an empty query).
#[derive(Debug, Clone, Copy)]
struct Reference<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

/// The scheme of `s`, if it starts with one (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`).
/// A Windows path such as `C:\x.png` reads as scheme `C`, which keeps it away from resolution.
pub(crate) fn scheme(s: &str) -> Option<&str> {
    let end = s.find(':')?;
    let name = &s[..end];
    let mut bytes = name.bytes();
    let first_ok = bytes.next().is_some_and(|b| b.is_ascii_alphabetic());
    (first_ok && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
        .then_some(name)
}

/// A resolved reference; it owns its parts, since merging and dot-segment removal build the
/// path anew.
struct Resolved {
    scheme: String,
    authority: Option<String>,
    path: String,
    query: Option<String>,
    fragment: Option<String>,
}

impl std::fmt::Display for Resolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:", self.scheme)?;
        if let Some(a) = &self.authority {
            write!(f, "//{a}")?;
        }
        f.write_str(&self.path)?;
        if let Some(q) = &self.query {
            write!(f, "?{q}")?;
        }
        if let Some(fr) = &self.fragment {
            write!(f, "#{fr}")?;
        }
        Ok(())
    }
}

impl<'a> Reference<'a> {
    /// Splits a reference by the regular expression of RFC 3986 appendix B.
    fn parse(s: &'a str) -> Reference<'a> {
        let (rest, fragment) = match s.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (s, None),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let scheme = scheme(rest);
        let rest = scheme.map_or(rest, |name| &rest[name.len() + 1..]);
        let (authority, path) = match rest.strip_prefix("//") {
            Some(r) => {
                let end = r.find('/').unwrap_or(r.len());
                (Some(&r[..end]), &r[end..])
            }
            None => (None, rest),
        };
        Reference {
            scheme,
            authority,
            path,
            query,
            fragment,
        }
    }

    /// `s` parsed, if it is absolute enough to be a base (it has a scheme).
    fn absolute(s: &'a str) -> Option<Reference<'a>> {
        let r = Reference::parse(s.trim());
        r.scheme.is_some().then_some(r)
    }

    /// Transforms `r` against `self` (RFC 3986 §5.2.2, strict: a reference with a scheme is
    /// taken as it is).
    fn resolve(&self, r: &Reference<'_>) -> Resolved {
        let own = |s: Option<&str>| s.map(str::to_string);
        let (scheme, authority, path, query) = if let Some(s) = r.scheme {
            (
                s,
                own(r.authority),
                remove_dot_segments(r.path),
                own(r.query),
            )
        } else if r.authority.is_some() {
            let path = remove_dot_segments(r.path);
            (
                self.scheme.unwrap_or(""),
                own(r.authority),
                path,
                own(r.query),
            )
        } else if r.path.is_empty() {
            let query = own(r.query.or(self.query));
            let path = self.path.to_string();
            (self.scheme.unwrap_or(""), own(self.authority), path, query)
        } else {
            let path = if r.path.starts_with('/') {
                remove_dot_segments(r.path)
            } else {
                remove_dot_segments(&self.merge(r.path))
            };
            (
                self.scheme.unwrap_or(""),
                own(self.authority),
                path,
                own(r.query),
            )
        };
        Resolved {
            scheme: scheme.to_string(),
            authority,
            path,
            query,
            fragment: own(r.fragment),
        }
    }

    /// RFC 3986 §5.2.3: a relative path placed in the base path's folder.
    fn merge(&self, path: &str) -> String {
        if self.authority.is_some() && self.path.is_empty() {
            return format!("/{path}");
        }
        match self.path.rfind('/') {
            Some(i) => format!("{}{path}", &self.path[..=i]),
            None => path.to_string(),
        }
    }
}

/// RFC 3986 §5.2.4: `.` and `..` segments interpreted and removed; `..` never climbs above the
/// root.
fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut out = String::with_capacity(path.len());
    while !input.is_empty() {
        if let Some(rest) = input
            .strip_prefix("../")
            .or_else(|| input.strip_prefix("./"))
        {
            input = rest;
        } else if input.starts_with("/./") {
            input = &input[2..];
        } else if input == "/." {
            input = "/";
        } else if input.starts_with("/../") {
            input = &input[3..];
            pop_segment(&mut out);
        } else if input == "/.." {
            input = "/";
            pop_segment(&mut out);
        } else if input == "." || input == ".." {
            input = "";
        } else {
            let start = usize::from(input.starts_with('/'));
            let end = input[start..].find('/').map_or(input.len(), |i| i + start);
            out.push_str(&input[..end]);
            input = &input[end..];
        }
    }
    out
}

/// Drops the output's last segment and the `/` before it.
fn pop_segment(out: &mut String) {
    let cut = out.rfind('/').unwrap_or(0);
    out.truncate(cut);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Inline;

    const BASE: &str = "http://a/b/c/d;p?q";

    #[test]
    fn rfc_3986_normal_examples() {
        let cases = [
            ("g:h", "g:h"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            ("g?y#s", "http://a/b/c/g?y#s"),
            (";x", "http://a/b/c/;x"),
            ("g;x", "http://a/b/c/g;x"),
            ("g;x?y#s", "http://a/b/c/g;x?y#s"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../", "http://a/"),
            ("../../g", "http://a/g"),
        ];
        for (r, want) in cases {
            assert_eq!(resolve_reference(BASE, r).as_deref(), Some(want), "{r}");
        }
    }

    #[test]
    fn rfc_3986_abnormal_examples() {
        let cases = [
            ("../../../g", "http://a/g"),
            ("../../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("/../g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            (".g", "http://a/b/c/.g"),
            ("g..", "http://a/b/c/g.."),
            ("..g", "http://a/b/c/..g"),
            ("./../g", "http://a/b/g"),
            ("./g/.", "http://a/b/c/g/"),
            ("g/./h", "http://a/b/c/g/h"),
            ("g/../h", "http://a/b/c/h"),
            ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
            ("g;x=1/../y", "http://a/b/c/y"),
            ("g?y/./x", "http://a/b/c/g?y/./x"),
            ("g?y/../x", "http://a/b/c/g?y/../x"),
            ("g#s/./x", "http://a/b/c/g#s/./x"),
            ("g#s/../x", "http://a/b/c/g#s/../x"),
            ("http:g", "http:g"),
        ];
        for (r, want) in cases {
            assert_eq!(resolve_reference(BASE, r).as_deref(), Some(want), "{r}");
        }
    }

    #[test]
    fn a_base_without_a_scheme_resolves_nothing() {
        assert_eq!(resolve_reference("/2014/06/01/no/", "a.png"), None);
        assert_eq!(resolve_reference("", "a.png"), None);
    }

    #[test]
    fn a_host_without_a_path_gets_a_root() {
        assert_eq!(
            resolve_reference("https://blog.example", "a.png").as_deref(),
            Some("https://blog.example/a.png")
        );
    }

    fn para(urls: &[&str]) -> Vec<Block> {
        vec![Block::Paragraph(
            urls.iter()
                .map(|u| Inline::Image {
                    url: u.to_string(),
                    alt: String::new(),
                    title: None,
                })
                .collect(),
        )]
    }

    #[test]
    fn post_addresses_resolve_against_the_original_url() {
        let mut body = para(&[
            "images/a.png",
            "../x.html",
            "/wp-content/uploads/2014/06/b.jpg",
            "//cdn.example/p.jpg",
            "#comments",
            "?p=12",
            "mailto:ann@example.com",
            "data:image/gif;base64,R0lGOD",
            "https://other.example/c.png",
            "C:\\Users\\ann\\d.png",
            "",
        ]);
        resolve_relative(&mut body, Some("https://blog.example/2014/06/01/no/"));
        assert_eq!(
            body,
            para(&[
                "https://blog.example/2014/06/01/no/images/a.png",
                "https://blog.example/2014/06/01/x.html",
                "https://blog.example/wp-content/uploads/2014/06/b.jpg",
                "https://cdn.example/p.jpg",
                "#comments",
                "?p=12",
                "mailto:ann@example.com",
                "data:image/gif;base64,R0lGOD",
                "https://other.example/c.png",
                "C:\\Users\\ann\\d.png",
                "",
            ])
        );
    }

    #[test]
    fn without_a_base_the_body_stays() {
        let mut body = para(&["images/a.png", "/x/"]);
        resolve_relative(&mut body, None);
        assert_eq!(body, para(&["images/a.png", "/x/"]));
        resolve_relative(&mut body, Some("/2014/06/01/no/"));
        assert_eq!(body, para(&["images/a.png", "/x/"]));
    }
}
