//! Streaming reader for WordPress eXtended RSS (WXR) exports, versions 1.0–1.2.
//!
//! The reader never holds the document: it walks quick-xml events and hands each `<item>` to a
//! callback as soon as its end tag is seen, so memory is bounded by the largest single item.
//! Element names are matched by local name because the `wp:` namespace URI differs between
//! versions (`http`/`https`, `1.0`/`1.1`/`1.2`); only `content:encoded` and `excerpt:encoded`
//! share a local name and are told apart by prefix.

use super::decode::Utf8Reader;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::fmt;
use std::io::Read;

/// Site-wide data from the `<channel>` header.
#[derive(Debug, Clone, Default)]
pub struct Channel {
    pub title: String,
    pub link: String,
    pub base_site_url: String,
    pub base_blog_url: String,
    pub wxr_version: Option<String>,
    pub authors: Vec<Author>,
    /// `wp:category`, `wp:tag` and `wp:term` entries, in document order.
    pub terms: Vec<Term>,
    /// Damage the reader recovered from (unclosed or stray tags, nested CDATA), in order.
    pub problems: Vec<Problem>,
}

/// A recovered problem: the export was not well-formed here, and the reader carried on.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: u64,
    pub post_id: Option<u64>,
    pub message: String,
}

impl Channel {
    /// The author's display name for a `dc:creator` login, or the login itself.
    pub fn display_name<'a>(&'a self, login: &'a str) -> &'a str {
        self.authors
            .iter()
            .find(|a| a.login == login)
            .map(|a| a.display_name.as_str())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(login)
    }
}

/// A `wp:author` (also spelled `wp:wp_author` by some exporters). Emails are never read.
#[derive(Debug, Clone, Default)]
pub struct Author {
    pub login: String,
    pub display_name: String,
}

/// One `<item>`: a post, page, attachment, menu item, revision, …
#[derive(Debug, Clone, Default)]
pub struct Item {
    /// Line of the `<item>` start tag.
    pub line: u64,
    pub title: String,
    pub link: String,
    pub guid: String,
    pub creator: String,
    pub content: String,
    pub excerpt: String,
    pub post_id: Option<u64>,
    pub post_date: String,
    pub post_date_gmt: String,
    pub post_modified: String,
    pub post_modified_gmt: String,
    pub post_name: String,
    pub status: String,
    pub post_parent: u64,
    pub menu_order: i64,
    pub post_type: String,
    /// Only whether a password is set; the password itself is never kept.
    pub has_password: bool,
    pub attachment_url: String,
    pub terms: Vec<ItemTerm>,
    pub postmeta: Vec<(String, String)>,
    pub comments: Vec<Comment>,
    /// What `content` is written in: WordPress's own (shortcodes, blocks, wpautop), or
    /// another platform's (see [`ContentFormat`]).
    pub format: ContentFormat,
    /// Why this entry of another platform's export is not a post (Blogger's settings,
    /// Medium's responses, a Movable Type record of comments only), as the report says it.
    pub not_a_post: Option<String>,
    /// The featured image's URL where a platform gives it directly (WordPress names an
    /// attachment instead: the `_thumbnail_id` postmeta).
    pub featured_image: String,
    /// What the reader had to decide for this item that the user should know (another
    /// platform's paid post written as a draft, say); each becomes a warning on its row.
    pub notes: Vec<String>,
    /// Why this entry of an export made of many files could not be read (its body file
    /// missing or too large, its name pointing outside the archive): its row fails with this
    /// reason, and the rest of the export is read on.
    pub unreadable: Option<String>,
    /// What the reader left out of `content` on purpose (another platform's subscribe
    /// buttons), named in the row's `by_design` so the loss check does not count it.
    pub dropped: Vec<String>,
    /// The file inside an export made of one file per post (Medium's `posts/….html`) this
    /// item was read from: the report names it after the export's path, so a row leads to
    /// its file rather than to a number in a folder of hundreds.
    pub entry: Option<String>,
}

/// What an item's content is, so each platform's text becomes HTML by its own rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ContentFormat {
    /// WordPress: shortcodes, block delimiters, automatic paragraphs (see [`crate::wp`]).
    #[default]
    WordPress,
    /// HTML as written.
    Html,
    /// Text whose blank lines are paragraphs and line ends breaks (Movable Type's "Convert
    /// Breaks", the same rule as wpautop), with no shortcodes.
    Breaks,
    /// Markdown.
    Markdown,
}

impl Item {
    /// The first value of a postmeta key.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.postmeta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A taxonomy term from the channel header: `category` (with its parent's slug), `post_tag`,
/// or any other taxonomy from `wp:term`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Term {
    pub id: Option<u64>,
    pub taxonomy: String,
    /// Percent-encoded as WordPress stores it.
    pub slug: String,
    pub name: String,
    /// Slug of the parent term (empty at the top level).
    pub parent: String,
}

/// An item's `<category domain="…" nicename="…">Display name</category>`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemTerm {
    pub domain: String,
    pub nicename: String,
    pub name: String,
}

/// A comment. Author email and IP address are deliberately not fields: private data that is
/// never read cannot leak into the output.
#[derive(Debug, Clone, Default)]
pub struct Comment {
    pub id: u64,
    pub author: String,
    pub author_url: String,
    pub date: String,
    pub date_gmt: String,
    pub content: String,
    pub approved: String,
    pub comment_type: String,
    pub parent: u64,
}

/// How much of each item to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadMode {
    /// Everything.
    Full,
    /// Headers only (ids, types, slugs, links, postmeta): content, excerpts and comments are
    /// skipped, for the quick indexing pass — except the content of `wp_block` items (reusable
    /// blocks, inlined where posts use them) and the excerpt of attachments (their caption).
    Index,
}

/// A fatal problem with the export, with where it happened.
#[derive(Debug, Clone, PartialEq)]
pub struct WxrError {
    pub line: u64,
    /// Post id of the item being read when the error happened.
    pub post_id: Option<u64>,
    /// Line where that unfinished item started, if the error happened inside one.
    pub item_line: Option<u64>,
    /// What the reader recovered from before the error.
    pub problems: Vec<Problem>,
    pub message: String,
}

impl fmt::Display for WxrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)?;
        if let Some(id) = self.post_id {
            write!(f, " (in post {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for WxrError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Root,
    Rss,
    Channel,
    Item,
    Author,
    Term,
    Postmeta,
    Comment,
    /// An element whose text we collect (or ignore).
    Leaf,
}

/// quick-xml reports every end-of-input-inside-markup case as a syntax error; for an export
/// that almost always means a truncated download, so say that, naming the open entry
/// (`"an <item>"`, with its line) if there is one.
pub(crate) fn describe_xml_error(e: &quick_xml::Error, open: Option<(&str, u64)>) -> String {
    match (e, open) {
        (quick_xml::Error::Syntax(s), Some((what, line))) => format!(
            "file ends inside {what} that starts at line {line}: the export is truncated ({s})"
        ),
        (quick_xml::Error::Syntax(s), None) => {
            format!("the export is truncated or not XML ({s})")
        }
        _ => format!("malformed XML: {e}"),
    }
}

/// Appends what an XML reference (`&amp;`, `&#233;`) stands for. Undeclared (HTML) entities
/// stay as written, for the HTML parser downstream; DTD entities are never expanded.
pub(crate) fn push_reference(text: &mut String, r: &quick_xml::events::BytesRef<'_>) {
    match r.resolve_char_ref() {
        Ok(Some(c)) => text.push(c),
        _ => match &**r {
            "amp" => text.push('&'),
            "lt" => text.push('<'),
            "gt" => text.push('>'),
            "quot" => text.push('"'),
            "apos" => text.push('\''),
            other => {
                text.push('&');
                text.push_str(other);
                text.push(';');
            }
        },
    }
}

/// Reads a whole export, calling `on_item` for each complete item in document order.
/// `on_item` returns `false` to stop early. Returns the channel data on success.
pub fn read<R: Read>(
    src: R,
    mode: ReadMode,
    mut on_item: impl FnMut(&Channel, Item) -> bool,
) -> Result<Channel, WxrError> {
    let mut reader = Reader::from_reader(Utf8Reader::new(src));
    {
        let cfg = reader.config_mut();
        cfg.allow_dangling_amp = true;
        // End tags are matched by us, so a mismatched one is recovered from, not fatal.
        cfg.check_end_names = false;
        cfg.trim_text(false);
    }
    let mut st = State {
        mode,
        channel: Channel::default(),
        stack: Vec::with_capacity(16),
        names: Vec::with_capacity(16),
        after_cdata: false,
        line: 1,
        leaf: String::new(),
        leaf_attrs: (String::new(), String::new()),
        text: String::new(),
        capture: false,
        item: None,
        author: Author::default(),
        term: Term::default(),
        meta: (String::new(), String::new()),
        comment: Comment::default(),
        saw_root: false,
    };
    let mut buf = Vec::with_capacity(64 * 1024);
    loop {
        let line = reader.get_ref().line();
        st.line = line;
        let event = match reader.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(e) => return Err(st.error(line, st.describe(&e))),
        };
        match event {
            Event::Start(e) => st.start(&e, line)?,
            Event::Empty(e) => {
                st.start(&e, line)?;
                if let Some(item) = st.end(e.name().as_ref())
                    && !on_item(&st.channel, item)
                {
                    return Ok(st.channel);
                }
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_string();
                for item in st.close(&name, line) {
                    if !on_item(&st.channel, item) {
                        return Ok(st.channel);
                    }
                }
            }
            Event::Text(t) => {
                if st.after_cdata && st.capture && t.contains("]]>") {
                    // `<![CDATA[a <![CDATA[b]]> c]]>`: the inner `]]>` ended the section
                    // early; put it back and drop the real terminator from the text.
                    st.problem(line, "nested CDATA section: read as text".into());
                    let cut = t.rfind("]]>").unwrap_or(t.len());
                    st.text.push_str("]]>");
                    st.text.push_str(&t[..cut]);
                    st.text.push_str(&t[(cut + 3).min(t.len())..]);
                } else {
                    st.push_text(&t);
                }
            }
            Event::CData(t) => {
                st.push_text(&t);
                st.after_cdata = true;
                buf.clear();
                continue;
            }
            Event::GeneralRef(r) => {
                if st.capture {
                    push_reference(&mut st.text, &r);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::DocType(_) | Event::Comment(_) => {}
        }
        st.after_cdata = false;
        buf.clear();
    }
    let line = reader.get_ref().line();
    if st.saw_root && st.channel.wxr_version.is_none() {
        st.problem(1, "no <wp:wxr_version>: read as WXR 1.2".into());
    }
    if !st.saw_root {
        return Err(st.error(line, "no XML elements found: not a WordPress export".into()));
    }
    if st.stack.len() > 1 {
        let what = match st.item.as_ref() {
            Some(item) => format!(
                "file ends inside an <item> that starts at line {}: the export is truncated",
                item.line
            ),
            None => "file ends before the closing </rss>: the export is truncated".into(),
        };
        return Err(st.error(line, what));
    }
    Ok(st.channel)
}

struct State {
    mode: ReadMode,
    channel: Channel,
    stack: Vec<Ctx>,
    /// Qualified names of the open elements, parallel to `stack`.
    names: Vec<String>,
    /// The previous event was a CDATA section (to spot a nested `]]>`).
    after_cdata: bool,
    /// Line of the event being handled.
    line: u64,
    leaf: String,
    leaf_attrs: (String, String),
    text: String,
    capture: bool,
    item: Option<Item>,
    author: Author,
    term: Term,
    meta: (String, String),
    comment: Comment,
    saw_root: bool,
}

fn local(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

impl State {
    fn error(&self, line: u64, message: String) -> WxrError {
        WxrError {
            line,
            post_id: self.item.as_ref().and_then(|i| i.post_id),
            item_line: self.item.as_ref().map(|i| i.line),
            problems: self.channel.problems.clone(),
            message,
        }
    }

    fn describe(&self, e: &quick_xml::Error) -> String {
        describe_xml_error(e, self.item.as_ref().map(|i| ("an <item>", i.line)))
    }

    fn top(&self) -> Ctx {
        self.stack.last().copied().unwrap_or(Ctx::Root)
    }

    fn start(&mut self, e: &BytesStart, line: u64) -> Result<(), WxrError> {
        let qname = e.name();
        let name = local(qname.as_ref());
        let ctx = match (self.top(), name) {
            (Ctx::Root, "rss") => Ctx::Rss,
            (Ctx::Root, other) => {
                return Err(self.error(
                    line,
                    format!("not a WordPress export: the root element is <{other}>, not <rss>"),
                ));
            }
            (Ctx::Rss, "channel") => Ctx::Channel,
            (Ctx::Channel, "item") => {
                self.item = Some(Item {
                    line,
                    ..Item::default()
                });
                Ctx::Item
            }
            (Ctx::Channel, "author" | "wp_author") if qname.as_ref().starts_with("wp:") => {
                self.author = Author::default();
                Ctx::Author
            }
            (Ctx::Channel, "category" | "tag" | "term") if qname.as_ref().starts_with("wp:") => {
                self.term = Term {
                    taxonomy: match name {
                        "category" => "category".into(),
                        "tag" => "post_tag".into(),
                        _ => String::new(),
                    },
                    ..Term::default()
                };
                Ctx::Term
            }
            (Ctx::Item, "postmeta") => {
                self.meta = (String::new(), String::new());
                Ctx::Postmeta
            }
            (Ctx::Item, "comment") if qname.as_ref().starts_with("wp:") => {
                self.comment = Comment::default();
                Ctx::Comment
            }
            _ => Ctx::Leaf,
        };
        self.saw_root = true;
        if ctx == Ctx::Leaf {
            self.leaf.clear();
            self.leaf.push_str(qname.as_ref());
            self.text.clear();
            self.capture = self.wants(self.top(), name);
            if self.top() == Ctx::Item && name == "category" {
                let mut domain = String::new();
                let mut nicename = String::new();
                for attr in e.attributes().flatten() {
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_else(|_| attr.value.to_string());
                    match local(attr.key.as_ref()) {
                        "domain" => domain = value,
                        "nicename" => nicename = value,
                        _ => {}
                    }
                }
                self.leaf_attrs = (domain, nicename);
            }
        } else {
            self.capture = false;
        }
        self.stack.push(ctx);
        self.names.push(qname.as_ref().to_string());
        Ok(())
    }

    fn problem(&mut self, line: u64, message: String) {
        let post_id = self.item.as_ref().and_then(|i| i.post_id);
        self.channel.problems.push(Problem {
            line,
            post_id,
            message,
        });
    }

    /// Closes `name` and anything left open inside it; a close tag that matches nothing
    /// open is ignored. Returns the items this finished.
    fn close(&mut self, name: &str, line: u64) -> Vec<Item> {
        let mut items = Vec::new();
        let Some(pos) = self.names.iter().rposition(|n| n == name) else {
            self.problem(line, format!("stray </{name}> ignored"));
            return items;
        };
        while self.names.len() > pos + 1 {
            let inner = self.names.last().cloned().unwrap_or_default();
            self.problem(line, format!("<{inner}> not closed before </{name}>"));
            items.extend(self.end(&inner));
        }
        items.extend(self.end(name));
        items
    }

    /// Whether text of this leaf is worth keeping in the current mode.
    fn wants(&self, parent: Ctx, name: &str) -> bool {
        match parent {
            Ctx::Channel | Ctx::Author | Ctx::Term | Ctx::Postmeta => true,
            Ctx::Comment => self.mode == ReadMode::Full,
            // `encoded` (content and excerpt) is kept in index mode too, because the post type
            // comes after it: `end` then drops it except for the two types the index needs
            // (reusable blocks' content, attachments' captions).
            Ctx::Item => self.mode == ReadMode::Full || name != "description",
            _ => false,
        }
    }

    fn push_text(&mut self, t: &str) {
        if self.capture {
            self.text.push_str(t);
        }
    }

    fn take_text(&mut self) -> String {
        let mut s = std::mem::take(&mut self.text);
        if s.contains('\r') {
            s = s.replace("\r\n", "\n").replace('\r', "\n");
        }
        if s.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        {
            s.retain(|c| !c.is_control() || matches!(c, '\n' | '\t'));
        }
        s
    }

    /// Handles an end tag; returns a finished item.
    fn end(&mut self, qname: &str) -> Option<Item> {
        let ctx = self.stack.pop()?;
        self.names.pop();
        let parent = self.top();
        match ctx {
            Ctx::Leaf => {
                if self.capture {
                    let text = self.take_text();
                    self.leaf_done(parent, qname, text);
                }
                self.capture = false;
                None
            }
            Ctx::Item => {
                let mut item = self.item.take()?;
                if self.mode == ReadMode::Index {
                    if item.post_type != "wp_block" {
                        item.content = String::new();
                    }
                    if item.post_type != "attachment" {
                        item.excerpt = String::new();
                    }
                }
                Some(item)
            }
            Ctx::Author => {
                let author = std::mem::take(&mut self.author);
                if !author.login.is_empty() {
                    self.channel.authors.push(author);
                }
                None
            }
            Ctx::Term => {
                let term = std::mem::take(&mut self.term);
                if !term.slug.is_empty() || !term.name.is_empty() {
                    self.channel.terms.push(term);
                }
                None
            }
            Ctx::Postmeta => {
                let meta = std::mem::take(&mut self.meta);
                if let Some(item) = self.item.as_mut()
                    && !meta.0.is_empty()
                {
                    item.postmeta.push(meta);
                }
                None
            }
            Ctx::Comment => {
                let comment = std::mem::take(&mut self.comment);
                if let Some(item) = self.item.as_mut()
                    && self.mode == ReadMode::Full
                {
                    item.comments.push(comment);
                }
                None
            }
            Ctx::Root | Ctx::Rss | Ctx::Channel => None,
        }
    }

    fn leaf_done(&mut self, parent: Ctx, qname: &str, text: String) {
        let name = local(qname);
        match parent {
            Ctx::Channel => match name {
                "title" if !qname.contains(':') => self.channel.title = text.trim().to_string(),
                "link" if !qname.contains(':') => self.channel.link = text.trim().to_string(),
                "base_site_url" => self.channel.base_site_url = text.trim().to_string(),
                "base_blog_url" => self.channel.base_blog_url = text.trim().to_string(),
                "wxr_version" => {
                    let v = text.trim().to_string();
                    if !matches!(v.as_str(), "1.0" | "1.1" | "1.2") {
                        self.problem(self.line, format!("unknown WXR version '{v}': read as 1.2"));
                    }
                    self.channel.wxr_version = Some(v);
                }
                _ => {}
            },
            Ctx::Author => match name {
                "author_login" => self.author.login = text.trim().to_string(),
                "author_display_name" => self.author.display_name = text.trim().to_string(),
                _ => {}
            },
            Ctx::Term => {
                let t = &mut self.term;
                let v = text.trim().to_string();
                match name {
                    "term_id" => t.id = v.parse().ok(),
                    "term_taxonomy" => t.taxonomy = v,
                    "category_nicename" | "tag_slug" | "term_slug" => t.slug = v,
                    "cat_name" | "tag_name" | "term_name" => t.name = v,
                    "category_parent" | "term_parent" => t.parent = v,
                    _ => {}
                }
            }
            Ctx::Postmeta => match name {
                "meta_key" => self.meta.0 = text.trim().to_string(),
                "meta_value" => self.meta.1 = text,
                _ => {}
            },
            Ctx::Comment => {
                let c = &mut self.comment;
                match name {
                    "comment_id" => c.id = text.trim().parse().unwrap_or(0),
                    "comment_author" => c.author = text.trim().to_string(),
                    "comment_author_url" => c.author_url = text.trim().to_string(),
                    "comment_date" => c.date = text.trim().to_string(),
                    "comment_date_gmt" => c.date_gmt = text.trim().to_string(),
                    "comment_content" => c.content = text,
                    "comment_approved" => c.approved = text.trim().to_string(),
                    "comment_type" => c.comment_type = text.trim().to_string(),
                    "comment_parent" => c.parent = text.trim().parse().unwrap_or(0),
                    _ => {}
                }
            }
            Ctx::Item => {
                let attrs = std::mem::take(&mut self.leaf_attrs);
                let Some(item) = self.item.as_mut() else {
                    return;
                };
                match name {
                    "title" => item.title = text.trim().to_string(),
                    "link" => item.link = text.trim().to_string(),
                    "guid" => item.guid = text.trim().to_string(),
                    "creator" => item.creator = text.trim().to_string(),
                    "encoded" if qname.starts_with("excerpt") => item.excerpt = text,
                    "encoded" => item.content = text,
                    "post_id" => item.post_id = text.trim().parse().ok(),
                    "post_date" => item.post_date = text.trim().to_string(),
                    "post_date_gmt" => item.post_date_gmt = text.trim().to_string(),
                    "post_modified" => item.post_modified = text.trim().to_string(),
                    "post_modified_gmt" => item.post_modified_gmt = text.trim().to_string(),
                    "post_name" => item.post_name = text.trim().to_string(),
                    "status" => item.status = text.trim().to_string(),
                    "post_parent" => item.post_parent = text.trim().parse().unwrap_or(0),
                    "menu_order" => item.menu_order = text.trim().parse().unwrap_or(0),
                    "post_type" => item.post_type = text.trim().to_string(),
                    "post_password" => item.has_password = !text.trim().is_empty(),
                    "attachment_url" => item.attachment_url = text.trim().to_string(),
                    "category" => item.terms.push(ItemTerm {
                        domain: attrs.0,
                        nicename: attrs.1,
                        name: text.trim().to_string(),
                    }),
                    _ => {}
                }
            }
            Ctx::Root | Ctx::Rss | Ctx::Leaf => {}
        }
    }
}
