//! Slugs and path components: the only place where text from the input becomes part of a path.
//!
//! WordPress stores non-Latin slugs percent-encoded (`%e6%9d%b1…`), drafts have none, and a
//! hostile export can put `../` or NUL bytes anywhere. Everything that reaches the file system
//! goes through [`component`], which guarantees one safe, non-empty path segment.

/// Longest slug we write, in bytes: leaves room for a date prefix, a collision suffix and
/// `.md` within the 255-byte file name limit of common file systems.
const MAX_SLUG_BYTES: usize = 180;

/// Percent-encodes what a URL path cannot carry raw (non-ASCII, spaces, quotes): the other
/// direction of [`percent_decode`], for the new site's links and the redirect maps.
pub fn encode_path(path: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@%".contains(&b) && b != b'\'' {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Decodes `%XX` sequences as UTF-8 (invalid sequences are kept as written).
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(decoded) => decoded,
        Err(_) => s.to_string(),
    }
}

/// Makes a slug from free text (a title): lowercase letters and digits of any script, words
/// joined by `-`. With `ascii`, non-ASCII text is transliterated first (`東京` → `dong-jing`).
pub fn slugify(text: &str, ascii: bool) -> String {
    let source = if ascii {
        deunicode::deunicode(text)
    } else {
        text.to_string()
    };
    let mut out = String::with_capacity(source.len());
    let mut dash = false;
    for c in source.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '_' && !out.is_empty() {
            out.push('_');
            dash = false;
        } else {
            dash = true;
        }
        if out.len() >= MAX_SLUG_BYTES {
            break;
        }
    }
    truncate_bytes(&out, MAX_SLUG_BYTES)
        .trim_matches(['-', '_'])
        .to_string()
}

/// A name as Zola serves it with its default `slugify` settings (`"on"`, for paths and for
/// heading ids alike): transliterated to ASCII, lower-cased, every run of other characters
/// (`_` too) one `-`. A page whose slug is not already so is served at another address than
/// the one its links and redirects name.
pub fn zola(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in deunicode::deunicode(text).chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// Turns a stored WordPress slug into one safe path segment: percent-decoded, no separators,
/// no dot-only names, no control characters, bounded length. Returns `None` when nothing
/// usable is left, so the caller can fall back to the title or the id.
pub fn component(raw: &str, ascii: bool) -> Option<String> {
    let decoded = percent_decode(raw.trim());
    let cleaned = if ascii {
        slugify(&decoded, true)
    } else {
        let mut s = String::with_capacity(decoded.len());
        for c in decoded.chars() {
            match c {
                '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | ' ' | '#' | '%' => {
                    s.push('-')
                }
                c if c.is_control() || c.is_whitespace() => s.push('-'),
                c => s.push(c),
            }
        }
        collapse_dashes(&s)
    };
    let trimmed = truncate_bytes(&cleaned, MAX_SLUG_BYTES)
        .trim_matches(['-', '.', '_'])
        .to_string();
    (!trimmed.is_empty()).then_some(trimmed)
}

fn collapse_dashes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    out
}

fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoded_slug_decodes_to_utf8() {
        assert_eq!(
            percent_decode("%e6%9d%b1%e4%ba%ac%e3%81%ae%e5%a4%9c"),
            "東京の夜"
        );
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn components_cannot_escape() {
        assert_eq!(
            component("../../etc/passwd", false).as_deref(),
            Some("etc-passwd")
        );
        assert_eq!(component("..", false), None);
        assert_eq!(component("a\0b", false).as_deref(), Some("a-b"));
        assert_eq!(component("%2e%2e%2f", false), None);
        assert_eq!(component("C:\\x", false).as_deref(), Some("C-x"));
    }

    #[test]
    fn zola_names_are_what_zola_serves() {
        // Checked against Zola 0.22: `a_b.md` is served at `a-b/`, `Déjà vu.md` at `deja-vu/`,
        // and "What’s a Repo?" gets the id `what-s-a-repo`.
        assert_eq!(zola("a_b"), "a-b");
        assert_eq!(zola("Déjà vu"), "deja-vu");
        assert_eq!(zola("What’s a Repo?"), "what-s-a-repo");
        assert_eq!(zola("--x--"), "x");
        assert_eq!(zola(zola("日本_語").as_str()), zola("日本_語"));
    }

    #[test]
    fn ascii_slugs_transliterate() {
        assert_eq!(
            component("東京の夜", true).as_deref(),
            Some("dong-jing-noye")
        );
        assert_eq!(slugify("Über Straße!", true), "uber-strasse");
        assert_eq!(slugify("Hello, World", false), "hello-world");
    }

    #[test]
    fn long_slugs_are_cut_on_char_boundaries() {
        let long = "東".repeat(200);
        let c = component(&long, false).expect("non-empty");
        assert!(c.len() <= MAX_SLUG_BYTES);
    }
}
