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
    if let Some(i) = class.to_ascii_lowercase().find("brush:") {
        // SyntaxHighlighter's own brush aliases: `jscript` and `plain` mean nothing elsewhere.
        return plugin_lang(class[i + 6..].trim_start());
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

/// A language as a highlighter plugin names it (a SyntaxHighlighter brush, a GeSHi or
/// Enlighter language, Crayon's display name such as "C++" or "Plain Text"), as the name
/// Markdown renderers know; `None` for the plugins' names of no language at all.
///
/// Only the plugins' own aliases are rewritten: `js`, `py` or `sh` are understood by every
/// renderer and stay as the author wrote them.
pub fn plugin_lang(name: &str) -> Option<String> {
    let l = clean(&name.trim().replace(' ', "-"))?;
    let mapped = match l.as_str() {
        "plain" | "plain-text" | "plaintext" | "text" | "txt" | "none" | "generic" | "default"
        | "nohighlight" | "no-highlight" | "raw" => return None,
        "jscript" => "javascript",
        "c-sharp" | "c#" => "csharp",
        "c++" => "cpp",
        "as3" | "actionscript3" => "actionscript",
        "ror" | "rails" => "ruby",
        "pl" => "perl",
        "ps" | "posh" => "powershell",
        "cf" => "coldfusion",
        "patch" => "diff",
        "xhtml" | "html4strict" | "html5" => "html",
        "obj-c" | "objective-c" => "objc",
        "erl" => "erlang",
        "transact-sql" | "t-sql" => "tsql",
        "visual-basic" => "vb",
        _ => return Some(l),
    };
    Some(mapped.to_string())
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
        assert_eq!(
            lang_of_class("brush: jscript; toolbar: false").as_deref(),
            Some("javascript")
        );
        assert_eq!(lang_of_class("brush: plain"), None);
    }

    #[test]
    fn plugin_names() {
        use super::plugin_lang;
        assert_eq!(plugin_lang("C++").as_deref(), Some("cpp"));
        assert_eq!(plugin_lang("Plain Text"), None);
        assert_eq!(plugin_lang("c-sharp").as_deref(), Some("csharp"));
        assert_eq!(plugin_lang("PowerShell").as_deref(), Some("powershell"));
        assert_eq!(plugin_lang("js").as_deref(), Some("js"));
        assert_eq!(plugin_lang("generic"), None);
    }
}
