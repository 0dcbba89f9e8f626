//! oEmbed providers: which URLs WordPress would turn into an embedded player, and the plain
//! HTML unpress writes for them instead — without ever touching the network.
//!
//! WordPress asks the provider for the embed HTML when a post is shown; an export only has the
//! URL. Where the player URL can be derived from the page URL alone (YouTube, Vimeo,
//! Dailymotion, Spotify, TED, SoundCloud, VideoPress, Google Maps embeds) the result is an
//! `<iframe>` with a canonical `src` (`https://www.youtube.com/embed/ID`,
//! `https://player.vimeo.com/video/ID`) so later stages can turn it into a generator's own
//! shortcode. Everything else becomes a link to the URL with the provider's name as text.

/// A recognised embed: the provider and what to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    /// Human name of the provider (`YouTube`, `Twitter`), also used as link text.
    pub provider: &'static str,
    /// The URL as written.
    pub url: String,
    /// Canonical player URL, when one can be derived without the network.
    pub iframe: Option<String>,
}

/// Parts of an absolute http(s) URL.
#[derive(Debug, Clone, Default)]
pub struct UrlParts<'a> {
    /// Lower-cased host without `www.`/`m.`.
    pub host: String,
    pub path: &'a str,
    pub query: &'a str,
    pub fragment: &'a str,
}

/// Splits `http(s)://host/path?query#fragment`; `None` for anything else.
pub fn split_url(url: &str) -> Option<UrlParts<'_>> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))?;
    let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    if host.is_empty() || host.contains(char::is_whitespace) {
        return None;
    }
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("m."))
        .map(str::to_string)
        .unwrap_or(host);
    Some(UrlParts {
        host,
        path,
        query,
        fragment,
    })
}

/// A query parameter's raw value.
pub fn query_param<'a>(query: &'a str, key: &str) -> Option<&'a str> {
    query
        .split(['&', ';'])
        .filter_map(|kv| kv.split_once('=').or(Some((kv, ""))))
        .find(|(k, _)| *k == key || *k == format!("amp;{key}"))
        .map(|(_, v)| v)
}

fn host_is(host: &str, domain: &str) -> bool {
    host == domain || host.strip_suffix(domain).is_some_and(|p| p.ends_with('.'))
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A YouTube video id and start second from any of YouTube's URL shapes.
pub fn youtube_id(url: &str) -> Option<(String, Option<u64>)> {
    let u = split_url(url)?;
    let seg = |p: &str| -> Option<String> {
        let id = p.split('/').find(|s| !s.is_empty())?;
        is_id(id).then(|| id.to_string())
    };
    let id = if host_is(&u.host, "youtu.be") {
        seg(u.path)?
    } else if host_is(&u.host, "youtube.com") || host_is(&u.host, "youtube-nocookie.com") {
        let p = u.path;
        // `?v=ID` (some posts carry junk after the id, like `?v=ID?html5=1`).
        if let Some(v) = query_param(u.query, "v")
            .map(|v| {
                &v[..v
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                    .unwrap_or(v.len())]
            })
            .filter(|v| is_id(v))
        {
            v.to_string()
        } else if let Some(rest) = ["/embed/", "/v/", "/shorts/", "/live/", "/e/"]
            .iter()
            .find_map(|pre| p.strip_prefix(pre))
        {
            seg(rest)?
        } else {
            return None;
        }
    } else {
        return None;
    };
    if id.len() < 6 || id == "videoseries" {
        return None;
    }
    let start = query_param(u.query, "start")
        .or_else(|| query_param(u.query, "t"))
        .or_else(|| query_param(u.fragment, "t"))
        .and_then(parse_time);
    Some((id, start))
}

/// `90`, `90s`, `1m30s`, `1h2m3s` → seconds.
fn parse_time(t: &str) -> Option<u64> {
    if t.is_empty() {
        return None;
    }
    if let Ok(n) = t.parse::<u64>() {
        return Some(n);
    }
    let mut total = 0u64;
    let mut num = 0u64;
    let mut any = false;
    for c in t.chars() {
        if let Some(d) = c.to_digit(10) {
            num = num.checked_mul(10)?.checked_add(u64::from(d))?;
            any = true;
        } else {
            let mul = match c {
                'h' => 3600,
                'm' => 60,
                's' => 1,
                _ => return None,
            };
            total = total.checked_add(num.checked_mul(mul)?)?;
            num = 0;
        }
    }
    (any && total + num > 0).then_some(total + num)
}

/// A Vimeo video id (and the private-link hash, if any).
pub fn vimeo_id(url: &str) -> Option<(String, Option<String>)> {
    let u = split_url(url)?;
    if !host_is(&u.host, "vimeo.com") {
        return None;
    }
    let segs: Vec<&str> = u.path.split('/').filter(|s| !s.is_empty()).collect();
    let pos = segs
        .iter()
        .position(|s| s.bytes().all(|b| b.is_ascii_digit()))?;
    let id = segs[pos].to_string();
    let hash = segs
        .get(pos + 1)
        .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()) && h.len() >= 6)
        .map(|h| h.to_string())
        .or_else(|| query_param(u.query, "h").map(str::to_string));
    Some((id, hash))
}

/// Percent-encodes a URL for use as a query parameter value.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Providers known by host, for link fallbacks: WordPress core's oEmbed list plus Jetpack's
/// (Instagram, Facebook, Gist, Giphy); a URL on another host is not auto-embedded.
const LINK_PROVIDERS: &[(&str, &str)] = &[
    ("twitter.com", "Twitter"),
    ("x.com", "X"),
    ("instagram.com", "Instagram"),
    ("instagr.am", "Instagram"),
    ("flickr.com", "Flickr"),
    ("flic.kr", "Flickr"),
    ("facebook.com", "Facebook"),
    ("fb.watch", "Facebook"),
    ("tiktok.com", "TikTok"),
    ("reddit.com", "Reddit"),
    ("tumblr.com", "Tumblr"),
    ("wordpress.tv", "WordPress.tv"),
    ("imgur.com", "Imgur"),
    ("issuu.com", "Issuu"),
    ("kickstarter.com", "Kickstarter"),
    ("mixcloud.com", "Mixcloud"),
    ("slideshare.net", "SlideShare"),
    ("scribd.com", "Scribd"),
    ("speakerdeck.com", "Speaker Deck"),
    ("pinterest.com", "Pinterest"),
    ("giphy.com", "Giphy"),
    ("smugmug.com", "SmugMug"),
    ("animoto.com", "Animoto"),
    ("cloudup.com", "Cloudup"),
    ("crowdsignal.com", "Crowdsignal"),
    ("polldaddy.com", "Crowdsignal"),
    ("reverbnation.com", "ReverbNation"),
    ("screencast.com", "Screencast"),
    ("wolframcloud.com", "Wolfram Cloud"),
    ("pocketcasts.com", "Pocket Casts"),
    ("read.amazon.com", "Amazon Kindle"),
    ("gist.github.com", "GitHub Gist"),
];

/// Recognises a URL WordPress would auto-embed. `None` for ordinary links.
pub fn recognize(url: &str) -> Option<Embed> {
    let url = url.trim();
    let u = split_url(url)?;
    let mk = |provider, iframe: Option<String>| {
        Some(Embed {
            provider,
            url: url.to_string(),
            iframe,
        })
    };
    if let Some((id, start)) = youtube_id(url) {
        let src = match start {
            Some(s) => format!("https://www.youtube.com/embed/{id}?start={s}"),
            None => format!("https://www.youtube.com/embed/{id}"),
        };
        return mk("YouTube", Some(src));
    }
    if host_is(&u.host, "youtube.com") || host_is(&u.host, "youtu.be") {
        return mk("YouTube", None);
    }
    if let Some((id, hash)) = vimeo_id(url) {
        let src = match hash {
            Some(h) => format!("https://player.vimeo.com/video/{id}?h={h}"),
            None => format!("https://player.vimeo.com/video/{id}"),
        };
        return mk("Vimeo", Some(src));
    }
    if host_is(&u.host, "vimeo.com") {
        return mk("Vimeo", None);
    }
    if host_is(&u.host, "dailymotion.com") || host_is(&u.host, "dai.ly") {
        let id = if host_is(&u.host, "dai.ly") {
            u.path.trim_matches('/').to_string()
        } else {
            u.path
                .strip_prefix("/video/")
                .map(|r| r.split(['_', '/']).next().unwrap_or("").to_string())
                .unwrap_or_default()
        };
        let iframe = is_id(&id).then(|| format!("https://www.dailymotion.com/embed/video/{id}"));
        return mk("Dailymotion", iframe);
    }
    if host_is(&u.host, "open.spotify.com") || host_is(&u.host, "play.spotify.com") {
        let segs: Vec<&str> = u
            .path
            .split('/')
            .filter(|s| !s.is_empty() && !s.starts_with("intl-") && *s != "embed")
            .collect();
        let iframe = match segs.as_slice() {
            [kind, id, ..]
                if matches!(
                    *kind,
                    "track" | "album" | "playlist" | "episode" | "show" | "artist"
                ) && is_id(id) =>
            {
                Some(format!("https://open.spotify.com/embed/{kind}/{id}"))
            }
            _ => None,
        };
        return mk("Spotify", iframe);
    }
    if host_is(&u.host, "ted.com") {
        let iframe = u
            .path
            .strip_prefix("/talks/")
            .map(|s| s.trim_end_matches('/'))
            .filter(|s| is_id(s))
            .map(|s| format!("https://embed.ted.com/talks/{s}"));
        return mk("TED", iframe);
    }
    if host_is(&u.host, "soundcloud.com") {
        if u.host == "w.soundcloud.com" {
            return mk("SoundCloud", Some(url.to_string()));
        }
        let clean = url.split(['?', '#']).next().unwrap_or(url);
        return mk(
            "SoundCloud",
            Some(format!(
                "https://w.soundcloud.com/player/?url={}",
                encode_component(clean)
            )),
        );
    }
    if host_is(&u.host, "videopress.com") || host_is(&u.host, "video.wordpress.com") {
        let guid = u
            .path
            .strip_prefix("/v/")
            .or_else(|| u.path.strip_prefix("/embed/"))
            .map(|s| s.trim_end_matches('/'))
            .filter(|s| is_id(s));
        return mk(
            "VideoPress",
            guid.map(|g| format!("https://videopress.com/embed/{g}")),
        );
    }
    if (host_is(&u.host, "google.com") || u.host.starts_with("maps.google."))
        && (u.path.starts_with("/maps") || u.host.starts_with("maps."))
    {
        let iframe = (u.path.starts_with("/maps/embed")
            || query_param(u.query, "output") == Some("embed"))
        .then(|| url.replace("&amp;", "&"));
        return mk("Google Maps", iframe);
    }
    for (domain, name) in LINK_PROVIDERS {
        if host_is(&u.host, domain) {
            // Profile pages and home pages are not embeds; require some path.
            if u.path.trim_matches('/').is_empty() {
                return None;
            }
            return mk(name, None);
        }
    }
    None
}

/// Escapes text for an HTML attribute or text node.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

impl Embed {
    /// The embed as plain HTML: an `<iframe>` when there is a player URL, otherwise a link
    /// with the provider's name as text. A `caption` (HTML) goes into a `<figcaption>`.
    pub fn to_html(&self, caption: Option<&str>) -> String {
        let body = match &self.iframe {
            Some(src) => format!(
                "<iframe src=\"{}\" title=\"{}\" allowfullscreen></iframe>",
                escape_html(src),
                escape_html(self.provider)
            ),
            None => format!(
                "<a href=\"{}\">{}</a>",
                escape_html(&self.url),
                escape_html(self.label())
            ),
        };
        match (
            caption.map(str::trim).filter(|c| !c.is_empty()),
            &self.iframe,
        ) {
            (Some(c), _) => {
                format!(
                    "<figure class=\"wp-block-embed\">{body}<figcaption>{c}</figcaption></figure>"
                )
            }
            (None, Some(_)) => format!("<figure class=\"wp-block-embed\">{body}</figure>"),
            (None, None) => format!("<p>{body}</p>"),
        }
    }
}

/// An embed for a URL that is known to be one (an `[embed]` shortcode, an embed block):
/// recognised providers as above, anything else as a plain link to the URL.
pub fn any(url: &str) -> Embed {
    recognize(url).unwrap_or_else(|| Embed {
        provider: "",
        url: url.trim().to_string(),
        iframe: None,
    })
}

impl Embed {
    /// Link text: the provider, or the URL itself for unknown hosts.
    pub fn label(&self) -> &str {
        if self.provider.is_empty() {
            &self.url
        } else {
            self.provider
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn youtube_shapes() {
        for u in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "http://youtu.be/dQw4w9WgXcQ",
            "https://youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0",
            "https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
        ] {
            assert_eq!(youtube_id(u).unwrap().0, "dQw4w9WgXcQ", "{u}");
        }
        assert_eq!(
            youtube_id("https://youtu.be/dQw4w9WgXcQ?t=1m30s")
                .unwrap()
                .1,
            Some(90)
        );
    }

    #[test]
    fn vimeo_shapes() {
        assert_eq!(vimeo_id("https://vimeo.com/123456").unwrap().0, "123456");
        assert_eq!(
            vimeo_id("https://vimeo.com/channels/staffpicks/123456")
                .unwrap()
                .0,
            "123456"
        );
        assert_eq!(
            recognize("https://player.vimeo.com/video/42")
                .unwrap()
                .iframe,
            Some("https://player.vimeo.com/video/42".into())
        );
    }

    #[test]
    fn plain_links_are_not_embeds() {
        assert!(recognize("https://example.com/a").is_none());
        assert!(recognize("https://twitter.com/").is_none());
    }
}
