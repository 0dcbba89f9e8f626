//! Code blocks read back out of the markup highlighter plugins render.
//!
//! SyntaxHighlighter, Crayon, WP-Syntax (GeSHi), Enlighter, the line-number plugins of Prism
//! and highlight.js, and GitHub's gist embeds replace an author's `<pre>` with markup of their
//! own when a page is shown: a table whose first column is line numbers, a `<div>` or `<li>`
//! per line with `&nbsp;` for indentation, toolbars, and sometimes the hidden original next to
//! the rendering. Saved and scraped pages carry that markup, and so do exports of sites whose
//! plugin stored its output in the post. Walked as ordinary HTML it becomes a table of numbers
//! beside glued lines. This module recognises each widget by the plugin's class names and gives
//! back one code block per snippet: the code as the author wrote it, one line per rendered
//! line, gutters and toolbars left out, and the language when the markup names it.
//!
//! Line-based widgets lose their trailing spaces: the plugins pad or trim line ends themselves
//! (SyntaxHighlighter 1.5 pads with `&nbsp;`, 3 trims, an empty line is drawn as one `&nbsp;`),
//! so what they show carries no trustworthy trailing whitespace. Non-breaking spaces become
//! spaces, because a plugin writes indentation with them and a compiler reads spaces. Where the
//! widget keeps the plain code (Crayon's textarea, Enlighter's raw block, SyntaxHighlighter
//! 1.5's hidden original), that copy is used as it is.
//!
//! Every reader walks only the widget's own subtree, and the walker does not descend into a
//! widget it has read, so the cost stays linear in the input.

use super::lang::{lang_of, plugin_lang};

/// Text below an element as the browser has it, `<br>` as a newline: the converter's own
/// reading of a `<pre>`.
fn text_of(el: ElementRef<'_>) -> String {
    super::convert::text_of(el, "\n")
}
use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{ElementRef, Node};

/// One snippet of code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub lang: Option<String>,
    pub text: String,
}

/// What a widget element stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Widget {
    /// Code blocks in document order (a gist or an Enlighter group holds several).
    Code(Vec<Code>),
    /// A part with nothing to keep: the hidden original beside its rendering, a gist's
    /// "view raw … hosted with ❤ by GitHub" footer, a copy-button toolbar.
    Drop,
}

/// The widget `el` is, if it is one. `None` also when a widget holds no code to read back, so
/// the caller walks it as ordinary HTML and nothing is lost.
pub fn detect(el: ElementRef<'_>) -> Option<Widget> {
    let e = el.value();
    match e.name() {
        "div" => div_widget(el),
        "pre" => pre_widget(el),
        "code" => {
            if is_enlighter_origin(e) && after_rendering(el, is_enlighter_rendering) {
                return Some(Widget::Drop);
            }
            let table = first_child_element(el).filter(|t| is_hljs_table(t.value()))?;
            one(hljs_lines(table)?, hljs_lang(el))
        }
        "ol" | "ul" if has(e, "enlighter-default") || has(e, "EnlighterJS") => {
            one(list_lines(el)?, enlighter_lang(el))
        }
        "ol" => one(geshi_lines(el)?, geshi_lang(el)),
        "table" => table_widget(el),
        // SyntaxHighlighter 1.5 read its code from `<textarea name="code">` as often as from a
        // `<pre>`; unrendered, the textarea is the post's code block.
        "textarea" if is_sh1_original(e) => sh1_original(el),
        _ => None,
    }
}

/// Whether an element is a widget container whose inside only its reader understands: the
/// boilerplate cleaner keeps such a subtree whole (a toolbar in it holds the language name,
/// its gutter is not a list of links).
pub fn is_container(e: &Element) -> bool {
    e.name() == "div"
        && e.classes().any(|c| {
            matches!(
                c,
                "syntaxhighlighter"
                    | "dp-highlighter"
                    | "crayon-syntax"
                    | "wp_syntax"
                    | "gist-file"
                    | "enlighter-default"
                    | "EnlighterJSWrapper"
            )
        })
}

/// Whether an element inside a `<pre>` is drawn by a plugin rather than written by the author:
/// Prism's line-number rows and line highlights (whose text is blank lines that pad the
/// highlight to its height).
pub fn is_pre_decoration(e: &Element) -> bool {
    e.classes()
        .any(|c| matches!(c, "line-numbers-rows" | "line-highlight"))
}

fn div_widget(el: ElementRef<'_>) -> Option<Widget> {
    let e = el.value();
    for c in e.classes() {
        match c {
            "syntaxhighlighter" => return syntaxhighlighter(el),
            "dp-highlighter" => return dp_highlighter(el),
            "crayon-syntax" => return crayon(el),
            "wp_syntax" => return wp_syntax(el),
            "gist-file" => return gist_file(el),
            "gist-meta" => return Some(Widget::Drop),
            "enlighter-default" | "EnlighterJSWrapper" => return enlighter(el),
            // Prism's toolbar plugin: "Copy" buttons and the language label over the block.
            "toolbar"
                if el
                    .parent()
                    .and_then(ElementRef::wrap)
                    .is_some_and(|p| has(p.value(), "code-toolbar")) =>
            {
                return Some(Widget::Drop);
            }
            _ => {}
        }
    }
    None
}

/// SyntaxHighlighter 3 (`td.gutter` + `td.code > div.container > div.line`) and 2 (one table
/// per `div.line`, `td.number` + `td.content`). The brush is the last class of the widget.
fn syntaxhighlighter(el: ElementRef<'_>) -> Option<Widget> {
    const OPTIONS: &[&str] = &[
        "syntaxhighlighter",
        "nogutter",
        "collapsed",
        "ie",
        "printing",
        "source",
    ];
    let lines = nested_lines(
        el,
        |e| has(e, "line"),
        |e| has(e, "gutter") || has(e, "number") || has(e, "toolbar") || has(e, "bar"),
    )?;
    let lang = class_words(el.value())
        .rfind(|c| !OPTIONS.contains(c))
        .and_then(plugin_lang);
    one(lines, lang)
}

/// SyntaxHighlighter 1.5 (`div.dp-highlighter > ol.dp-x > li`): the original `<pre
/// name="code">` or `<textarea name="code">` stays hidden beside it with the exact code and the
/// brush (`class="c-sharp:nogutter"`).
fn dp_highlighter(el: ElementRef<'_>) -> Option<Widget> {
    if let Some(orig) = original_after(el, is_sh1_original) {
        return one(raw(&text_of(orig)), sh1_lang(orig.value()));
    }
    let list = el
        .descendent_elements()
        .find(|d| d.value().name() == "ol" || d.value().name() == "ul")?;
    // Its list class names the brush family only: `dp-c` is C, C#, PHP and JavaScript alike.
    let lang = list.value().classes().find_map(|c| match c {
        "dp-cpp" => Some("cpp"),
        "dp-j" => Some("java"),
        "dp-xml" => Some("xml"),
        "dp-sql" => Some("sql"),
        "dp-vb" => Some("vb"),
        "dp-css" => Some("css"),
        "dp-py" => Some("python"),
        "dp-rb" => Some("ruby"),
        "dp-delphi" => Some("delphi"),
        _ => None,
    });
    one(list_lines(list)?, lang.map(str::to_string))
}

fn is_sh1_original(e: &Element) -> bool {
    matches!(e.name(), "pre" | "textarea") && e.attr("name") == Some("code")
}

/// A SyntaxHighlighter 1.5 original: hidden furniture after its rendering, else the code.
fn sh1_original(el: ElementRef<'_>) -> Option<Widget> {
    if after_rendering(el, |s| s.name() == "div" && has(s, "dp-highlighter")) {
        return Some(Widget::Drop);
    }
    one(raw(&text_of(el)), sh1_lang(el.value()))
}

/// The brush of a SyntaxHighlighter 1.5 original: `class="xml:nocontrols:firstline[10]"`
/// (later versions' `brush: x` also occurs on such elements).
fn sh1_lang(e: &Element) -> Option<String> {
    lang_of(e).or_else(|| {
        let class = e.attr("class")?;
        plugin_lang(class.split(':').next().unwrap_or(class))
    })
}

/// Crayon: the plain code in `textarea.crayon-plain` when the page kept it, else the
/// `div.crayon-line`s beside the `td.crayon-nums` gutter; the language as its toolbar shows it.
fn crayon(el: ElementRef<'_>) -> Option<Widget> {
    let plain = el
        .descendent_elements()
        .find(|d| d.value().name() == "textarea" && has(d.value(), "crayon-plain"))
        .map(|t| raw(&text_of(t)))
        .filter(|t| !t.is_empty());
    let text = match plain {
        Some(t) => t,
        None => nested_lines(
            el,
            |e| has(e, "crayon-line"),
            |e| has(e, "crayon-nums") || has(e, "crayon-toolbar") || has(e, "crayon-info"),
        )?,
    };
    let lang = el
        .descendent_elements()
        .find(|d| has(d.value(), "crayon-language"))
        .and_then(|l| plugin_lang(&text_of(l)))
        .or_else(|| {
            el.value()
                .classes()
                .find_map(|c| c.strip_prefix("crayon-lang-"))
                .and_then(plugin_lang)
        });
    one(text, lang)
}

/// WP-Syntax: GeSHi's `<pre class="lang">` in `td.code`, line numbers in `td.line_numbers`,
/// and a hidden `p.theCode` copy (left out with the rest of the wrapper).
fn wp_syntax(el: ElementRef<'_>) -> Option<Widget> {
    let pre = el.descendent_elements().find(|d| {
        d.value().name() == "pre"
            && !d
                .parent()
                .and_then(ElementRef::wrap)
                .is_some_and(|p| has(p.value(), "line_numbers"))
    })?;
    if let Some(w) = pre_widget(pre) {
        return Some(w);
    }
    let lang = lang_of(pre.value()).or_else(|| first_class_lang(pre.value()));
    one(rendered(&text_of(pre)), lang)
}

/// A GitHub gist file as an embed leaves it: the code table, its language in the
/// `type-x` / `highlight-source-x` class of the blob wrapper, and the meta footer (dropped).
fn gist_file(el: ElementRef<'_>) -> Option<Widget> {
    let table = el
        .descendent_elements()
        .find(|d| d.value().name() == "table" && is_github_table(d.value()))?;
    let lang = el
        .descendent_elements()
        .find_map(|d| github_lang(d.value()));
    one(github_lines(table)?, lang)
}

fn is_github_table(e: &Element) -> bool {
    e.classes()
        .any(|c| matches!(c, "highlight" | "js-file-line-container" | "lines"))
}

/// Modern gists and GitHub file views: a row per line, `td.blob-num` + `td.blob-code`. Gists
/// of 2012–2014: `td.line-numbers` + `td.line-data > pre > div.line`.
fn github_lines(table: ElementRef<'_>) -> Option<String> {
    nested_lines(
        table,
        |e| (e.name() == "td" && has(e, "blob-code")) || (e.name() == "div" && has(e, "line")),
        |e| has(e, "blob-num") || has(e, "line-numbers"),
    )
}

fn github_lang(e: &Element) -> Option<String> {
    e.classes().find_map(|c| {
        c.strip_prefix("type-")
            .or_else(|| c.strip_prefix("highlight-source-"))
            .and_then(plugin_lang)
    })
}

fn table_widget(el: ElementRef<'_>) -> Option<Widget> {
    let e = el.value();
    if is_hljs_table(e) {
        let code = el
            .parent()
            .and_then(ElementRef::wrap)
            .filter(|p| p.value().name() == "code");
        return one(hljs_lines(el)?, code.and_then(hljs_lang));
    }
    if has(e, "CodeRay") {
        return coderay(el);
    }
    if !is_github_table(e) {
        return None;
    }
    let text = github_lines(el)?;
    // The language sits on a wrapper a few levels out (`div.blob-wrapper.type-x`).
    let lang = el
        .ancestors()
        .take(4)
        .filter_map(|a| a.value().as_element())
        .find_map(github_lang);
    one(text, lang)
}

/// CodeRay (Ruby blogs' highlighter) with line numbers: `table.CodeRay`, a
/// `td.line_numbers` gutter and the code as a `<pre>` in `td.code`.
fn coderay(el: ElementRef<'_>) -> Option<Widget> {
    let cell = el
        .descendent_elements()
        .find(|d| d.value().name() == "td" && has(d.value(), "code"))?;
    let pre = cell
        .descendent_elements()
        .find(|d| d.value().name() == "pre")?;
    let text = text_of(pre);
    one(text.strip_suffix('\n').unwrap_or(&text).to_string(), None)
}

fn is_hljs_table(e: &Element) -> bool {
    e.name() == "table" && has(e, "hljs-ln")
}

/// highlight.js's line-number plugin: `td.hljs-ln-numbers` (numbers drawn by CSS) and
/// `td.hljs-ln-code` per row; an empty line is written as one space.
fn hljs_lines(table: ElementRef<'_>) -> Option<String> {
    nested_lines(
        table,
        |e| e.name() == "td" && has(e, "hljs-ln-code"),
        |e| has(e, "hljs-ln-numbers"),
    )
}

/// `code.language-x` or highlight.js's own `code.hljs x`.
fn hljs_lang(code: ElementRef<'_>) -> Option<String> {
    let e = code.value();
    lang_of(e).or_else(|| {
        e.classes()
            .find(|c| !c.starts_with("hljs") && !STOP_CLASSES.contains(c))
            .and_then(plugin_lang)
    })
}

/// Enlighter 3 (`div.enlighter-default`: toolbar, `div.enlighter` of line `div`s, a raw copy in
/// `.enlighter-raw`) and 2 (`div.EnlighterJSWrapper` around an `ol` of lines). A code group
/// holds one raw copy per tab. The original `pre.EnlighterJSRAW` may stay beside the rendering.
fn enlighter(el: ElementRef<'_>) -> Option<Widget> {
    let lang = enlighter_lang(el).or_else(|| {
        original_after(el, is_enlighter_origin)
            .and_then(|o| lang_of(o.value()))
            .and_then(|l| plugin_lang(&l))
    });
    let raws: Vec<String> = el
        .descendent_elements()
        .filter(|d| has(d.value(), "enlighter-raw"))
        .map(|r| raw(&text_of(r)))
        .filter(|t| !t.is_empty())
        .collect();
    if raws.len() > 1 {
        let codes = raws
            .into_iter()
            .map(|text| Code { lang: None, text })
            .collect();
        return Some(Widget::Code(codes));
    }
    if let Some(text) = raws.into_iter().next() {
        return one(text, lang);
    }
    if let Some(orig) = original_after(el, is_enlighter_origin) {
        return one(raw(&text_of(orig)), lang);
    }
    if let Some(lines) = el
        .descendent_elements()
        .find(|d| d.value().name() == "div" && has(d.value(), "enlighter"))
    {
        return one(child_lines(lines, |_| true)?, lang);
    }
    let list = el
        .descendent_elements()
        .find(|d| matches!(d.value().name(), "ol" | "ul"))?;
    one(list_lines(list)?, lang)
}

/// `enlighter-l-x` on the widget or inside it (Enlighter 2 puts it on the list).
fn enlighter_lang(el: ElementRef<'_>) -> Option<String> {
    std::iter::once(el)
        .chain(el.descendent_elements())
        .find_map(|d| {
            d.value()
                .classes()
                .find_map(|c| c.strip_prefix("enlighter-l-"))
        })
        .and_then(plugin_lang)
}

fn is_enlighter_origin(e: &Element) -> bool {
    has(e, "EnlighterJSRAW") || has(e, "enlighter-origin")
}

fn is_enlighter_rendering(e: &Element) -> bool {
    e.name() == "div" && (has(e, "enlighter-default") || has(e, "EnlighterJSWrapper"))
}

fn pre_widget(el: ElementRef<'_>) -> Option<Widget> {
    let e = el.value();
    if is_enlighter_origin(e) && after_rendering(el, is_enlighter_rendering) {
        return Some(Widget::Drop);
    }
    if is_sh1_original(e) {
        return sh1_original(el);
    }
    let first = first_child_element(el)?;
    let inner = if first.value().name() == "code" {
        first_child_element(first).unwrap_or(first)
    } else {
        first
    };
    let fe = inner.value();
    if fe.name() == "ol" {
        let lang = lang_of(e)
            .or_else(|| first_class_lang(e))
            .or_else(|| geshi_lang(inner));
        return one(geshi_lines(inner)?, lang);
    }
    if is_hljs_table(fe) {
        let code = (first.value().name() == "code").then_some(first);
        let lang = code.and_then(hljs_lang).or_else(|| lang_of(e));
        return one(hljs_lines(inner)?, lang);
    }
    // A theme that wraps a rendered widget in its own `<pre>`.
    if is_container(fe) {
        return detect(inner);
    }
    None
}

/// GeSHi's numbered output: an `<ol>` of `li.li1` / `li.li2` lines (each a `div.de1`).
fn geshi_lines(ol: ElementRef<'_>) -> Option<String> {
    let first = first_child_element(ol)?;
    let fe = first.value();
    if fe.name() != "li" || !(has(fe, "li1") || has(fe, "li2")) {
        return None;
    }
    child_lines(ol, |e| e.name() == "li")
}

/// GeSHi writes the language as the bare class of the list or of the `pre`, `div` or `code`
/// around it (`pre > code.php > ol` too).
fn geshi_lang(ol: ElementRef<'_>) -> Option<String> {
    fn up<'a>(el: ElementRef<'a>, names: &[&str]) -> Option<ElementRef<'a>> {
        el.parent()
            .and_then(ElementRef::wrap)
            .filter(|p| names.contains(&p.value().name()))
    }
    let parent = up(ol, &["pre", "code", "div"]);
    let grand = parent
        .filter(|p| p.value().name() == "code")
        .and_then(|p| up(p, &["pre"]));
    [Some(ol), parent, grand]
        .into_iter()
        .flatten()
        .find_map(|e| first_class_lang(e.value()))
}

/// Classes that say "code" without naming a language.
const STOP_CLASSES: &[&str] = &[
    "code",
    "geshi",
    "notranslate",
    "prettyprint",
    "highlight",
    "syntax",
    "source",
    "sourcecode",
    "codecolorer",
    "wp_syntax",
    "de1",
    "de2",
    "post",
    "entry",
    "content",
    "text",
    "main",
    "article",
    "container",
    "wrapper",
];

/// A bare class that names a language (`<pre class="php">`), skipping words that don't.
fn first_class_lang(e: &Element) -> Option<String> {
    class_words(e)
        .find(|c| !STOP_CLASSES.contains(c) && c.bytes().all(|b| b.is_ascii_alphanumeric()))
        .and_then(plugin_lang)
}

fn one(text: String, lang: Option<String>) -> Option<Widget> {
    if text.is_empty() {
        return Some(Widget::Drop);
    }
    Some(Widget::Code(vec![Code { lang, text }]))
}

fn has(e: &Element, class: &str) -> bool {
    e.classes().any(|c| c == class)
}

/// Classes in the order written (scraper's `classes()` sorts them).
fn class_words(e: &Element) -> std::str::SplitAsciiWhitespace<'_> {
    e.attr("class").unwrap_or("").split_ascii_whitespace()
}

fn first_child_element(el: ElementRef<'_>) -> Option<ElementRef<'_>> {
    el.child_elements().next()
}

/// The hidden original a plugin left right after its rendering (both SyntaxHighlighter 1.5
/// and Enlighter insert the rendering before the element they read), if `ok` accepts it.
fn original_after<'a>(el: ElementRef<'a>, ok: impl Fn(&Element) -> bool) -> Option<ElementRef<'a>> {
    nearest_element(el.next_siblings()).filter(|s| ok(s.value()))
}

/// The first sibling that is not blank text or a comment, if it is an element.
pub(super) fn nearest_element<'a>(
    mut sibs: impl Iterator<Item = ego_tree::NodeRef<'a, Node>>,
) -> Option<ElementRef<'a>> {
    sibs.find(|n| match n.value() {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Comment(_) => false,
        _ => true,
    })
    .and_then(ElementRef::wrap)
}

/// Whether `el` is the hidden original of the rendering right before it.
fn after_rendering(el: ElementRef<'_>, rendering: impl Fn(&Element) -> bool) -> bool {
    nearest_element(el.prev_siblings()).is_some_and(|s| rendering(s.value()))
}

/// Lines that are elements somewhere below `root` (`is_line`), skipping subtrees that are
/// gutters or toolbars (`skip`). `None` when there is no line element at all.
fn nested_lines(
    root: ElementRef<'_>,
    is_line: impl Fn(&Element) -> bool,
    skip: impl Fn(&Element) -> bool,
) -> Option<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut skipping = 0usize;
    let mut in_line = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(e) => {
                    if skipping > 0
                        || skip(e)
                        || matches!(e.name(), "script" | "style" | "template")
                    {
                        skipping += 1;
                    } else if in_line > 0 {
                        in_line += 1;
                        if e.name() == "br"
                            && let Some(l) = lines.last_mut()
                        {
                            l.push('\n');
                        }
                    } else if is_line(e) {
                        in_line = 1;
                        lines.push(String::new());
                    }
                }
                Node::Text(t) if skipping == 0 && in_line > 0 && !is_layout_space(t) => {
                    if let Some(l) = lines.last_mut() {
                        l.push_str(t);
                    }
                }
                _ => {}
            },
            Edge::Close(n) => {
                if n.value().is_element() {
                    if skipping > 0 {
                        skipping -= 1;
                    } else {
                        in_line = in_line.saturating_sub(1);
                    }
                }
            }
        }
    }
    (!lines.is_empty()).then(|| finish_lines(lines))
}

/// Lines that are the element children of `parent` that `is_line` accepts.
fn child_lines(parent: ElementRef<'_>, is_line: impl Fn(&Element) -> bool) -> Option<String> {
    let lines: Vec<String> = parent
        .child_elements()
        .filter(|c| is_line(c.value()))
        .map(|c| nested_lines(c, |_| true, |_| false).unwrap_or_default())
        .collect();
    (!lines.is_empty()).then(|| finish_lines(lines))
}

/// Whitespace with a line break in it, inside a line element: the page's source was indented
/// between tags (the line break of the code is the line element itself; GitHub writes an
/// empty line as a lone newline).
fn is_layout_space(t: &str) -> bool {
    t.contains('\n') && t.bytes().all(|b| b.is_ascii_whitespace())
}

fn list_lines(list: ElementRef<'_>) -> Option<String> {
    child_lines(list, |e| e.name() == "li")
}

/// Rendered lines joined: NBSPs as spaces, line ends trimmed, no trailing empty lines.
fn finish_lines(lines: Vec<String>) -> String {
    let mut out: Vec<String> = lines
        .iter()
        .map(|l| l.replace('\u{a0}', " ").trim_end().to_string())
        .collect();
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out.join("\n")
}

/// Highlighted text of a `<pre>` whose lines are separated by newlines.
fn rendered(text: &str) -> String {
    finish_lines(
        text.replace("\r\n", "\n")
            .split('\n')
            .map(str::to_string)
            .collect(),
    )
}

/// A plain copy of the code: kept as it is but for NBSPs, line endings and the blank lines
/// after the last line.
fn raw(text: &str) -> String {
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\u{a0}', " ");
    let mut lines: Vec<&str> = text.split('\n').collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn read(html: &str) -> Option<Widget> {
        let doc = Html::parse_fragment(html);
        let el = doc.root_element().child_elements().next().expect("element");
        detect(el)
    }

    fn code(lang: Option<&str>, text: &str) -> Option<Widget> {
        Some(Widget::Code(vec![Code {
            lang: lang.map(str::to_string),
            text: text.to_string(),
        }]))
    }

    #[test]
    fn syntaxhighlighter_3_lines_without_gutter() {
        let html = r#"<div class="syntaxhighlighter nogutter jscript"><table><tr><td class="gutter"><div class="line number1">1</div><div class="line number2">2</div></td><td class="code"><div class="container"><div class="line number1"><code class="jscript keyword">var</code> <code class="jscript plain">a = 1;</code></div><div class="line number2"><code class="jscript spaces">&nbsp;&nbsp;</code><code class="jscript plain">b();&nbsp;</code></div><div class="line number3">&nbsp;</div></div></td></tr></table></div>"#;
        assert_eq!(read(html), code(Some("javascript"), "var a = 1;\n  b();"));
    }

    #[test]
    fn pre_without_structure_is_not_a_widget() {
        assert_eq!(read("<pre class=\"php\">echo 1;</pre>"), None);
        assert_eq!(read("<div class=\"gist-file\"><p>text</p></div>"), None);
    }

    #[test]
    fn empty_widget_is_dropped() {
        let html = r#"<div class="syntaxhighlighter php"><table><tr><td class="code"><div class="container"><div class="line">&nbsp;</div></div></td></tr></table></div>"#;
        assert_eq!(read(html), Some(Widget::Drop));
    }

    #[test]
    fn raw_copy_keeps_inner_whitespace() {
        assert_eq!(raw("a  \n\n  b\r\n \n"), "a  \n\n  b");
    }
}
