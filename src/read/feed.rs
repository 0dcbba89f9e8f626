//! The feeds a saved site kept (RSS 2.0, RSS 1.0, Atom): not documents to convert, but the
//! site's own word on its posts — each item's address, title, publication instant, author
//! and terms. A theme may print no author, no tags, or a date without its year or time;
//! the feed has them. WordPress also saves a feed per post for its comments, whose title
//! ("Comments on: Post") names the post at the feed's link.

use crate::doc::DateTime;
use quick_xml::Reader;
use quick_xml::events::Event;

/// What a feed says about one post.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedEntry {
    /// The post's address (`link`, Atom's `rel="alternate"` link).
    pub url: String,
    pub title: Option<String>,
    pub date: Option<DateTime>,
    pub author: Option<String>,
    /// `<category>` of RSS (categories and tags alike, as WordPress writes them) and Atom's
    /// `term`s, Blogger's labels among them.
    pub terms: Vec<String>,
}

/// Feeds and items read at most from one file: a bound on what a hostile feed can make us
/// hold, far above a real one.
const MAX_ENTRIES: usize = 10_000;

/// Reads a feed's entries; a broken feed gives the entries before the damage.
pub fn read_feed(bytes: &[u8]) -> Vec<FeedEntry> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(false);
    let mut entries = Vec::new();
    let mut channel = FeedEntry::default();
    let mut current: Option<FeedEntry> = None;
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut buf = Vec::new();
    // A read error ends the feed: what came before it stands.
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Start(e) => {
                let name = local(e.name().as_ref()).to_string();
                if matches!(name.as_str(), "item" | "entry") && current.is_none() {
                    current = Some(FeedEntry::default());
                }
                if name == "link" || name == "category" {
                    link_or_term(&e, &name, current.as_mut().unwrap_or(&mut channel));
                }
                path.push(name);
                text.clear();
            }
            Event::Empty(e) => {
                let name = local(e.name().as_ref()).to_string();
                link_or_term(&e, &name, current.as_mut().unwrap_or(&mut channel));
            }
            Event::Text(t) => text.push_str(&t),
            Event::CData(t) => text.push_str(&t),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                _ => text.push_str(match &*r {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                }),
            },
            Event::End(_) => {
                let Some(name) = path.pop() else { continue };
                let value = crate::read::page_meta::collapse(&text);
                text.clear();
                let in_item = current.is_some();
                let target = current.as_mut().unwrap_or(&mut channel);
                match name.as_str() {
                    "item" | "entry" if in_item => {
                        if let Some(entry) = current.take()
                            && !entry.url.is_empty()
                            && !is_comment_link(&entry.url)
                            && entries.len() < MAX_ENTRIES
                        {
                            entries.push(entry);
                        }
                    }
                    "title" if target.title.is_none() && !value.is_empty() => {
                        target.title = Some(value);
                    }
                    "link" if target.url.is_empty() && !value.is_empty() => target.url = value,
                    "pubDate" | "published" | "date" | "issued" if target.date.is_none() => {
                        target.date = crate::read::page_meta::date_value(&value);
                    }
                    "creator" if !value.is_empty() => target.author = Some(value),
                    "name"
                        if path.last().is_some_and(|p| p == "author")
                            && target.author.is_none()
                            && !value.is_empty() =>
                    {
                        target.author = Some(value);
                    }
                    "category" | "subject"
                        if !value.is_empty() && !target.terms.contains(&value) =>
                    {
                        target.terms.push(value);
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    // A post's comment feed: its channel names the post.
    if let Some(title) = channel.title.as_deref() {
        let post = [
            "Comments on: ",
            "Comments on ",
            "Kommentare zu: ",
            "Commentaires sur : ",
        ]
        .iter()
        .find_map(|p| title.strip_prefix(p));
        if let Some(post) = post
            && !channel.url.is_empty()
        {
            entries.push(FeedEntry {
                url: channel.url.clone(),
                title: Some(post.to_string()),
                ..FeedEntry::default()
            });
        }
    }
    entries
}

/// A comment's address: the post's with a fragment or Blogger's `?showComment=` (the items
/// of comment feeds, whose dates are the comments').
fn is_comment_link(url: &str) -> bool {
    url.contains('#') || url.contains("showComment=")
}

/// An element's local name (`dc:creator` → `creator`).
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Atom's `<link rel="alternate" href>` (Blogger's first link is `rel="replies"`) and
/// `<category term>`.
fn link_or_term(e: &quick_xml::events::BytesStart<'_>, name: &str, target: &mut FeedEntry) {
    let attr = |key: &str| {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .map(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| a.value.to_string())
            })
    };
    match name {
        "link" => {
            let rel = attr("rel").unwrap_or_else(|| "alternate".into());
            if rel == "alternate"
                && let Some(href) = attr("href")
            {
                target.url = href;
            }
        }
        "category" => {
            if let Some(term) = attr("term").map(|t| crate::read::page_meta::collapse(&t))
                && !term.is_empty()
                && !term.starts_with("http://schemas.google.com/")
                && !target.terms.contains(&term)
            {
                target.terms.push(term);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_and_comment_feeds() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Blog</title><link>https://b.example/</link>
<item><title>Ginger &amp; beer</title><link>https://b.example/2009/06/05/ginger-beer/</link>
<pubDate>Fri, 05 Jun 2009 20:09:14 +0000</pubDate><dc:creator><![CDATA[will]]></dc:creator>
<category><![CDATA[Uncategorized]]></category><category><![CDATA[sneezing]]></category></item>
<item><title>By: Ann</title><link>https://b.example/2009/06/05/ginger-beer/#comment-3</link></item>
<item><title>Re</title><link>https://b.example/2009/06/ginger.html?showComment=1#c9</link></item>
</channel></rss>"#;
        let e = read_feed(rss);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].title.as_deref(), Some("Ginger & beer"));
        assert_eq!(e[0].url, "https://b.example/2009/06/05/ginger-beer/");
        assert_eq!(e[0].author.as_deref(), Some("will"));
        assert_eq!(e[0].terms, ["Uncategorized", "sneezing"]);
        assert_eq!(
            e[0].date.map(|d| d.to_string()).as_deref(),
            Some("2009-06-05T20:09:14Z")
        );
        let comments = br#"<rss><channel><title>Comments on: Ginger beer</title>
<link>https://b.example/2009/06/05/ginger-beer/</link></channel></rss>"#;
        let c = read_feed(comments);
        assert_eq!(c[0].title.as_deref(), Some("Ginger beer"));
    }

    #[test]
    fn atom_entries_take_the_alternate_link_and_terms() {
        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>B</title>
<entry><published>2012-10-03T20:18:00.000-07:00</published>
<category scheme="http://www.blogger.com/atom/ns#" term="inde"/>
<title type="text">Votre sant&#233;</title>
<link rel="replies" href="https://b.example/feeds/1/comments/default"/>
<link rel="alternate" type="text/html" href="https://b.example/2012/10/votre-sante.html"/>
<author><name>Marie</name></author></entry></feed>"#;
        let e = read_feed(atom);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].url, "https://b.example/2012/10/votre-sante.html");
        assert_eq!(e[0].title.as_deref(), Some("Votre santé"));
        assert_eq!(e[0].author.as_deref(), Some("Marie"));
        assert_eq!(e[0].terms, ["inde"]);
        assert_eq!(e[0].date.map(|d| d.ymd()).as_deref(), Some("2012-10-03"));
    }

    #[test]
    fn a_broken_feed_keeps_what_came_before() {
        let e = read_feed(
            b"<rss><channel><item><title>A</title><link>https://x/a</link></item><item><title>B",
        );
        assert_eq!(e.len(), 1);
        assert!(read_feed(b"\x00\x01 not xml").is_empty());
    }
}
