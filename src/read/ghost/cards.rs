//! Ghost's editor cards → the HTML Ghost renders for them on the site (`kg-*-card`), from a
//! card's payload in a mobiledoc document or a Lexical node (the two editors share the
//! fields). The markup is Ghost's own, less the players' controls and icons, so a rendered
//! card reads exactly like the `html` Ghost exported: [`crate::html::ghost`] then makes each
//! card plain HTML for both.

use crate::wp::embed::escape_html as esc;
use serde_json::Value;

/// A card's field as text (numbers as written), or empty.
pub(super) fn text<'a>(payload: &'a Value, key: &str) -> std::borrow::Cow<'a, str> {
    match payload.get(key) {
        Some(Value::String(s)) => s.as_str().into(),
        Some(Value::Number(n)) => n.to_string().into(),
        _ => "".into(),
    }
}

fn flag(payload: &Value, key: &str) -> bool {
    match payload.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => s == "true",
        _ => false,
    }
}

/// `<figcaption>` for a caption (HTML, as the editors store it), if there is one.
fn caption(out: &mut String, payload: &Value) {
    let c = text(payload, "caption");
    if !c.trim().is_empty() {
        out.push_str("<figcaption>");
        out.push_str(&c);
        out.push_str("</figcaption>");
    }
}

fn attr(out: &mut String, name: &str, value: &str) {
    if !value.is_empty() {
        out.push_str(&format!(" {name}=\"{}\"", esc(value)));
    }
}

/// Renders one card into `out`; `false` for a card this renderer does not know (left out,
/// and named by the caller).
pub fn render(name: &str, p: &Value, out: &mut String) -> bool {
    match name {
        "image" => image(out, p),
        "gallery" => gallery(out, p),
        "embed" => embed(out, p),
        "bookmark" => bookmark(out, p),
        "code" | "codeblock" => code(out, p),
        "html" => {
            out.push_str("<!--kg-card-begin: html-->");
            out.push_str(&text(p, "html"));
            out.push_str("<!--kg-card-end: html-->");
        }
        "markdown" | "card-markdown" => {
            out.push_str("<!--kg-card-begin: markdown-->");
            out.push_str(&markdown(&text(p, "markdown")));
            out.push_str("<!--kg-card-end: markdown-->");
        }
        "hr" | "horizontalrule" => out.push_str("<hr>"),
        "callout" => {
            let color = text(p, "backgroundColor");
            let color: String = color
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            let color = if color.is_empty() {
                "white".into()
            } else {
                color
            };
            out.push_str(&format!(
                "<div class=\"kg-card kg-callout-card kg-callout-card-{color}\">"
            ));
            let emoji = text(p, "calloutEmoji");
            if !emoji.is_empty() {
                out.push_str(&format!(
                    "<div class=\"kg-callout-emoji\">{}</div>",
                    esc(&emoji)
                ));
            }
            out.push_str(&format!(
                "<div class=\"kg-callout-text\">{}</div></div>",
                text(p, "calloutText")
            ));
        }
        "toggle" => out.push_str(&format!(
            "<div class=\"kg-card kg-toggle-card\" data-kg-toggle-state=\"close\">\
             <div class=\"kg-toggle-heading\"><h4 class=\"kg-toggle-heading-text\">{}</h4></div>\
             <div class=\"kg-toggle-content\">{}</div></div>",
            text(p, "heading"),
            text(p, "content")
        )),
        "button" => {
            let url = text(p, "buttonUrl");
            if !url.trim().is_empty() {
                let label = text(p, "buttonText");
                let label = if label.is_empty() {
                    "Button Title".into()
                } else {
                    label
                };
                out.push_str(&format!(
                    "<div class=\"kg-card kg-button-card\"><a href=\"{}\" class=\"kg-btn kg-btn-accent\">{}</a></div>",
                    esc(&url),
                    esc(&label)
                ));
            }
        }
        "header" => header(out, p),
        "audio" => {
            let src = text(p, "src");
            if !src.trim().is_empty() {
                out.push_str("<div class=\"kg-card kg-audio-card\">");
                let thumb = text(p, "thumbnailSrc");
                if !thumb.is_empty() {
                    out.push_str(&format!(
                        "<img src=\"{}\" alt=\"audio-thumbnail\" class=\"kg-audio-thumbnail\">",
                        esc(&thumb)
                    ));
                }
                out.push_str(&format!(
                    "<div class=\"kg-audio-player-container\"><audio src=\"{}\" preload=\"metadata\"></audio>\
                     <div class=\"kg-audio-title\">{}</div></div></div>",
                    esc(&src),
                    esc(&text(p, "title"))
                ));
            }
        }
        "video" => {
            let src = text(p, "src");
            if !src.trim().is_empty() {
                let thumb = [text(p, "customThumbnailSrc"), text(p, "thumbnailSrc")]
                    .into_iter()
                    .find(|t| !t.is_empty())
                    .unwrap_or_default();
                out.push_str("<figure class=\"kg-card kg-video-card\"");
                attr(out, "data-kg-thumbnail", &thumb);
                out.push_str("><div class=\"kg-video-container\"><video");
                attr(out, "src", &src);
                if flag(p, "loop") {
                    out.push_str(" loop autoplay muted");
                }
                out.push_str(" playsinline preload=\"metadata\"></video></div>");
                caption(out, p);
                out.push_str("</figure>");
            }
        }
        "file" => {
            let src = text(p, "src");
            if !src.trim().is_empty() {
                out.push_str(&format!(
                    "<div class=\"kg-card kg-file-card\"><a class=\"kg-file-card-container\" href=\"{}\" title=\"Download\" download>\
                     <div class=\"kg-file-card-contents\"><div class=\"kg-file-card-title\">{}</div>\
                     <div class=\"kg-file-card-caption\">{}</div><div class=\"kg-file-card-metadata\">\
                     <div class=\"kg-file-card-filename\">{}</div></div></div></a></div>",
                    esc(&src),
                    esc(&text(p, "fileTitle")),
                    esc(&text(p, "fileCaption")),
                    esc(&text(p, "fileName"))
                ));
            }
        }
        "product" => product(out, p),
        "call-to-action" => {
            out.push_str("<div class=\"kg-card kg-cta-card\">");
            if flag(p, "hasSponsorLabel") {
                out.push_str(&format!(
                    "<div class=\"kg-cta-sponsor-label\">{}</div>",
                    text(p, "sponsorLabel")
                ));
            }
            let img = text(p, "imageUrl");
            if !img.is_empty() {
                out.push_str(&format!("<img src=\"{}\" alt=\"\">", esc(&img)));
            }
            out.push_str(&format!(
                "<div class=\"kg-cta-text\">{}</div>",
                text(p, "textValue")
            ));
            let url = text(p, "buttonUrl");
            if flag(p, "showButton") && !url.trim().is_empty() {
                out.push_str(&format!(
                    "<a href=\"{}\" class=\"kg-cta-button\">{}</a>",
                    esc(&url),
                    esc(&text(p, "buttonText"))
                ));
            }
            out.push_str("</div>");
        }
        "signup" => out.push_str(&format!(
            "<div class=\"kg-card kg-signup-card\"><h2 class=\"kg-signup-card-heading\">{}</h2>\
             <p class=\"kg-signup-card-subheading\">{}</p></div>",
            text(p, "header"),
            text(p, "subheader")
        )),
        // The paywall divider: what follows is for members on the site.
        "paywall" => out.push_str("<!--members-only-->"),
        // Content for the newsletter only: never on the site.
        "email" | "email-cta" => {}
        _ => return false,
    }
    true
}

fn image(out: &mut String, p: &Value) {
    let src = text(p, "src");
    if src.trim().is_empty() {
        return;
    }
    let width = text(p, "cardWidth");
    out.push_str("<figure class=\"kg-card kg-image-card");
    if !width.is_empty() && width != "regular" {
        out.push_str(&format!(" kg-width-{}", esc(&width)));
    }
    out.push_str("\">");
    let href = text(p, "href");
    if !href.is_empty() {
        out.push_str(&format!("<a href=\"{}\">", esc(&href)));
    }
    out.push_str(&format!("<img src=\"{}\" class=\"kg-image\"", esc(&src)));
    out.push_str(&format!(" alt=\"{}\"", esc(&text(p, "alt"))));
    attr(out, "title", &text(p, "title"));
    out.push_str(" loading=\"lazy\">");
    if !href.is_empty() {
        out.push_str("</a>");
    }
    caption(out, p);
    out.push_str("</figure>");
}

fn gallery(out: &mut String, p: &Value) {
    let Some(images) = p.get("images").and_then(Value::as_array) else {
        return;
    };
    let images: Vec<&Value> = images
        .iter()
        .filter(|i| !text(i, "src").trim().is_empty())
        .collect();
    if images.is_empty() {
        return;
    }
    out.push_str(
        "<figure class=\"kg-card kg-gallery-card kg-width-wide\"><div class=\"kg-gallery-container\">",
    );
    let mut row: Option<i64> = None;
    for img in images {
        let r = img.get("row").and_then(Value::as_i64).unwrap_or(0);
        if row != Some(r) {
            if row.is_some() {
                out.push_str("</div>");
            }
            out.push_str("<div class=\"kg-gallery-row\">");
            row = Some(r);
        }
        out.push_str(&format!(
            "<div class=\"kg-gallery-image\"><img src=\"{}\" alt=\"{}\"",
            esc(&text(img, "src")),
            esc(&text(img, "alt"))
        ));
        attr(out, "title", &text(img, "title"));
        out.push_str(" loading=\"lazy\"></div>");
    }
    out.push_str("</div></div>");
    caption(out, p);
    out.push_str("</figure>");
}

fn embed(out: &mut String, p: &Value) {
    let html = text(p, "html");
    let url = text(p, "url");
    if html.trim().is_empty() && url.trim().is_empty() {
        return;
    }
    out.push_str("<figure class=\"kg-card kg-embed-card\">");
    if html.trim().is_empty() {
        // Ghost shows nothing for an embed it could not fetch; the address is still worth
        // keeping.
        out.push_str(&format!("<a href=\"{0}\">{0}</a>", esc(&url)));
    } else {
        out.push_str(&html);
    }
    caption(out, p);
    out.push_str("</figure>");
}

fn bookmark(out: &mut String, p: &Value) {
    let url = text(p, "url");
    if url.trim().is_empty() {
        return;
    }
    let empty = Value::Null;
    let m = p.get("metadata").unwrap_or(&empty);
    out.push_str(&format!(
        "<figure class=\"kg-card kg-bookmark-card\"><a class=\"kg-bookmark-container\" href=\"{}\">\
         <div class=\"kg-bookmark-content\"><div class=\"kg-bookmark-title\">{}</div>\
         <div class=\"kg-bookmark-description\">{}</div><div class=\"kg-bookmark-metadata\">",
        esc(&url),
        esc(&text(m, "title")),
        esc(&text(m, "description"))
    ));
    let icon = text(m, "icon");
    if !icon.is_empty() {
        out.push_str(&format!(
            "<img class=\"kg-bookmark-icon\" src=\"{}\" alt=\"\">",
            esc(&icon)
        ));
    }
    // Ghost prints the publisher under the author's class name and the other way round.
    for (class, key) in [
        ("kg-bookmark-author", "publisher"),
        ("kg-bookmark-publisher", "author"),
    ] {
        let v = text(m, key);
        if !v.is_empty() {
            out.push_str(&format!("<span class=\"{class}\">{}</span>", esc(&v)));
        }
    }
    out.push_str("</div></div>");
    let thumb = text(m, "thumbnail");
    if !thumb.is_empty() {
        out.push_str(&format!(
            "<div class=\"kg-bookmark-thumbnail\"><img src=\"{}\" alt=\"\"></div>",
            esc(&thumb)
        ));
    }
    out.push_str("</a>");
    caption(out, p);
    out.push_str("</figure>");
}

fn code(out: &mut String, p: &Value) {
    let code = text(p, "code");
    if code.trim().is_empty() {
        return;
    }
    let lang = text(p, "language");
    let cap = text(p, "caption");
    if !cap.trim().is_empty() {
        out.push_str("<figure class=\"kg-card kg-code-card\">");
    }
    out.push_str("<pre><code");
    if !lang.trim().is_empty() {
        out.push_str(&format!(" class=\"language-{}\"", esc(lang.trim())));
    }
    out.push('>');
    out.push_str(&esc(&code));
    out.push_str("</code></pre>");
    if !cap.trim().is_empty() {
        caption(out, p);
        out.push_str("</figure>");
    }
}

fn header(out: &mut String, p: &Value) {
    let head = text(p, "header");
    let sub = text(p, "subheader");
    let url = text(p, "buttonUrl");
    let button = flag(p, "buttonEnabled") && !url.trim().is_empty();
    let bg = text(p, "backgroundImageSrc");
    if head.trim().is_empty() && sub.trim().is_empty() && !button {
        return;
    }
    out.push_str("<div class=\"kg-card kg-header-card\">");
    if !bg.is_empty() {
        out.push_str(&format!(
            "<picture><img class=\"kg-header-card-image\" src=\"{}\" alt=\"\"></picture>",
            esc(&bg)
        ));
    }
    // The first header card (mobiledoc, Lexical version 1) makes the subheader a heading
    // too; the second a paragraph.
    let v2 = p.get("version").and_then(Value::as_u64) == Some(2);
    if !head.trim().is_empty() {
        let class = if v2 { "heading" } else { "header" };
        out.push_str(&format!("<h2 class=\"kg-header-card-{class}\">{head}</h2>"));
    }
    if !sub.trim().is_empty() {
        out.push_str(&if v2 {
            format!("<p class=\"kg-header-card-subheading\">{sub}</p>")
        } else {
            format!("<h3 class=\"kg-header-card-subheader\">{sub}</h3>")
        });
    }
    if button {
        out.push_str(&format!(
            "<a href=\"{}\" class=\"kg-header-card-button\">{}</a>",
            esc(&url),
            esc(&text(p, "buttonText"))
        ));
    }
    out.push_str("</div>");
}

fn product(out: &mut String, p: &Value) {
    let title = text(p, "productTitle");
    let desc = text(p, "productDescription");
    let img = text(p, "productImageSrc");
    if title.trim().is_empty() && desc.trim().is_empty() && img.is_empty() {
        return;
    }
    out.push_str(
        "<div class=\"kg-card kg-product-card\"><div class=\"kg-product-card-container\">",
    );
    if !img.is_empty() {
        out.push_str(&format!(
            "<img src=\"{}\" class=\"kg-product-card-image\" loading=\"lazy\">",
            esc(&img)
        ));
    }
    out.push_str(&format!(
        "<div class=\"kg-product-card-title-container\"><h4 class=\"kg-product-card-title\">{title}</h4></div>"
    ));
    if flag(p, "productRatingEnabled") {
        let stars = p
            .get("productStarRating")
            .and_then(Value::as_f64)
            .unwrap_or(0.0)
            .clamp(0.0, 5.0) as usize;
        out.push_str("<div class=\"kg-product-card-rating\">");
        for i in 0..5 {
            let active = if i < stars {
                "kg-product-card-rating-active "
            } else {
                ""
            };
            out.push_str(&format!(
                "<span class=\"{active}kg-product-card-rating-star\"></span>"
            ));
        }
        out.push_str("</div>");
    }
    out.push_str(&format!(
        "<div class=\"kg-product-card-description\">{desc}</div>"
    ));
    let url = text(p, "productUrl");
    if flag(p, "productButtonEnabled") && !url.trim().is_empty() {
        out.push_str(&format!(
            "<a href=\"{}\" class=\"kg-product-card-button kg-product-card-btn-accent\"><span>{}</span></a>",
            esc(&url),
            esc(&text(p, "productButton"))
        ));
    }
    out.push_str("</div></div>");
}

/// Markdown as Ghost renders it (markdown-it with `breaks` and `linkify`): a line break in a
/// paragraph is a `<br>`, a bare `https://…` address or email address a link, `#Heading`
/// without its space a heading, footnotes numbered in the order they are referenced and
/// listed at the end as markdown-it-footnote writes them, tables and `~~strike~~` as usual,
/// raw HTML kept.
pub fn markdown(md: &str) -> String {
    use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
    let md = lazy_headings(md);
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut plain = 0usize;
    let mut events: Vec<Event> = Vec::new();
    // Footnotes: labels in the order first referenced, and each definition's events.
    let mut order: Vec<String> = Vec::new();
    let mut defs: Vec<(String, Vec<Event>)> = Vec::new();
    let mut in_def: Option<usize> = None;
    for ev in Parser::new_ext(&md, opts) {
        let mut out: Vec<Event> = Vec::new();
        match ev {
            Event::SoftBreak => out.push(Event::HardBreak),
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                plain += 1;
                out.push(ev);
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                plain = plain.saturating_sub(1);
                out.push(ev);
            }
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                let n = match order.iter().position(|l| *l == label) {
                    Some(i) => i + 1,
                    None => {
                        order.push(label);
                        order.len()
                    }
                };
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#fn{n}\" id=\"fnref{n}\">[{n}]</a></sup>"
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                defs.push((label.to_string(), Vec::new()));
                in_def = Some(defs.len() - 1);
            }
            Event::End(TagEnd::FootnoteDefinition) => in_def = None,
            Event::Text(t) if plain == 0 && (t.contains("://") || t.contains('@')) => {
                let mut rest: &str = &t;
                while let Some((before, link, after)) = find_link(rest) {
                    if !before.is_empty() {
                        out.push(Event::Text(CowStr::from(before.to_string())));
                    }
                    let url = if link.contains("://") {
                        link.to_string()
                    } else {
                        format!("mailto:{link}")
                    };
                    out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Autolink,
                        dest_url: CowStr::from(url),
                        title: CowStr::from(""),
                        id: CowStr::from(""),
                    }));
                    out.push(Event::Text(CowStr::from(link.to_string())));
                    out.push(Event::End(TagEnd::Link));
                    rest = after;
                }
                if !rest.is_empty() {
                    out.push(Event::Text(CowStr::from(rest.to_string())));
                }
            }
            other => out.push(other),
        }
        match in_def.and_then(|i| defs.get_mut(i)) {
            Some((_, def)) => def.extend(out),
            None => events.extend(out),
        }
    }
    if !order.is_empty() {
        events.push(Event::Html(CowStr::from(
            "<hr class=\"footnotes-sep\">\n<section class=\"footnotes\">\n<ol class=\"footnotes-list\">\n",
        )));
        for (i, label) in order.iter().enumerate() {
            let n = i + 1;
            events.push(Event::Html(CowStr::from(format!(
                "<li id=\"fn{n}\" class=\"footnote-item\">"
            ))));
            if let Some((_, def)) = defs.iter_mut().find(|(l, _)| l == label) {
                events.append(def);
            }
            events.push(Event::Html(CowStr::from("</li>\n")));
        }
        events.push(Event::Html(CowStr::from("</ol>\n</section>\n")));
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// The first web or email address in `s` as linkify finds them: (text before, the address,
/// the rest).
fn find_link(s: &str) -> Option<(&str, &str, &str)> {
    let url = find_url(s);
    let email = find_email(s);
    match (url, email) {
        (Some(u), Some(e)) => Some(if e.0.len() < u.0.len() { e } else { u }),
        (u, e) => u.or(e),
    }
}

/// The first `http://` or `https://` address in `s`.
fn find_url(s: &str) -> Option<(&str, &str, &str)> {
    let start = ["https://", "http://"]
        .iter()
        .filter_map(|p| s.find(p))
        .min()?;
    let tail = &s[start..];
    let mut end = tail
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
        .unwrap_or(tail.len());
    // Trailing punctuation ends the sentence, not the address.
    while end > 0 && tail[..end].ends_with(['.', ',', ';', ':', '!', '?', ')', '\'']) {
        end -= 1;
    }
    if tail[..end]
        .split_once("://")
        .is_none_or(|(_, h)| h.is_empty())
    {
        return None;
    }
    Some((&s[..start], &tail[..end], &tail[end..]))
}

/// The first `name@host.tld` in `s`.
fn find_email(s: &str) -> Option<(&str, &str, &str)> {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let host = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    let mut from = 0;
    while let Some(at) = s[from..].find('@').map(|i| i + from) {
        let start = s[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| local(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let mut end = at
            + 1
            + s[at + 1..]
                .find(|c: char| !host(c))
                .unwrap_or(s.len() - at - 1);
        while s[..end].ends_with(['.', '-']) {
            end -= 1;
        }
        let domain = &s[at + 1..end];
        let tld_ok = domain.rsplit_once('.').is_some_and(|(h, tld)| {
            !h.is_empty() && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
        });
        if start < at && tld_ok {
            return Some((&s[..start], &s[start..end], &s[end..]));
        }
        from = at + 1;
    }
    None
}

/// `#Heading` → `# Heading` outside code fences (markdown-it-lazy-headers), so headings
/// written the old way stay headings.
fn lazy_headings(md: &str) -> std::borrow::Cow<'_, str> {
    let needs = md.lines().any(|l| {
        let hashes = l.len() - l.trim_start_matches('#').len();
        (1..=6).contains(&hashes)
            && l[hashes..]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace() && c != '#')
    });
    if !needs {
        return md.into();
    }
    let mut out = String::with_capacity(md.len() + 16);
    let mut fence: Option<String> = None;
    for line in md.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        if marker.len() >= 3 {
            match &fence {
                None => fence = Some(marker),
                Some(f) if marker.starts_with(f.as_str()) => fence = None,
                _ => {}
            }
            out.push_str(line);
            continue;
        }
        let hashes = line.len() - line.trim_start_matches('#').len();
        if fence.is_none()
            && (1..=6).contains(&hashes)
            && line[hashes..]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace() && c != '#')
        {
            out.push_str(&line[..hashes]);
            out.push(' ');
            out.push_str(&line[hashes..]);
        } else {
            out.push_str(line);
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_reads_as_ghost_renders_it() {
        assert_eq!(markdown("a\nb"), "<p>a<br />\nb</p>\n");
        assert_eq!(
            markdown("see https://example.com/x. ok"),
            "<p>see <a href=\"https://example.com/x\">https://example.com/x</a>. ok</p>\n"
        );
        assert_eq!(
            markdown("[a](https://x.example) `https://y.example`"),
            "<p><a href=\"https://x.example\">a</a> <code>https://y.example</code></p>\n"
        );
        assert_eq!(
            markdown("#Title\n\n```\n#not\n```"),
            "<h1>Title</h1>\n<pre><code>#not\n</code></pre>\n"
        );
        assert_eq!(
            markdown("mail me (a.b@example.com) or @someone"),
            "<p>mail me (<a href=\"mailto:a.b@example.com\">a.b@example.com</a>) or @someone</p>\n"
        );
        assert_eq!(
            markdown("b[^x] a[^y]\n\n[^y]: Why.\n[^x]: Ex."),
            "<p>b<sup class=\"footnote-ref\"><a href=\"#fn1\" id=\"fnref1\">[1]</a></sup> \
             a<sup class=\"footnote-ref\"><a href=\"#fn2\" id=\"fnref2\">[2]</a></sup></p>\n\
             <hr class=\"footnotes-sep\">\n<section class=\"footnotes\">\n<ol class=\"footnotes-list\">\n\
             <li id=\"fn1\" class=\"footnote-item\">\n<p>Ex.</p>\n</li>\n\
             <li id=\"fn2\" class=\"footnote-item\">\n<p>Why.</p>\n</li>\n</ol>\n</section>\n"
        );
    }
}
