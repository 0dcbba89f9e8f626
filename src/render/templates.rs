//! Generators run template engines over Markdown: Hugo parses `{{< … >}}` shortcodes (even in
//! code blocks), Jekyll and Eleventy run Liquid (`{{ }}`, `{% %}`), Zola runs its own
//! shortcodes. A post about templates would break the build, so their syntax in post text is
//! escaped for the target; and Hugo gets its own `youtube`/`vimeo` shortcodes for embeds.
//!
//! Our own shortcodes are placed as placeholders before escaping and substituted after, so
//! escaping never touches what unpress generated. Raw HTML the renderer writes carries no
//! template syntax at all: [`raw_html_refs`] spells its braces as character references.

use crate::doc::{Block, Inline};
use crate::target::Target;

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// YouTube or Vimeo video id of an embed URL.
pub fn video_id(url: &str) -> Option<(&'static str, String)> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.trim_start_matches("www.").trim_start_matches("m.");
    let valid = |id: &str| {
        !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    };
    let first = |p: &str| {
        p.split(['/', '?', '&', '#'])
            .next()
            .unwrap_or("")
            .to_string()
    };
    let id = match host {
        "youtube.com" | "youtube-nocookie.com" => {
            if let Some(p) = path
                .strip_prefix("embed/")
                .or_else(|| path.strip_prefix("shorts/"))
            {
                ("youtube", first(p))
            } else {
                let query = path.split_once('?').map(|(_, q)| q).unwrap_or("");
                let v = query.split('&').find_map(|kv| kv.strip_prefix("v="))?;
                ("youtube", first(v))
            }
        }
        "youtu.be" => ("youtube", first(path)),
        "player.vimeo.com" => ("vimeo", first(path.strip_prefix("video/")?)),
        "vimeo.com" => ("vimeo", first(path)),
        _ => return None,
    };
    valid(&id.1).then_some(id)
}

/// For Hugo: replaces YouTube/Vimeo embeds with placeholders and returns the shortcodes they
/// stand for, in placeholder order.
pub fn hugo_embeds(blocks: &mut [Block]) -> Vec<String> {
    let mut codes = Vec::new();
    crate::transform::urls::for_each_inline(blocks, &mut |inline| {
        if let Inline::Embed { url, .. } = inline
            && let Some((kind, id)) = video_id(url)
        {
            let n = codes.len();
            codes.push(format!("{{{{< {kind} {id} >}}}}"));
            *inline = Inline::Html(format!("{OPEN}{n}{CLOSE}"));
        }
    });
    codes
}

/// Escapes template syntax in a rendered body for the target, then puts the generated
/// shortcodes in place.
pub fn protect(target: Target, body: &str, shortcodes: &[String]) -> String {
    let escaped = match target {
        Target::Hugo => {
            let s = escape_pairs(body, ["{{<", ">}}"], ["{{</*", "*/>}}"], |_| true);
            escape_pairs(&s, ["{{%", "%}}"], ["{{%/*", "*/%}}"], |_| true)
        }
        Target::Zola => {
            let s = escape_pairs(body, ["{{", "}}"], ["{{/*", "*/}}"], zola_call);
            zola_bodies(&s)
        }
        Target::Jekyll | Target::Eleventy => liquid_raw(body),
        Target::Astro => body.to_string(),
    };
    if shortcodes.is_empty() {
        return escaped;
    }
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped.as_str();
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len_utf8()..];
        match after.find(CLOSE) {
            Some(end) => {
                match after[..end]
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| shortcodes.get(n))
                {
                    Some(code) => out.push_str(code),
                    None => {
                        out.push_str(&rest[start..start + OPEN.len_utf8() + end + CLOSE.len_utf8()])
                    }
                }
                rest = &after[end + CLOSE.len_utf8()..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A protected body as the target's generator shows it: escapes read back to the syntax they
/// stand for, and Hugo's video shortcodes as the players they render. The loss check reads
/// the output through this, so an escape is never counted as a change.
pub fn as_shown(target: Target, body: &str) -> std::borrow::Cow<'_, str> {
    if !body.contains("{{") && !body.contains("{%") {
        return body.into();
    }
    let shown = match target {
        Target::Hugo => {
            let mut s = String::with_capacity(body.len());
            let mut rest = body;
            while let Some(a) = rest.find("{{< ") {
                s.push_str(&rest[..a]);
                let after = &rest[a + 4..];
                let player = after.split_once(" >}}").and_then(|(code, tail)| {
                    let (kind, id) = code.split_once(' ')?;
                    let src = match kind {
                        "youtube" => format!("https://www.youtube.com/embed/{id}"),
                        "vimeo" => format!("https://player.vimeo.com/video/{id}"),
                        _ => return None,
                    };
                    Some((format!("<iframe src=\"{src}\"></iframe>"), tail))
                });
                match player {
                    Some((html, tail)) => {
                        s.push_str(&html);
                        rest = tail;
                    }
                    None => {
                        s.push_str("{{< ");
                        rest = after;
                    }
                }
            }
            s.push_str(rest);
            s.replace("{{</*", "{{<")
                .replace("*/>}}", ">}}")
                .replace("{{%/*", "{{%")
                .replace("*/%}}", "%}}")
        }
        Target::Zola => body
            .replace("{{/*", "{{")
            .replace("*/}}", "}}")
            .replace("{%/*", "{%")
            .replace("*/%}", "%}"),
        // Each paragraph with Liquid syntax is wrapped in `{% raw %}`, and a literal
        // `{% endraw %}` written with an output tag ([`liquid_raw`]).
        Target::Jekyll | Target::Eleventy => body
            .replace(
                "{% endraw %}{{ \"{% endraw %}\" }}{% raw %}",
                &OPEN.to_string(),
            )
            .replace("{% raw %}", "")
            .replace("{% endraw %}", "")
            .replace(OPEN, "{% endraw %}"),
        Target::Astro => body.to_string(),
    };
    shown.into()
}

/// Rewrites each `open … close` pair (within a line) whose inner text `escape` accepts to
/// `esc_open … esc_close`.
fn escape_pairs(
    s: &str,
    [open, close]: [&str; 2],
    [esc_open, esc_close]: [&str; 2],
    escape: fn(&str) -> bool,
) -> String {
    if !s.contains(open) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut rest = line;
        while let Some(a) = rest.find(open) {
            let after = &rest[a + open.len()..];
            match after.find(close) {
                Some(b) if escape(&after[..b]) => {
                    out.push_str(&rest[..a]);
                    out.push_str(esc_open);
                    out.push_str(&after[..b]);
                    out.push_str(esc_close);
                    rest = &after[b + close.len()..];
                }
                Some(_) => {
                    out.push_str(&rest[..a + open.len()]);
                    rest = after;
                }
                None => break,
            }
        }
        out.push_str(rest);
    }
    out
}

/// Whether the text between `{{ }}` or `{% %}` is a Zola shortcode call (`name(…)`). Zola
/// fails the build on a call to a shortcode it does not have, but leaves everything else
/// alone, and its `{{/* */}}` escape only works around a call: anywhere else the markers
/// would show on the page.
fn zola_call(inner: &str) -> bool {
    let inner = inner.trim_start();
    let name_len = inner
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    name_len > 0
        && !inner.as_bytes()[0].is_ascii_digit()
        && inner[name_len..].trim_start().starts_with('(')
}

/// Escapes Zola's body shortcodes, `{% name(…) %}` … `{% end %}`. Zola wants them in pairs,
/// escaped or not, and fails on a lone one either way: a start and the end that closes it
/// are escaped as a pair (`{%/* */%}`), and a lone tag has its `{` written as the character
/// reference `&#123;`, which shows the same outside code (inside code it shows as written:
/// still better than a site that does not build).
fn zola_bodies(s: &str) -> String {
    // (start, end) byte ranges of every `{% call %}` / `{% end %}` on one line, and whether
    // it is an end.
    let mut tags: Vec<(usize, usize, bool)> = Vec::new();
    let mut from = 0;
    while let Some(a) = s[from..].find("{%").map(|i| i + from) {
        let inner_start = a + 2;
        let line_end = s[inner_start..]
            .find('\n')
            .map_or(s.len(), |i| i + inner_start);
        match s[inner_start..line_end].find("%}") {
            Some(b) => {
                let inner = &s[inner_start..inner_start + b];
                let end = inner_start + b + 2;
                if inner.trim() == "end" {
                    tags.push((a, end, true));
                } else if zola_call(inner) {
                    tags.push((a, end, false));
                }
                from = if inner.contains("{%") {
                    inner_start
                } else {
                    end
                };
            }
            None => from = inner_start,
        }
    }
    if tags.is_empty() {
        return s.to_string();
    }
    // Bodies do not nest: a start is closed by the next end, and starts between are its
    // text, where Zola still fails on them unless they are written as references.
    let mut edits: Vec<(usize, bool)> = Vec::new();
    let mut i = 0;
    while let Some(&(_, _, is_end)) = tags.get(i) {
        let close = (!is_end)
            .then(|| tags[i + 1..].iter().position(|t| t.2))
            .flatten();
        match close {
            Some(k) => {
                edits.push((i, true));
                edits.extend((i + 1..i + 1 + k).map(|inner| (inner, false)));
                edits.push((i + 1 + k, true));
                i += k + 2;
            }
            None => {
                edits.push((i, false));
                i += 1;
            }
        }
    }
    let mut out = String::with_capacity(s.len() + 8 * tags.len());
    let mut last = 0;
    for (i, paired) in edits {
        let (a, b, _) = tags[i];
        out.push_str(&s[last..a]);
        let inner = &s[a + 2..b - 2];
        if paired {
            out.push_str("{%/*");
            out.push_str(inner);
            out.push_str("*/%}");
        } else {
            out.push_str("&#123;%");
            out.push_str(inner);
            out.push_str("%}");
        }
        last = b;
    }
    out.push_str(&s[last..]);
    out
}

/// Raw HTML with each `{` that opens `{{` or `{%` written as the character reference
/// `&#123;`: a browser shows the same text, and no generator's template engine (Hugo
/// shortcodes, Liquid, Tera) sees its syntax in it.
pub fn raw_html_refs(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.contains("{{") && !html.contains("{%") {
        return html.into();
    }
    let mut out = String::with_capacity(html.len() + 8);
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' && matches!(chars.peek(), Some('{' | '%')) {
            out.push_str("&#123;");
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Wraps each paragraph (text between blank lines) that holds Liquid syntax in
/// `{% raw %}` … `{% endraw %}`, keeping a literal `{% endraw %}`. Jekyll cuts a post's excerpt
/// at the first blank line and complains about a raw block the cut leaves open, so no block
/// spans one; Liquid drops the tags before Markdown is read, so they may sit anywhere.
fn liquid_raw(body: &str) -> String {
    if !body.contains("{{") && !body.contains("{%") {
        return body.to_string();
    }
    body.split("\n\n")
        .map(|chunk| {
            if !chunk.contains("{{") && !chunk.contains("{%") {
                return chunk.to_string();
            }
            let (text, nl) = match chunk.strip_suffix('\n') {
                Some(t) => (t, "\n"),
                None => (chunk, ""),
            };
            let inner = text.replace(
                "{% endraw %}",
                "{% endraw %}{{ \"{% endraw %}\" }}{% raw %}",
            );
            format!("{{% raw %}}{inner}{{% endraw %}}{nl}")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn video_ids_from_every_url_form() {
        for url in [
            "https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ] {
            assert_eq!(
                video_id(url),
                Some(("youtube", "dQw4w9WgXcQ".into())),
                "{url}"
            );
        }
        assert_eq!(
            video_id("https://player.vimeo.com/video/76979871"),
            Some(("vimeo", "76979871".into()))
        );
        assert_eq!(video_id("https://example.com/embed/x"), None);
        assert_eq!(video_id("https://www.youtube.com/embed/\"><script>"), None);
    }

    #[test]
    fn template_syntax_is_escaped_per_target() {
        let body = "Use `{{< figure src=x >}}` and {{% note %}}.\n";
        assert_eq!(
            protect(Target::Hugo, body, &[]),
            "Use `{{</* figure src=x */>}}` and {{%/* note */%}}.\n"
        );
        assert_eq!(
            protect(Target::Jekyll, "{{ page.title }} {% endraw %}\n", &[]),
            "{% raw %}{{ page.title }} {% endraw %}{{ \"{% endraw %}\" }}{% raw %}{% endraw %}\n"
        );
        assert_eq!(
            protect(
                Target::Eleventy,
                "Intro.\n\n{{ a }}\n\n```\n{% b %}\n\nc\n```\n",
                &[]
            ),
            "Intro.\n\n{% raw %}{{ a }}{% endraw %}\n\n{% raw %}```\n{% b %}{% endraw %}\n\nc\n```\n"
        );
        assert_eq!(protect(Target::Zola, "{{ x() }}\n", &[]), "{{/* x() */}}\n");
        assert_eq!(protect(Target::Astro, "{{ x }}\n", &[]), "{{ x }}\n");
        assert_eq!(protect(Target::Jekyll, "plain\n", &[]), "plain\n");
    }

    #[test]
    fn raw_html_braces_become_character_references() {
        let cases = [
            ("<span>{{</span>", "<span>&#123;{</span>"),
            (
                "<b title=\"{% x %}\">{{{y}}}</b>",
                "<b title=\"&#123;% x %}\">&#123;&#123;{y}}}</b>",
            ),
            ("<i>{ a } %}</i>", "<i>{ a } %}</i>"),
        ];
        for (html, want) in cases {
            assert_eq!(raw_html_refs(html), want, "{html}");
        }
    }

    #[test]
    fn raw_html_in_the_model_renders_without_template_syntax() {
        use crate::render::markdown::{MarkdownOptions, render};
        let body = vec![
            Block::Html("<div class=\"hl\"><span>{{</span> page.title <span>}}</span>\n<span>{%</span> if x %}</div>".into()),
            Block::Paragraph(vec![
                Inline::Html("<kbd data-x=\"{{ y }}\">".into()),
                Inline::Text("key".into()),
                Inline::Html("</kbd>".into()),
            ]),
        ];
        let md = render(&body, &MarkdownOptions::default());
        assert_eq!(
            md,
            "<div class=\"hl\"><span>&#123;{</span> page.title <span>}}</span>\n<span>&#123;%</span> if x %}</div>\n\n<kbd data-x=\"&#123;{ y }}\">key</kbd>\n"
        );
        for target in [Target::Hugo, Target::Jekyll, Target::Zola, Target::Eleventy] {
            assert_eq!(protect(target, &md, &[]), md, "{target}");
        }
    }

    #[test]
    fn zola_escapes_shortcode_calls_only() {
        let body = "{{ page.title }} {% if x %} {{ foo() }} {% quote(by=\"A\") %}b{% end %}\n";
        assert_eq!(
            protect(Target::Zola, body, &[]),
            "{{ page.title }} {% if x %} {{/* foo() */}} {%/* quote(by=\"A\") */%}b{%/* end */%}\n"
        );
    }

    #[test]
    fn zola_body_shortcodes_pair_with_the_next_end_and_lone_ones_become_references() {
        let body = "{% a() %} lone\n\n{% b(x=1) %}\nbody\n{% end %} {% end %} {%{% c() %}\n";
        assert_eq!(
            protect(Target::Zola, body, &[]),
            "{%/* a() */%} lone\n\n&#123;% b(x=1) %}\nbody\n{%/* end */%} &#123;% end %} {%&#123;% c() %}\n"
        );
    }

    #[test]
    fn generated_shortcodes_survive_escaping() {
        let body = format!("{OPEN}0{CLOSE}\n\n`{{{{< x >}}}}`\n");
        let out = protect(Target::Hugo, &body, &["{{< youtube abc >}}".into()]);
        assert_eq!(out, "{{< youtube abc >}}\n\n`{{</* x */>}}`\n");
    }
}
