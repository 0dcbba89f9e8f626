//! Generators run template engines over Markdown: Hugo parses `{{< … >}}` shortcodes (even in
//! code blocks), Jekyll and Eleventy run Liquid (`{{ }}`, `{% %}`), Zola runs its own
//! shortcodes. A post about templates would break the build, so their syntax in post text is
//! escaped for the target; and Hugo gets its own `youtube`/`vimeo` shortcodes for embeds.
//!
//! Our own shortcodes are placed as placeholders before escaping and substituted after, so
//! escaping never touches what unpress generated.

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
            let s = escape_pairs(body, "{{<", ">}}", "{{</*", "*/>}}");
            escape_pairs(&s, "{{%", "%}}", "{{%/*", "*/%}}")
        }
        Target::Zola => {
            let s = escape_pairs(body, "{{", "}}", "{{/*", "*/}}");
            escape_pairs(&s, "{%", "%}", "{%/*", "*/%}")
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
        Target::Jekyll | Target::Eleventy => match body
            .strip_prefix("{% raw %}\n")
            .and_then(|b| b.strip_suffix("{% endraw %}\n"))
        {
            Some(inner) => inner.replace(
                "{% endraw %}{{ \"{% endraw %}\" }}{% raw %}",
                "{% endraw %}",
            ),
            None => body.to_string(),
        },
        Target::Astro => body.to_string(),
    };
    shown.into()
}

/// Rewrites each `open … close` pair (within a line) to `esc_open … esc_close`.
fn escape_pairs(s: &str, open: &str, close: &str, esc_open: &str, esc_close: &str) -> String {
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
                Some(b) => {
                    out.push_str(&rest[..a]);
                    out.push_str(esc_open);
                    out.push_str(&after[..b]);
                    out.push_str(esc_close);
                    rest = &after[b + close.len()..];
                }
                None => break,
            }
        }
        out.push_str(rest);
    }
    out
}

/// Wraps a body that holds Liquid syntax in `{% raw %}`, keeping a literal `{% endraw %}`.
fn liquid_raw(body: &str) -> String {
    if !body.contains("{{") && !body.contains("{%") {
        return body.to_string();
    }
    let inner = body.replace(
        "{% endraw %}",
        "{% endraw %}{{ \"{% endraw %}\" }}{% raw %}",
    );
    format!(
        "{{% raw %}}\n{inner}{}{{% endraw %}}\n",
        if inner.ends_with('\n') { "" } else { "\n" }
    )
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
        let liquid = protect(Target::Jekyll, "{{ page.title }} {% endraw %}\n", &[]);
        assert!(
            liquid.starts_with("{% raw %}\n") && liquid.ends_with("{% endraw %}\n"),
            "{liquid}"
        );
        assert!(liquid.contains("{% endraw %}{{ \"{% endraw %}\" }}{% raw %}"));
        assert_eq!(protect(Target::Zola, "{{ x() }}\n", &[]), "{{/* x() */}}\n");
        assert_eq!(protect(Target::Astro, "{{ x }}\n", &[]), "{{ x }}\n");
        assert_eq!(protect(Target::Jekyll, "plain\n", &[]), "plain\n");
    }

    #[test]
    fn generated_shortcodes_survive_escaping() {
        let body = format!("{OPEN}0{CLOSE}\n\n`{{{{< x >}}}}`\n");
        let out = protect(Target::Hugo, &body, &["{{< youtube abc >}}".into()]);
        assert_eq!(out, "{{< youtube abc >}}\n\n`{{</* x */>}}`\n");
    }
}
