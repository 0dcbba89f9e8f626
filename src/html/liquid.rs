//! Code tags a post kept from an earlier life as a Jekyll or Octopress site.
//!
//! A blog that moved from Jekyll to Ghost, WordPress or Blogger often carried its posts over as
//! they were written: `{% highlight php %}…{% endhighlight %}` and Octopress's
//! `{% codeblock lang:ruby %}…{% endcodeblock %}` became literal text in paragraphs, and the
//! new platform's Markdown read the code inside as prose (`/* a */` as `/<em> a </em>/`). The
//! author meant code blocks, and a generator that runs Liquid again (Jekyll, Eleventy) would
//! try to run the tags. So a pair of them outside code becomes the code block it stood for,
//! with its language, or inline code where it sat inside a sentence; `{% raw %}` and
//! `{% endraw %}` (Jekyll's escape, meaningless now) are dropped. Tags inside `<pre>` and
//! `<code>` are what a post about Jekyll shows, and stay as they are; every other tag stays
//! text, for the renderer to protect.

/// The HTML with its Jekyll code tags read as code, and how many tags were read; `None` when
/// there were none.
pub fn code_tags(html: &str) -> Option<(String, usize)> {
    if !html.contains("{%") {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut depth = CodeDepth::default();
    let mut done = 0; // html[..done] is in `out`, or consumed
    let mut scanned = 0; // depth is known up to here
    let mut read = 0;
    // Block names with no closing tag after some point: not searched for again.
    let mut unclosed: Vec<&str> = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find("{%").map(|i| i + from) {
        depth.advance(&html[scanned..at]);
        scanned = at;
        from = at + 2;
        let Some(tag) = Tag::parse(html, at) else {
            continue;
        };
        if depth.inside() {
            continue;
        }
        match tag.name {
            "raw" => {
                // What Jekyll was told not to run is text, tags and all: only the markers go.
                out.push_str(&html[done..at]);
                match Tag::find(html, tag.end, "endraw") {
                    Some(close) => {
                        out.push_str(&html[tag.end..close.start]);
                        done = close.end;
                        from = close.end;
                        read += 2;
                    }
                    None => {
                        done = tag.end;
                        read += 1;
                    }
                }
            }
            "endraw" => {
                out.push_str(&html[done..at]);
                done = tag.end;
                read += 1;
            }
            "highlight" | "codeblock" => {
                let end_name = if tag.name == "highlight" {
                    "endhighlight"
                } else {
                    "endcodeblock"
                };
                if unclosed.contains(&end_name) {
                    continue;
                }
                let Some(close) = Tag::find(html, tag.end, end_name) else {
                    unclosed.push(end_name);
                    continue;
                };
                let code = code_text(&html[tag.end..close.start]);
                // A one-line pair with words beside it sat inside a sentence.
                let own_line = line_start(&html[..at]) && line_end(&html[close.end..]);
                let inline = !(code.contains('\n') || own_line);
                out.push_str(&html[done..at]);
                let mut escaped = String::new();
                crate::read::archive::escape_text(&code, &mut escaped);
                if inline {
                    out.push_str("<code>");
                    out.push_str(&escaped);
                    out.push_str("</code>");
                } else {
                    out.push_str("\n<pre><code");
                    if let Some(lang) = tag.language() {
                        out.push_str(" class=\"language-");
                        out.push_str(lang);
                        out.push('"');
                    }
                    out.push('>');
                    out.push_str(&escaped);
                    out.push_str("</code></pre>\n");
                }
                done = close.end;
                // The code's own markup is gone with it: the depth counts from after it.
                scanned = close.end;
                from = close.end;
                read += 2;
            }
            _ => {}
        }
    }
    if read == 0 {
        return None;
    }
    out.push_str(&html[done..]);
    Some((out, read))
}

/// The longest tag read, in bytes.
const MAX_TAG: usize = 256;
/// How far from a tag its line is searched for other words, in bytes.
const MAX_LINE: usize = 4096;

/// One `{% name args %}` (or `{%- … -%}`) in the HTML.
struct Tag<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    args: &'a str,
}

impl<'a> Tag<'a> {
    /// The tag starting at `at` (which holds `{%`), if it is one: a name, then arguments
    /// on the same line.
    fn parse(html: &'a str, at: usize) -> Option<Tag<'a>> {
        let rest = &html[at + 2..];
        // A tag is short: looking further would make a post of lone `{%` quadratic.
        let window = &rest.as_bytes()[..rest.len().min(MAX_TAG)];
        let close = window.windows(2).position(|w| w == b"%}")?;
        let inner = &rest[..close];
        if inner.contains(['\n', '<', '>']) {
            return None;
        }
        let inner = inner.trim_start_matches('-').trim_end_matches('-').trim();
        let name_len = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        let name = &inner[..name_len];
        (!name.is_empty()).then(|| Tag {
            start: at,
            end: at + 2 + close + 2,
            name,
            args: inner[name_len..].trim(),
        })
    }

    /// The first `{% name %}` from `from` on.
    fn find(html: &'a str, from: usize, name: &str) -> Option<Tag<'a>> {
        let mut at = from;
        while let Some(i) = html[at..].find("{%") {
            if let Some(tag) = Tag::parse(html, at + i).filter(|t| t.name == name) {
                return Some(tag);
            }
            at += i + 2;
        }
        None
    }

    /// The language a code tag names: `highlight`'s first argument (`ruby linenos`), or
    /// `codeblock`'s `lang:` option.
    fn language(&self) -> Option<&'a str> {
        let word = if self.name == "highlight" {
            self.args.split_whitespace().next()
        } else {
            self.args
                .split_whitespace()
                .find_map(|w| w.strip_prefix("lang:"))
        }?;
        word.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+#.-".contains(c))
            .then_some(word)
    }
}

/// The code between a pair of tags as the author typed it. The platform's Markdown made
/// paragraphs of its blank lines, `<br>`s of its line ends and emphasis of its `*`s (a
/// comment's `/* */`, a pointer, a glob), so those are read back as the characters they came
/// from.
fn code_text(html: &str) -> String {
    let marked = html
        .replace("<em>", "*")
        .replace("</em>", "*")
        .replace("<strong>", "**")
        .replace("</strong>", "**");
    let marked = breaks_as_newlines(&marked);
    let frag = scraper::Html::parse_fragment(&marked);
    let text: String = frag.root_element().text().collect();
    let text = text.trim_end();
    let text = text.strip_prefix("\r\n").unwrap_or(text);
    text.strip_prefix('\n').unwrap_or(text).to_string()
}

/// Each `<br>` (`<br/>`, `<br />`, any case), with the line end that may follow it, as one
/// line end.
fn breaks_as_newlines(s: &str) -> std::borrow::Cow<'_, str> {
    let lower = s.to_ascii_lowercase();
    if !lower.contains("<br") {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut done = 0;
    let mut from = 0;
    while let Some(i) = lower[from..].find("<br").map(|i| i + from) {
        from = i + 3;
        let after = &lower[from..];
        let Some(gt) = after.find('>') else { break };
        if !after[..gt].trim().trim_end_matches('/').trim().is_empty() {
            continue;
        }
        let mut end = from + gt + 1;
        if s[end..].starts_with("\r\n") {
            end += 2;
        } else if s[end..].starts_with('\n') {
            end += 1;
        }
        out.push_str(&s[done..i]);
        out.push('\n');
        done = end;
        from = end;
    }
    out.push_str(&s[done..]);
    out.into()
}

/// Whether only markup and spaces stand between the last line end (or block start) and here.
fn line_start(before: &str) -> bool {
    let b = before.as_bytes();
    let line = b[b.len().saturating_sub(MAX_LINE)..].rsplit(|&c| c == b'\n');
    line.into_iter().next().is_some_and(only_markup)
}

/// Whether only markup and spaces stand between here and the next line end.
fn line_end(after: &str) -> bool {
    let b = after.as_bytes();
    let line = b[..b.len().min(MAX_LINE)].split(|&c| c == b'\n');
    line.into_iter().next().is_some_and(only_markup)
}

/// Whether a stretch of HTML shows nothing but spaces: every other byte is in a tag. (A line
/// longer than [`MAX_LINE`] is taken to hold words.)
fn only_markup(s: &[u8]) -> bool {
    let mut in_tag = false;
    s.iter().all(|&c| {
        match c {
            b'<' => in_tag = true,
            b'>' if in_tag => in_tag = false,
            _ if !in_tag && !c.is_ascii_whitespace() => return false,
            _ => {}
        }
        true
    })
}

/// How deep in `<pre>` and `<code>` (and comments) the scan is: tags there are shown, not run.
#[derive(Default)]
struct CodeDepth {
    code: usize,
    in_comment: bool,
}

impl CodeDepth {
    fn inside(&self) -> bool {
        self.code > 0 || self.in_comment
    }

    /// Reads the start and end tags of a stretch of HTML.
    fn advance(&mut self, html: &str) {
        let mut rest = html;
        loop {
            if self.in_comment {
                match rest.find("-->") {
                    Some(i) => {
                        self.in_comment = false;
                        rest = &rest[i + 3..];
                    }
                    None => return,
                }
            }
            let Some(lt) = rest.find('<') else { return };
            rest = &rest[lt + 1..];
            if let Some(r) = rest.strip_prefix("!--") {
                self.in_comment = true;
                rest = r;
                continue;
            }
            let closing = rest.starts_with('/');
            let name: String = rest
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if matches!(
                name.as_str(),
                "pre" | "code" | "script" | "style" | "textarea"
            ) {
                if closing {
                    self.code = self.code.saturating_sub(1);
                } else {
                    self.code += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::code_tags;

    fn read(html: &str) -> String {
        code_tags(html)
            .map(|(h, _)| h)
            .unwrap_or_else(|| html.into())
    }

    #[test]
    fn a_highlight_pair_on_its_own_lines_is_a_code_block() {
        let html = "<p>Like this:\n{% highlight php %}\n/<em>\nComment: here.\n</em>/\n\
                    $a = 1 &lt; 2;\n{% endhighlight %}\nAnd that's it.</p>";
        assert_eq!(
            read(html),
            "<p>Like this:\n\n<pre><code class=\"language-php\">/*\nComment: here.\n*/\n\
             $a = 1 &lt; 2;</code></pre>\n\nAnd that's it.</p>"
        );
    }

    #[test]
    fn a_pair_inside_a_sentence_is_inline_code() {
        let html = "<p>The variable {% highlight php %}$p{% endhighlight %} is null.</p>";
        assert_eq!(read(html), "<p>The variable <code>$p</code> is null.</p>");
        let alone = "<p>{% highlight php %}$a = array();{% endhighlight %}</p>";
        assert_eq!(
            read(alone),
            "<p>\n<pre><code class=\"language-php\">$a = array();</code></pre>\n</p>"
        );
    }

    #[test]
    fn a_codeblock_across_paragraphs_keeps_its_blank_lines() {
        let html = "<p>{% codeblock Gemfile lang:ruby %}<br>\nsource 'x'</p>\n\n\
                    <p>gem 'y'<br>\n{% endcodeblock %}</p>";
        assert_eq!(
            read(html),
            "<p>\n<pre><code class=\"language-ruby\">source 'x'\n\ngem 'y'</code></pre>\n</p>"
        );
    }

    #[test]
    fn tags_shown_in_code_stay_and_unpaired_tags_stay() {
        for html in [
            "<p>Write <code>{% highlight ruby %}</code> then <code>{% endhighlight %}</code>.</p>",
            "<pre>{% highlight ruby %}\nx\n{% endhighlight %}</pre>",
            "<p>{% highlight ruby %} never closed</p>",
            "<p>{% include note.html %} and {{ page.title }}</p>",
            "<!-- {% raw %} --><p>x</p>",
        ] {
            assert_eq!(code_tags(html).map(|(h, _)| h), None, "{html}");
        }
    }

    #[test]
    fn raw_markers_are_dropped_and_their_text_kept() {
        let (html, n) = code_tags("<p>{% raw %}{{ page.title }}{%- endraw -%}</p>").unwrap();
        assert_eq!(html, "<p>{{ page.title }}</p>");
        assert_eq!(n, 2);
        let shown = "<p>{% raw %}{% highlight c %}x{% endhighlight %}{% endraw %}</p>";
        assert_eq!(read(shown), "<p>{% highlight c %}x{% endhighlight %}</p>");
    }

    #[test]
    fn many_unclosed_tags_are_searched_once() {
        let html = "<p>{% highlight x %}</p>".repeat(20_000);
        assert_eq!(code_tags(&html), None);
        // Lone openers and pairs on one long line cost no more than their length.
        let lone = "{% ".repeat(200_000);
        assert_eq!(code_tags(&lone), None);
        let pairs = "a {% highlight c %}x{% endhighlight %} ".repeat(20_000);
        let (html, n) = code_tags(&pairs).unwrap();
        assert_eq!(n, 40_000);
        assert!(
            html.starts_with("a <code>x</code> a <code>x</code>"),
            "{}",
            &html[..80]
        );
    }
}
