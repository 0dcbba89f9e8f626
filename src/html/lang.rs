//! Finds the language of a code block in the many ways WordPress highlighter plugins record
//! it, so the fenced block gets an info string (and the site keeps its highlighting).

use scraper::node::Element;

/// Attributes that hold a bare language name, most specific first.
const LANG_ATTRS: [&str; 4] = [
    "data-lang",
    "data-language",
    "data-enlighter-language",
    "lang",
];

/// The language recorded on one element, lower-cased, if any.
///
/// Conventions: `data-lang`, `data-language`, `data-enlighter-language` (Enlighter), `lang`
/// (WP-Syntax), and classes `language-x` / `lang-x` (Prism, highlight.js, the block editor),
/// `brush: x` (SyntaxHighlighter Evolved), `highlight-source-x` / `highlight-x` (GitHub),
/// `lang:x` (Crayon).
pub fn lang_of(el: &Element) -> Option<String> {
    for a in LANG_ATTRS {
        if let Some(v) = el.attr(a)
            && let Some(l) = clean(v)
        {
            return Some(l);
        }
    }
    let class = el.attr("class")?;
    lang_of_class(class)
}

/// The language recorded on a wrapper around a code block: like [`lang_of`] but without the
/// bare `lang` attribute, which on a `<div>` is the page's human language.
pub fn lang_of_wrapper(el: &Element) -> Option<String> {
    for a in &LANG_ATTRS[..3] {
        if let Some(l) = el.attr(a).and_then(clean) {
            return Some(l);
        }
    }
    lang_of_class(el.attr("class")?)
}

/// The language named by a `class` attribute alone.
pub fn lang_of_class(class: &str) -> Option<String> {
    // Word-initial prefixes, checked in the same order a human would trust them.
    for word in class.split_ascii_whitespace() {
        let lower = word.to_ascii_lowercase();
        for p in ["language-", "lang-"] {
            if let Some(rest) = lower.strip_prefix(p)
                && let Some(l) = clean(rest)
            {
                return Some(l);
            }
        }
    }
    if let Some(i) = class.to_ascii_lowercase().find("brush:")
        && let Some(l) = clean(class[i + 6..].trim_start())
    {
        return Some(l);
    }
    for word in class.split_ascii_whitespace() {
        let lower = word.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("highlight-") {
            let rest = rest.strip_prefix("source-").unwrap_or(rest);
            if let Some(l) = clean(rest) {
                return Some(l);
            }
        }
    }
    for word in class.split_ascii_whitespace() {
        if let Some(rest) = word.to_ascii_lowercase().strip_prefix("lang:")
            && let Some(l) = clean(rest)
        {
            return Some(l);
        }
    }
    None
}

/// Keeps the leading run of characters a language name can have (`c++`, `c#`, `objective-c`,
/// `vb.net`), lower-cased; `None` when nothing is left.
fn clean(s: &str) -> Option<String> {
    let s = s.trim();
    let end = s
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '+' | '#' | '.' | '-')))
        .map_or(s.len(), |(i, _)| i);
    let l = s[..end].to_lowercase();
    if l.is_empty() { None } else { Some(l) }
}

#[cfg(test)]
mod tests {
    use super::lang_of_class;

    #[test]
    fn class_conventions() {
        assert_eq!(
            lang_of_class("brush: php; gutter: false").as_deref(),
            Some("php")
        );
        assert_eq!(lang_of_class("lang:sh decode:true").as_deref(), Some("sh"));
        assert_eq!(
            lang_of_class("highlight highlight-source-rust").as_deref(),
            Some("rust")
        );
        assert_eq!(
            lang_of_class("wp-block-code language-JS").as_deref(),
            Some("js")
        );
        assert_eq!(lang_of_class("EnlighterJSRAW"), None);
    }
}
