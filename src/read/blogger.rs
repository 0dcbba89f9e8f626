//! Blogger's exports → the same [`Item`]s a WordPress export gives, so one pipeline converts
//! both.
//!
//! Blogger writes two formats, both Atom (`<feed>` of `<entry>`s, HTML in `<content
//! type='html'>`, labels as `<category term='Label'>`, times as RFC 3339 with the blog's
//! offset or in UTC):
//!
//! - The **backup** (Settings → Back up content, `blog-MM-DD-YYYY.xml`; feed id
//!   `tag:blogger.com,1999:blog-N.archive`). Each entry says what it is with `<category
//!   scheme='http://schemas.google.com/g/2005#kind' term='…/blogger/2008/kind#post'>` (or
//!   `#page`, `#comment`, `#settings`, `#template`). In the files seen: the template first,
//!   then one entry per setting (`…settings.BLOG_CONVERT_LINE_BREAKS` and 50-odd more), then
//!   posts and pages, then every comment. A draft has `<app:control><app:draft>yes`; a
//!   published post's `<link rel='alternate'>` is its permalink
//!   (`http://x.blogspot.com/2011/05/slug.html`, pages `/p/slug.html`). A comment names its
//!   post in `<thr:in-reply-to ref='tag:…post-ID' href='permalink'>` and, when it answers
//!   another comment, that comment in `<link rel='related' href='…/comments/default/ID'>`; a
//!   comment deleted by its author keeps an entry with `<gd:extendedProperty
//!   name='blogger.contentRemoved' value='true'>`. Authors carry `<email>`: the owner's real
//!   address on posts, `noreply@blogger.com` on others; it is never read.
//! - **Google Takeout** (`Takeout/Blogger/Blogs/<blog>/feed.atom`, namespace
//!   `http://schemas.google.com/blogger/2018`; pretty-printed, one element a line). No
//!   settings, template, links or kind categories: `<blogger:type>` is `POST`, `PAGE` or
//!   `COMMENT`, `<blogger:status>` `LIVE`, `DRAFT`, `SOFT_TRASHED` (in the bin) or
//!   `SCHEDULED`, and `<blogger:trashed>` holds when an entry went to the bin (empty
//!   otherwise); `<blogger:filename>` is the permalink's path (`/2019/03/slug.html`),
//!   `<blogger:created>` when the entry was begun, `<category term='Label'>` (scheme the
//!   blog's tag, or none) a label; times are UTC. A comment names its post in
//!   `<blogger:parent>` and the comment it answers in `<blogger:inReplyTo>` (both full ids),
//!   has no title, and an anonymous one has an empty `<name>` with `<blogger:type>ANONYMOUS`
//!   in its `<author>`. Comments are not all after the posts: a real export seen starts with
//!   one. Newer exports also repeat the comments in `Takeout/Blogger/Comments/<blog>/feed.atom`.
//!   `<blogger:metaDescription>` is the search description, `<blogger:location>` a place
//!   (not kept).
//!
//! A blog's public feed (`/feeds/posts/default`, kept by some as their only copy) has the
//! backup's entry shape without the kind categories, and reads the same way.
//!
//! A comment may come before or after its post (the backup lists every comment after the
//! posts, Takeout mixes them), so a read scans the file twice: first for which posts there
//! are and, to convert them, their comments (only what a [`Comment`] holds; no emails), then
//! for the items, each post given its own comments. Everything else is streamed: memory
//! holds one entry, the post ids and the comments.

use super::Source;
use super::decode::Utf8Reader;
use super::wxr::{Channel, Comment, ContentFormat, Item, ItemTerm, Problem, ReadMode, WxrError};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Read};

/// Whether the first bytes of an input are a Blogger Atom document: a `<feed>` root that
/// names Blogger (its ids, schemas, namespace or generator).
pub fn looks_like_blogger(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    root_is_feed(&text)
        && [
            "tag:blogger.com,1999:blog-",
            "schemas.google.com/blogger/",
            "www.blogger.com/atom/ns#",
            "www.blogger.com/feeds/",
            "<blogger:",
        ]
        .iter()
        .any(|m| text.contains(m))
}

/// Whether the first bytes are a backup or a Takeout export rather than a blog's public
/// feed, which saved sites also hold (and which are evidence, not exports).
pub fn is_backup(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    root_is_feed(&text)
        && (text.contains(".archive</id>") || text.contains("schemas.google.com/blogger/2018"))
}

/// Whether the first element (past declarations, comments and a BOM) is `<feed>`, in any
/// namespace prefix.
fn root_is_feed(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        let skip_to = if rest.starts_with("<?") {
            "?>"
        } else if rest.starts_with("<!--") {
            "-->"
        } else if rest.starts_with("<!") {
            ">"
        } else {
            break;
        };
        match rest.find(skip_to) {
            Some(i) => rest = &rest[i + skip_to.len()..],
            None => return false,
        }
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return false;
    };
    let name = tag
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .next()
        .unwrap_or("");
    name.rsplit(':').next() == Some("feed")
}

/// Reads a Blogger export, calling `on_item` with each post, page and entry that is not
/// content (settings, the template, comments whose post is not in the file), in document
/// order (stop early by returning false). In [`ReadMode::Full`] each post carries its
/// comments, found by a first scan of the file.
pub fn read_source(
    source: &Source,
    mode: ReadMode,
    on_item: impl FnMut(&Channel, Item) -> bool,
) -> Result<Channel, WxrError> {
    let cannot = |e: std::io::Error| WxrError {
        line: 0,
        post_id: None,
        item_line: None,
        problems: Vec::new(),
        message: format!("cannot read: {e}"),
    };
    let open = || {
        source
            .open()
            .map(|s| BufReader::with_capacity(64 << 10, s))
            .map_err(cannot)
    };
    read_twice(open, mode, on_item)
}

/// [`read_source`] for an export held in memory.
pub fn read(
    bytes: &[u8],
    mode: ReadMode,
    on_item: impl FnMut(&Channel, Item) -> bool,
) -> Result<Channel, WxrError> {
    read_twice(|| Ok(bytes), mode, on_item)
}

/// A first scan finds which posts the export holds (and, to convert them, their comments,
/// which may come before or after them), then the reading proper gives out the items.
fn read_twice<R: Read>(
    mut open: impl FnMut() -> Result<R, WxrError>,
    mode: ReadMode,
    on_item: impl FnMut(&Channel, Item) -> bool,
) -> Result<Channel, WxrError> {
    let mut comments = Comments::default();
    let (want, keep) = match mode {
        ReadMode::Full => (Want::Comments, true),
        ReadMode::Index => (Want::Ids, false),
    };
    // Errors are met again, and reported, by the reading proper.
    let _ = walk(open()?, want, None, |channel, entry| {
        comments.take(entry, keep, channel.link.is_empty());
        true
    });
    comments.settle();
    read_with(open()?, mode, comments, on_item)
}

fn read_with<R: Read>(
    src: R,
    mode: ReadMode,
    mut comments: Comments,
    mut on_item: impl FnMut(&Channel, Item) -> bool,
) -> Result<Channel, WxrError> {
    let want = if mode == ReadMode::Full {
        Want::Everything
    } else {
        Want::Headers
    };
    let mut convert_breaks = None;
    let site = comments.site();
    walk(src, want, site, |channel, entry| {
        if entry.kind() == Kind::Settings
            && entry.id.ends_with(".settings.BLOG_CONVERT_LINE_BREAKS")
        {
            convert_breaks = Some(entry.content.trim() == "true");
        }
        let item = match entry.kind() {
            Kind::Post | Kind::Page => {
                let mut item = entry.into_item(mode, convert_breaks);
                if let Some(id) = item.post_id {
                    item.comments = comments.remove(id);
                }
                item
            }
            Kind::Comment if entry.post_id().is_some_and(|id| comments.has_post(id)) => {
                return true;
            }
            _ => entry.into_other(comments.posts.is_empty()),
        };
        on_item(channel, item)
    })
}

/// What a pass over the file keeps of each entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// Everything an item needs.
    Everything,
    /// Everything but post text ([`ReadMode::Index`]).
    Headers,
    /// Comments only (the text of other entries is not kept).
    Comments,
    /// Which entries there are: no text at all.
    Ids,
}

/// What an entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Post,
    Page,
    Comment,
    Settings,
    Template,
    /// A kind this reader does not know, by its name.
    Other(String),
}

/// One `<entry>` as the file gives it.
#[derive(Debug, Default)]
struct Entry {
    line: u64,
    id: String,
    /// From the kind category (the backup) or `blogger:type` (Takeout).
    kind: Option<String>,
    title: String,
    title_is_html: bool,
    content: String,
    summary: String,
    published: String,
    updated: String,
    created: String,
    labels: Vec<String>,
    alternate: String,
    /// `rel='related'`: the comment a reply answers.
    related: String,
    author: String,
    author_uri: String,
    /// Takeout's kind of author: `BLOGGER` (an account) or `ANONYMOUS`.
    author_type: String,
    /// Takeout's `blogger:trashed`: when the entry went to the bin (empty when it did not).
    trashed: String,
    draft: bool,
    status: String,
    filename: String,
    /// The post a comment is on (`thr:in-reply-to ref` or `blogger:parent`).
    parent: String,
    /// Takeout's `blogger:inReplyTo`: the comment a reply answers.
    reply_to: String,
    description: String,
    removed: bool,
}

impl Entry {
    fn kind(&self) -> Kind {
        match self.kind.as_deref() {
            Some("post") => Kind::Post,
            Some("page") => Kind::Page,
            Some("comment") => Kind::Comment,
            Some("settings") => Kind::Settings,
            Some("template") => Kind::Template,
            Some(other) => Kind::Other(other.to_string()),
            // A public feed has no kinds: its comments answer something, its posts do not.
            None if !self.parent.is_empty() => Kind::Comment,
            None => Kind::Post,
        }
    }

    /// The id of the post a comment is on.
    fn post_id(&self) -> Option<u64> {
        trailing_number(&self.parent)
    }

    /// The old public URL: the backup's permalink, or Takeout's path of it.
    fn permalink(&self) -> &str {
        if self.alternate.is_empty() {
            &self.filename
        } else {
            &self.alternate
        }
    }

    /// `convert_breaks`: the blog's `BLOG_CONVERT_LINE_BREAKS` setting, where the export says.
    fn into_item(self, mode: ReadMode, convert_breaks: Option<bool>) -> Item {
        let kind = self.kind();
        let mut item = self.common();
        item.post_type = if kind == Kind::Page { "page" } else { "post" }.into();
        item.status = match self.status.as_str() {
            _ if !self.trashed.trim().is_empty() => "trash".into(),
            "" if self.draft => "draft".into(),
            "" | "LIVE" => "publish".into(),
            "DRAFT" => "draft".into(),
            "SOFT_TRASHED" => "trash".into(),
            "SCHEDULED" => "future".into(),
            other => other.to_ascii_lowercase(),
        };
        item.link = self.permalink().trim().to_string();
        item.post_name = slug_of(&item.link);
        item.post_modified = local_time(&self.updated).unwrap_or_default();
        item.post_modified_gmt = utc_time(&self.updated).unwrap_or_default();
        for label in self.labels {
            let name = escape(label.trim());
            if !name.is_empty() && !item.terms.iter().any(|t| t.name == name) {
                item.terms.push(ItemTerm {
                    domain: "post_tag".into(),
                    nicename: crate::slug::slugify(label.trim(), false),
                    name,
                });
            }
        }
        let mut content = self.content;
        if content.trim().is_empty() && !self.summary.trim().is_empty() {
            content = self.summary;
            item.notes
                .push("the feed holds only a summary of this post: written from it".into());
        }
        // Line ends are breaks where the blog converted them. Where the export does not say
        // (Takeout, a feed), text written without any block markup but with blank lines
        // between paragraphs (pasted in, as real Takeout posts show) is read as text.
        item.format = match convert_breaks {
            Some(true) if content.contains('\n') => ContentFormat::Breaks,
            None if content.contains("\n\n") && !has_block_markup(&content) => {
                ContentFormat::Breaks
            }
            _ => ContentFormat::Html,
        };
        if mode == ReadMode::Full {
            item.content = jump_breaks(&content);
            item.excerpt = escape(self.description.trim());
        }
        item
    }

    /// An entry that is not content, for its row in the report. `no_posts`: the export has
    /// none, as Takeout's copy of a blog's comments (`Blogger/Comments/<blog>/feed.atom`).
    fn into_other(self, no_posts: bool) -> Item {
        let kind = self.kind();
        let (post_type, why) = match &kind {
            Kind::Settings => ("settings".to_string(), "Blogger settings".to_string()),
            Kind::Template => ("template".to_string(), "Blogger template".to_string()),
            Kind::Comment if no_posts => (
                "comment".to_string(),
                "a comment in an export of comments only (Takeout's Blogger/Comments copy; the \
                 blog's own feed.atom has them with their posts)"
                    .to_string(),
            ),
            Kind::Comment => (
                "comment".to_string(),
                "a comment on a post that is not in this export".to_string(),
            ),
            Kind::Other(k) => (k.clone(), format!("a Blogger entry of kind '{k}'")),
            Kind::Post | Kind::Page => (String::new(), String::new()),
        };
        let mut item = self.common();
        item.post_type = post_type;
        item.status = "publish".into();
        item.not_a_post = Some(why);
        item
    }

    /// What every row shows: where, which, what, when, by whom.
    fn common(&self) -> Item {
        let date = if self.published.is_empty() {
            &self.created
        } else {
            &self.published
        };
        Item {
            line: self.line,
            guid: self.id.trim().to_string(),
            post_id: trailing_number(&self.id),
            title: if self.title_is_html {
                self.title.trim().to_string()
            } else {
                escape(self.title.trim())
            },
            creator: self.author.trim().to_string(),
            post_date: local_time(date).unwrap_or_default(),
            post_date_gmt: utc_time(date).unwrap_or_default(),
            ..Item::default()
        }
    }

    fn into_comment(self) -> Option<(u64, Comment)> {
        let post = self.post_id()?;
        let parent = if self.reply_to.is_empty() {
            &self.related
        } else {
            &self.reply_to
        };
        let approved = match self.status.as_str() {
            _ if self.removed => "0".to_string(),
            _ if !self.trashed.trim().is_empty() => "trash".to_string(),
            "" | "LIVE" => "1".to_string(),
            other => other.to_ascii_lowercase(),
        };
        Some((
            post,
            Comment {
                id: trailing_number(&self.id).unwrap_or(0),
                // What Blogger shows for a comment without a name.
                author: match self.author.trim() {
                    "" if self.author_type == "ANONYMOUS" => "Anonymous".to_string(),
                    name => escape(name),
                },
                author_url: self.author_uri.trim().to_string(),
                date: local_time(&self.published).unwrap_or_default(),
                date_gmt: utc_time(&self.published).unwrap_or_default(),
                content: self.content.trim().to_string(),
                approved,
                comment_type: String::new(),
                parent: trailing_number(parent).unwrap_or(0),
            },
        ))
    }
}

/// The posts of the export and their comments, from the first scan. A comment is written
/// with its post wherever in the file either is (Takeout lists some comments first); one
/// whose post is not in the file is a row of its own.
#[derive(Default)]
struct Comments {
    posts: HashSet<u64>,
    by_post: HashMap<u64, Vec<Comment>>,
    /// Takeout's permalink paths, and the absolute links of its posts to pages of that shape
    /// (host, path): the host whose links name the export's own posts is the blog's.
    paths: HashSet<String>,
    links: HashSet<(String, String)>,
    site: Option<String>,
}

/// Enough links to tell a blog's host, whatever the export's size.
const MAX_LINKS: usize = 10_000;

impl Comments {
    fn take(&mut self, entry: Entry, keep: bool, no_site: bool) {
        match entry.kind() {
            Kind::Post | Kind::Page => {
                if let Some(id) = trailing_number(&entry.id) {
                    self.posts.insert(id);
                }
                if no_site {
                    if !entry.filename.is_empty() {
                        self.paths.insert(entry.filename.trim().to_string());
                    }
                    for link in permalinks_in(&entry.content) {
                        if self.links.len() >= MAX_LINKS {
                            break;
                        }
                        self.links.insert(link);
                    }
                }
            }
            Kind::Comment if keep => {
                if let Some((post, c)) = entry.into_comment() {
                    self.by_post.entry(post).or_default().push(c);
                }
            }
            _ => {}
        }
    }

    /// Drops the comments of posts not in the file and puts the rest oldest first, as a
    /// thread reads (the backup lists the newest first).
    fn settle(&mut self) {
        let posts = &self.posts;
        self.by_post.retain(|post, _| posts.contains(post));
        let mut hosts: HashMap<&str, usize> = HashMap::new();
        for (host, path) in &self.links {
            if self.paths.contains(path) {
                *hosts.entry(host).or_default() += 1;
            }
        }
        self.site = hosts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(host, _)| format!("https://{host}/"));
        self.paths = HashSet::new();
        self.links = HashSet::new();
        for list in self.by_post.values_mut() {
            list.sort_by(|a, b| (&a.date_gmt, a.id).cmp(&(&b.date_gmt, b.id)));
        }
    }

    /// The blog's address, when the export does not say it but its posts' links do.
    fn site(&self) -> Option<String> {
        self.site.clone()
    }

    fn has_post(&self, post: u64) -> bool {
        self.posts.contains(&post)
    }

    fn remove(&mut self, post: u64) -> Vec<Comment> {
        self.by_post.remove(&post).unwrap_or_default()
    }
}

/// Where in the document an open element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Feed,
    Entry,
    Author,
    /// `app:control`, which holds `app:draft`.
    Control,
    /// An element whose text is collected.
    Field(Field),
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    FeedTitle,
    Id,
    Title,
    Content,
    Summary,
    Published,
    Updated,
    Created,
    AuthorName,
    AuthorUri,
    AuthorType,
    Trashed,
    Draft,
    Type,
    Status,
    Filename,
    Parent,
    ReplyTo,
    Description,
}

/// Walks the document, calling `on_entry` with each complete entry in order (stop early by
/// returning false), and returns the feed's own data.
fn walk<R: Read>(
    src: R,
    want: Want,
    site: Option<String>,
    mut on_entry: impl FnMut(&Channel, Entry) -> bool,
) -> Result<Channel, WxrError> {
    let mut reader = Reader::from_reader(Utf8Reader::new(src));
    {
        let cfg = reader.config_mut();
        cfg.allow_dangling_amp = true;
        // End tags are matched here, so a mismatched one is recovered from, not fatal.
        cfg.check_end_names = false;
        cfg.trim_text(false);
    }
    let mut w = Walker {
        want,
        channel: Channel {
            link: site.unwrap_or_default(),
            ..Channel::default()
        },
        stack: Vec::new(),
        entry: None,
        text: String::new(),
        capture: false,
        saw_root: false,
    };
    let mut buf = Vec::with_capacity(64 * 1024);
    loop {
        let line = reader.get_ref().line();
        let event = match reader.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(e) => return Err(w.error(line, w.describe(&e))),
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) if local(e.name().as_ref()) == "entry" => {
                // An entry left open ends where the next one starts.
                if let Some(entry) = w.end_open_entry(line)
                    && !on_entry(&w.channel, entry)
                {
                    return Ok(w.channel);
                }
                w.start(e, line)?;
                if matches!(event, Event::Empty(_))
                    && let Some(entry) = w.end(line)
                    && !on_entry(&w.channel, entry)
                {
                    return Ok(w.channel);
                }
            }
            Event::Start(e) => w.start(&e, line)?,
            Event::Empty(e) => {
                w.start(&e, line)?;
                if let Some(entry) = w.end(line)
                    && !on_entry(&w.channel, entry)
                {
                    return Ok(w.channel);
                }
            }
            Event::End(e) => {
                let name = local(e.name().as_ref()).to_string();
                for entry in w.close(&name, line) {
                    if !on_entry(&w.channel, entry) {
                        return Ok(w.channel);
                    }
                }
            }
            Event::Text(t) => w.push(&t),
            Event::CData(t) => w.push(&t),
            Event::GeneralRef(r) => {
                if w.capture {
                    super::wxr::push_reference(&mut w.text, &r);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::DocType(_) | Event::Comment(_) => {}
        }
        buf.clear();
    }
    let line = reader.get_ref().line();
    if !w.saw_root {
        return Err(w.error(line, "no XML elements found: not a Blogger export".into()));
    }
    if let Some(entry) = &w.entry {
        let message = format!(
            "file ends inside the <entry> that starts at line {}: the export is truncated",
            entry.line
        );
        return Err(w.error(line, message));
    }
    if !w.stack.is_empty() {
        return Err(w.error(
            line,
            "file ends before the closing </feed>: the export is truncated".into(),
        ));
    }
    Ok(w.channel)
}

struct Walker {
    want: Want,
    channel: Channel,
    /// Local names and roles of the open elements.
    stack: Vec<(String, Role)>,
    entry: Option<Entry>,
    text: String,
    capture: bool,
    saw_root: bool,
}

fn local(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

impl Walker {
    fn error(&self, line: u64, message: String) -> WxrError {
        WxrError {
            line,
            post_id: self.entry.as_ref().and_then(|e| trailing_number(&e.id)),
            item_line: self.entry.as_ref().map(|e| e.line),
            problems: self.channel.problems.clone(),
            message,
        }
    }

    fn describe(&self, e: &quick_xml::Error) -> String {
        super::wxr::describe_xml_error(e, self.entry.as_ref().map(|e| ("the <entry>", e.line)))
    }

    fn problem(&mut self, line: u64, message: String) {
        let post_id = self.entry.as_ref().and_then(|e| trailing_number(&e.id));
        self.channel.problems.push(Problem {
            line,
            post_id,
            message,
        });
    }

    fn parent(&self) -> Option<Role> {
        self.stack.last().map(|(_, r)| *r)
    }

    fn start(&mut self, e: &BytesStart, line: u64) -> Result<(), WxrError> {
        let qname = e.name();
        let name = local(qname.as_ref());
        let role = match (self.parent(), name) {
            (None, "feed") => Role::Feed,
            (None, other) => {
                return Err(self.error(
                    line,
                    format!("not a Blogger export: the root element is <{other}>, not <feed>"),
                ));
            }
            (Some(Role::Feed), "entry") => {
                self.entry = Some(Entry {
                    line,
                    ..Entry::default()
                });
                Role::Entry
            }
            (Some(Role::Feed), "title") => Role::Field(Field::FeedTitle),
            (Some(Role::Feed), "link") => {
                let a = attrs(e);
                if a.get("rel") == "alternate" && self.channel.link.is_empty() {
                    self.channel.link = a.get("href").trim().to_string();
                }
                Role::Other
            }
            (Some(Role::Entry), _) => self.entry_child(e, name),
            (Some(Role::Author), "name") => Role::Field(Field::AuthorName),
            (Some(Role::Author), "uri") => Role::Field(Field::AuthorUri),
            (Some(Role::Author), "type") => Role::Field(Field::AuthorType),
            (Some(Role::Control), "draft") => Role::Field(Field::Draft),
            _ => Role::Other,
        };
        self.saw_root = true;
        if let Role::Field(f) = role {
            self.text.clear();
            self.capture = self.wants(f);
        } else if !self.capture || matches!(role, Role::Entry | Role::Feed) {
            self.capture = false;
        }
        self.stack.push((name.to_string(), role));
        Ok(())
    }

    /// An element directly inside an entry: fields to collect, or attributes to read now.
    /// Names are matched without their prefix: converters write Atom as `ns0:entry`, and
    /// Takeout's `blogger:` names are not Atom's.
    fn entry_child(&mut self, e: &BytesStart, name: &str) -> Role {
        let Some(entry) = self.entry.as_mut() else {
            return Role::Other;
        };
        match name {
            "id" => Role::Field(Field::Id),
            "title" => {
                entry.title_is_html = attrs(e).get("type") == "html";
                Role::Field(Field::Title)
            }
            "content" => Role::Field(Field::Content),
            "summary" => Role::Field(Field::Summary),
            "published" => Role::Field(Field::Published),
            "updated" => Role::Field(Field::Updated),
            "author" => Role::Author,
            "control" => Role::Control,
            "category" => {
                let a = attrs(e);
                let (scheme, term) = (a.get("scheme"), a.get("term"));
                if scheme.ends_with("/g/2005#kind") {
                    if let Some(kind) = term
                        .rsplit("kind#")
                        .next()
                        .filter(|_| term.contains("kind#"))
                    {
                        entry.kind = Some(kind.to_string());
                    }
                } else if !term.trim().is_empty() {
                    entry.labels.push(term.to_string());
                }
                Role::Other
            }
            "link" => {
                let a = attrs(e);
                match a.get("rel") {
                    "alternate" if entry.alternate.is_empty() => {
                        entry.alternate = a.get("href").to_string()
                    }
                    "related" => entry.related = a.get("href").to_string(),
                    _ => {}
                }
                Role::Other
            }
            "in-reply-to" => {
                entry.parent = attrs(e).get("ref").to_string();
                Role::Other
            }
            "extendedProperty" => {
                let a = attrs(e);
                if a.get("name") == "blogger.contentRemoved" && a.get("value") == "true" {
                    entry.removed = true;
                }
                Role::Other
            }
            "type" => Role::Field(Field::Type),
            "status" => Role::Field(Field::Status),
            "filename" => Role::Field(Field::Filename),
            "created" => Role::Field(Field::Created),
            "parent" => Role::Field(Field::Parent),
            "inReplyTo" => Role::Field(Field::ReplyTo),
            "metaDescription" => Role::Field(Field::Description),
            "trashed" => Role::Field(Field::Trashed),
            _ => Role::Other,
        }
    }

    /// Whether the text of `field` is kept in this pass: post text only when posts are
    /// converted, other entries' text not at all in the comment scan.
    fn wants(&self, field: Field) -> bool {
        match field {
            Field::Content | Field::Summary | Field::Description => {
                let kind = self.entry.as_ref().and_then(|e| e.kind.as_deref());
                match self.want {
                    Want::Everything => true,
                    // A setting's text decides how posts read (line breaks).
                    Want::Headers => kind == Some("settings"),
                    // Takeout names no site: the links of its posts to each other show it.
                    Want::Comments | Want::Ids
                        if field == Field::Content
                            && self.channel.link.is_empty()
                            && matches!(kind, Some("post" | "page")) =>
                    {
                        true
                    }
                    Want::Comments => matches!(kind, None | Some("comment")),
                    Want::Ids => false,
                }
            }
            _ => true,
        }
    }

    fn push(&mut self, t: &str) {
        if self.capture {
            self.text.push_str(t);
        }
    }

    /// Closes `name` and anything left open inside it; a close tag that matches nothing
    /// open is ignored. Returns the entries this finished.
    fn close(&mut self, name: &str, line: u64) -> Vec<Entry> {
        let mut done = Vec::new();
        let Some(pos) = self.stack.iter().rposition(|(n, _)| n == name) else {
            self.problem(line, format!("stray </{name}> ignored"));
            return done;
        };
        let unclosed = self.stack.len() - pos - 1;
        if unclosed > 0 {
            let inner = &self.stack[pos + 1].0;
            let message = match unclosed {
                1 => format!("<{inner}> not closed before </{name}>"),
                n => format!("<{inner}> and {} more not closed before </{name}>", n - 1),
            };
            self.problem(line, message);
        }
        while self.stack.len() > pos {
            done.extend(self.end(line));
        }
        done
    }

    /// Closes an entry still open (and what is open inside it), saying so.
    fn end_open_entry(&mut self, line: u64) -> Option<Entry> {
        let pos = self.stack.iter().rposition(|(_, r)| *r == Role::Entry)?;
        let start = self.entry.as_ref().map_or(0, |e| e.line);
        self.problem(
            line,
            format!("the <entry> at line {start} is not closed before the next one"),
        );
        let mut done = None;
        while self.stack.len() > pos {
            if let Some(entry) = self.end(line) {
                done = Some(entry);
            }
        }
        done
    }

    /// Ends the innermost open element; returns the entry it finished.
    fn end(&mut self, line: u64) -> Option<Entry> {
        let (_, role) = self.stack.pop()?;
        match role {
            Role::Field(field) => {
                if self.capture {
                    let text = self.take_text();
                    self.field_done(field, text, line);
                }
                self.capture = false;
                None
            }
            Role::Entry => {
                self.capture = false;
                self.entry.take()
            }
            Role::Feed | Role::Author | Role::Control | Role::Other => None,
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

    fn field_done(&mut self, field: Field, text: String, line: u64) {
        if field == Field::FeedTitle {
            self.channel.title = text.trim().to_string();
            return;
        }
        let Some(e) = self.entry.as_mut() else {
            return;
        };
        match field {
            Field::FeedTitle => {}
            Field::Id => e.id = text.trim().to_string(),
            Field::Title => e.title = text,
            Field::Content => e.content = text,
            Field::Summary => e.summary = text,
            Field::Published => e.published = text.trim().to_string(),
            Field::Updated => e.updated = text.trim().to_string(),
            Field::Created => e.created = text.trim().to_string(),
            Field::AuthorName => e.author = text,
            Field::AuthorUri => e.author_uri = text,
            Field::AuthorType => e.author_type = text.trim().to_ascii_uppercase(),
            Field::Trashed => e.trashed = text,
            Field::Draft => e.draft = text.trim().eq_ignore_ascii_case("yes"),
            Field::Type => e.kind = Some(text.trim().to_ascii_lowercase()),
            Field::Status => e.status = text.trim().to_ascii_uppercase(),
            Field::Filename => e.filename = text.trim().to_string(),
            Field::Parent => e.parent = text.trim().to_string(),
            Field::ReplyTo => e.reply_to = text.trim().to_string(),
            Field::Description => e.description = text,
        }
        if matches!(field, Field::Published | Field::Updated | Field::Created) {
            let value = match field {
                Field::Published => &e.published,
                Field::Updated => &e.updated,
                _ => &e.created,
            };
            if !value.is_empty() && utc_time(value).is_none() {
                let message = format!("unreadable time '{value}'");
                self.problem(line, message);
            }
        }
    }
}

/// An element's attributes by local name, values unescaped.
struct Attrs(Vec<(String, String)>);

impl Attrs {
    fn get(&self, key: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

fn attrs(e: &BytesStart) -> Attrs {
    Attrs(
        e.attributes()
            .flatten()
            .map(|a| {
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| a.value.to_string());
                (local(a.key.as_ref()).to_string(), value)
            })
            .collect(),
    )
}

/// The number that ends an id (`tag:blogger.com,1999:blog-1.post-42` → 42, a comment feed's
/// `…/comments/default/42` → 42).
fn trailing_number(s: &str) -> Option<u64> {
    let s = s.trim().trim_end_matches('/');
    let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    s.get(s.len() - digits..)?.parse().ok()
}

/// The slug a permalink gives: its last segment without `.html`. Blogger names a post
/// whose title has no Latin letters `blog-post.html`, `blog-post_14.html`: no slug at all,
/// so such a post takes its slug from its title like a post without a permalink.
fn slug_of(link: &str) -> String {
    let path = link.split(['?', '#']).next().unwrap_or("");
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let slug = last.strip_suffix(".html").unwrap_or(last);
    let placeholder = slug == "blog-post"
        || slug
            .strip_prefix("blog-post_")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if path.contains('/') && !placeholder {
        slug.to_string()
    } else {
        String::new()
    }
}

/// Absolute links in post HTML to pages shaped like Blogger's permalinks (`/2019/03/x.html`,
/// `/p/about.html`), as (host, path).
fn permalinks_in(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in html.split("href=").skip(1) {
        let Some(quote) = part.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let url = part[1..].split(quote).next().unwrap_or("");
        let Some((_, rest)) = url.split_once("://") else {
            continue;
        };
        let rest = rest.split(['?', '#']).next().unwrap_or("");
        let Some((host, path)) = rest.split_once('/') else {
            continue;
        };
        if path.ends_with(".html") && !host.is_empty() {
            out.push((host.to_ascii_lowercase(), format!("/{path}")));
        }
    }
    out
}

/// Whether HTML has paragraphs, breaks or other block elements of its own.
fn has_block_markup(html: &str) -> bool {
    const BLOCKS: &[&str] = &[
        "p",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "table",
        "pre",
        "blockquote",
        "section",
        "article",
        "hr",
        "figure",
    ];
    let lower = html.to_ascii_lowercase();
    lower.split('<').skip(1).any(|tag| {
        let name = tag
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap_or("");
        BLOCKS.contains(&name)
    })
}

/// Text made safe to read as HTML, as titles and names are read downstream.
fn escape(s: &str) -> String {
    if !s.contains(['&', '<', '>']) {
        return s.to_string();
    }
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Blogger's jump break (`<a name="more"></a>`, which the editor writes) as the summary
/// divider every other export uses.
fn jump_breaks(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    let mut from = 0;
    while let Some(i) = lower[from..].find("<a").map(|i| i + from) {
        from = i + 2;
        let Some(len) = more_anchor_len(&lower[i..]) else {
            continue;
        };
        out.push_str(&html[last..i]);
        out.push_str("<!--more-->");
        last = i + len;
        from = last;
    }
    out.push_str(&html[last..]);
    out
}

/// The length of `<a name="more"></a>` (any quotes, spaces and case) at the start of `s`.
fn more_anchor_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("<a")?;
    let tag_end = rest.find('>')?;
    let attrs = rest[..tag_end].trim().trim_end_matches('/').trim();
    let value = attrs
        .strip_prefix("name")?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    if value.trim_matches(['"', '\'']) != "more" {
        return None;
    }
    let after = &rest[tag_end + 1..];
    let close = after.trim_start();
    let skipped = after.len() - close.len();
    let close_len = if close.starts_with("</a>") { 4 } else { 0 };
    Some(
        2 + tag_end
            + 1
            + if close_len > 0 {
                skipped + close_len
            } else {
                0
            },
    )
}

/// An RFC 3339 time's wall-clock reading, `YYYY-MM-DD HH:MM:SS`, as WordPress's `post_date`.
fn local_time(s: &str) -> Option<String> {
    Some(super::dates::wp_local(&super::dates::parse_iso(s)?))
}

/// The same instant in UTC, as WordPress's `post_date_gmt`; `None` without an offset.
fn utc_time(s: &str) -> Option<String> {
    let dt = super::dates::parse_iso(s)?;
    dt.offset_minutes?;
    super::dates::wp_utc(&dt)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom' \
        xmlns:thr='http://purl.org/syndication/thread/1.0'><id>tag:blogger.com,1999:blog-1.archive</id>\
        <title type='text'>T</title><link rel='alternate' type='text/html' href='http://t.blogspot.com/'/>";
    const KIND: &str = "<category scheme='http://schemas.google.com/g/2005#kind' \
        term='http://schemas.google.com/blogger/2008/kind#";

    fn entry(id: u64, kind: &str, inner: &str) -> String {
        format!(
            "<entry><id>tag:blogger.com,1999:blog-1.post-{id}</id>\
             <published>2011-01-02T03:04:05.000-08:00</published>{KIND}{kind}'/>{inner}</entry>\n"
        )
    }

    fn comment(id: u64, post: u64, extra: &str) -> String {
        entry(
            id,
            "comment",
            &format!(
                "<content type='html'>c{id}</content><author><name>N{id}</name>\
                 <email>n{id}@example.com</email></author><thr:in-reply-to \
                 ref='tag:blogger.com,1999:blog-1.post-{post}'/>{extra}"
            ),
        )
    }

    fn items(doc: &str, mode: ReadMode) -> (Vec<Item>, Channel) {
        let source = Source::Bytes {
            name: "t.xml".into(),
            data: std::sync::Arc::new(doc.as_bytes().to_vec()),
        };
        let mut out = Vec::new();
        let channel = read_source(&source, mode, |_, i| {
            out.push(i);
            true
        })
        .expect("readable");
        (out, channel)
    }

    #[test]
    fn sniffs_blogger_atom_by_content() {
        assert!(looks_like_blogger(HEAD.as_bytes()));
        assert!(is_backup(HEAD.as_bytes()));
        let takeout = "\u{feff}<?xml version='1.0'?>\n<!-- x -->\n<feed xmlns='http://www.w3.org/2005/Atom' \
                       xmlns:blogger='http://schemas.google.com/blogger/2018'><id>tag:blogger.com,1999:blog-4</id>";
        assert!(looks_like_blogger(takeout.as_bytes()) && is_backup(takeout.as_bytes()));
        let public = "<feed xmlns='http://www.w3.org/2005/Atom' \
                      xmlns:blogger='http://schemas.google.com/blogger/2008'><id>tag:blogger.com,1999:blog-7</id>";
        assert!(looks_like_blogger(public.as_bytes()) && !is_backup(public.as_bytes()));
        let converted = "<ns0:feed xmlns:ns0=\"http://www.w3.org/2005/Atom\"><ns0:entry><ns0:category \
                         term=\"http://schemas.google.com/blogger/2008/kind#post\"/>";
        assert!(looks_like_blogger(converted.as_bytes()));
        for other in [
            "<?xml version='1.0'?><rss xmlns:wp='http://wordpress.org/export/1.2/'><channel>\
             <link>http://x.blogspot.com/</link><generator>tag:blogger.com,1999:blog-</generator>",
            "<feed xmlns='http://www.w3.org/2005/Atom'><title>Just a feed</title>",
            "TITLE: x\n-----\nBODY:\ntag:blogger.com,1999:blog-1\n",
            "<html><body><feed>tag:blogger.com,1999:blog-1</feed>",
        ] {
            assert!(!looks_like_blogger(other.as_bytes()), "{other}");
        }
    }

    #[test]
    fn ids_permalinks_and_times() {
        assert_eq!(
            trailing_number("tag:blogger.com,1999:blog-1.post-42"),
            Some(42)
        );
        assert_eq!(trailing_number("post-17.comment-8"), Some(8));
        assert_eq!(
            trailing_number("https://www.blogger.com/feeds/1/2/comments/default/99"),
            Some(99)
        );
        assert_eq!(trailing_number("tag:blogger.com,1999:blog-1.layout"), None);
        assert_eq!(trailing_number("post-99999999999999999999999"), None);
        assert_eq!(
            slug_of("http://b.blogspot.com/2011/05/who-needs-it.html"),
            "who-needs-it"
        );
        assert_eq!(slug_of("/p/about.html?m=1"), "about");
        assert_eq!(
            slug_of("http://b.blogspot.com/2012/08/blog-post_15.html"),
            ""
        );
        assert_eq!(slug_of("/2012/08/blog-post.html"), "");
        assert_eq!(slug_of("/2012/08/blog-post_x.html"), "blog-post_x");
        assert_eq!(slug_of(""), "");
        assert_eq!(
            local_time("2011-05-20T19:41:00.000-07:00").as_deref(),
            Some("2011-05-20 19:41:00")
        );
        assert_eq!(
            utc_time("2011-05-20T19:41:00.000-07:00").as_deref(),
            Some("2011-05-21 02:41:00")
        );
        assert_eq!(
            utc_time("2012-01-01T01:10:00+05:30").as_deref(),
            Some("2011-12-31 19:40:00")
        );
        assert_eq!(
            utc_time("2019-03-02T18:30:00Z").as_deref(),
            Some("2019-03-02 18:30:00")
        );
        assert_eq!(utc_time("2019-03-02T18:30:00"), None);
        assert_eq!(utc_time("soon"), None);
    }

    #[test]
    fn text_without_markup_reads_as_text_where_the_blog_does_not_say() {
        let post = |content: &str| {
            format!(
                "<entry><id>tag:blogger.com,1999:blog-4.post-1</id><blogger:type>POST</blogger:type>\
                 <content type='html'>{content}</content></entry>"
            )
        };
        let takeout = |content: &str| {
            let doc = format!(
                "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>{}</feed>",
                post(content)
            );
            items(&doc, ReadMode::Full).0[0].format
        };
        assert_eq!(
            takeout("One.\n\nTwo &amp;lt;b&amp;gt;x&amp;lt;/b&amp;gt;."),
            ContentFormat::Breaks
        );
        assert_eq!(
            takeout("&lt;h1&gt;One&lt;/h1&gt;\n\n&lt;p&gt;Two&lt;/p&gt;"),
            ContentFormat::Html
        );
        assert_eq!(takeout("One line only"), ContentFormat::Html);
        // The backup says: a blog that did not convert line breaks showed them as spaces.
        let backup = format!(
            "{HEAD}{}{}</feed>",
            entry(9, "settings", "<content type='text'>false</content>")
                .replace("post-9", "settings.BLOG_CONVERT_LINE_BREAKS"),
            entry(1, "post", "<content type='html'>One.\n\nTwo.</content>")
        );
        assert_eq!(
            items(&backup, ReadMode::Full).0[1].format,
            ContentFormat::Html
        );
        assert!(has_block_markup("a<BR/>b") && has_block_markup("<div class=x>"));
        assert!(!has_block_markup("<b>x</b> <a href=\"/p\">y</a> 3 < 4"));
    }

    #[test]
    fn jump_breaks_become_the_summary_divider() {
        for html in [
            "a<a name=\"more\"></a>b",
            "a<a name='more'></a>b",
            "a<A NAME=more ></A>b",
            "a<a name=\"more\"/>b",
        ] {
            assert_eq!(jump_breaks(html), "a<!--more-->b", "{html}");
        }
        for html in [
            "<abbr>x</abbr><a name=\"mores\"></a><a href=\"#\" name=\"more\"></a>",
            "<a name=\"more",
            "x<a",
        ] {
            assert_eq!(jump_breaks(html), html);
        }
    }

    #[test]
    fn entries_read_into_items_with_their_comments() {
        let doc = [
            HEAD.to_string(),
            entry(1, "settings", "<content type='text'>Blog</content>"),
            entry(
                2,
                "post",
                "<category scheme='http://www.blogger.com/atom/ns#' term='A &amp; B'/>\
                 <category scheme='http://www.blogger.com/atom/ns#' term='A &amp; B'/>\
                 <title type='text'>1 &lt; 2</title><content type='html'>x&lt;a name='more'&gt;&lt;/a&gt;y</content>\
                 <link rel='alternate' type='text/html' href='http://t.blogspot.com/2011/01/one.html'/>\
                 <author><name>Ann</name><email>ann@example.com</email></author>",
            ),
            entry(
                3,
                "post",
                "<app:control xmlns:app='http://purl.org/atom/app#'><app:draft>yes</app:draft></app:control><title type='text'>D</title>",
            ),
            entry(4, "page", "<link rel='alternate' href='http://t.blogspot.com/p/about.html'/>"),
            comment(12, 2, "<link rel='related' href='https://www.blogger.com/feeds/1/2/comments/default/11'/>"),
            comment(11, 2, ""),
            comment(13, 2, "<gd:extendedProperty name='blogger.contentRemoved' value='true'/>"),
            comment(14, 99, ""),
            "</feed>".to_string(),
        ]
        .concat();
        let (items, channel) = items(&doc, ReadMode::Full);
        assert!(channel.problems.is_empty(), "{:?}", channel.problems);
        assert_eq!(
            (channel.title.as_str(), channel.link.as_str()),
            ("T", "http://t.blogspot.com/")
        );
        let kinds: Vec<_> = items
            .iter()
            .map(|i| {
                (
                    i.post_type.as_str(),
                    i.status.as_str(),
                    i.not_a_post.is_some(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("settings", "publish", true),
                ("post", "publish", false),
                ("post", "draft", false),
                ("page", "publish", false),
                ("comment", "publish", true),
            ]
        );
        let post = &items[1];
        assert_eq!((post.post_id, post.title.as_str()), (Some(2), "1 &lt; 2"));
        assert_eq!(
            (post.post_name.as_str(), post.creator.as_str()),
            ("one", "Ann")
        );
        assert_eq!(
            (post.post_date.as_str(), post.post_date_gmt.as_str()),
            ("2011-01-02 03:04:05", "2011-01-02 11:04:05")
        );
        assert_eq!(post.content, "x<!--more-->y");
        assert_eq!(post.format, ContentFormat::Html);
        assert_eq!(post.terms.len(), 1);
        assert_eq!(
            (post.terms[0].domain.as_str(), post.terms[0].name.as_str()),
            ("post_tag", "A &amp; B")
        );
        // Oldest first, the reply after what it answers; the removed one not approved.
        let c: Vec<_> = post
            .comments
            .iter()
            .map(|c| (c.id, c.parent, c.approved.as_str()))
            .collect();
        assert_eq!(c, [(11, 0, "1"), (12, 11, "1"), (13, 0, "0")]);
        assert!(!format!("{items:?}").contains("@example.com"));
        assert_eq!(items[3].post_name, "about");
        assert!(
            items[4]
                .not_a_post
                .as_deref()
                .is_some_and(|w| w.contains("not in this export"))
        );
    }

    #[test]
    fn both_passes_give_the_same_items() {
        let doc = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/blogger/backup.xml"),
        )
        .expect("fixture");
        let key = |i: &Item| {
            (
                i.line,
                i.post_id,
                i.post_type.clone(),
                i.status.clone(),
                i.link.clone(),
            )
        };
        let (full, _) = items(&doc, ReadMode::Full);
        let (index, _) = items(&doc, ReadMode::Index);
        assert_eq!(
            full.iter().map(key).collect::<Vec<_>>(),
            index.iter().map(key).collect::<Vec<_>>()
        );
        assert!(
            index
                .iter()
                .all(|i| i.content.is_empty() && i.comments.is_empty())
        );
    }

    #[test]
    fn a_comment_before_its_post_is_still_its_post_s() {
        let doc = [
            HEAD.to_string(),
            comment(11, 2, ""),
            entry(2, "post", ""),
            comment(12, 99, ""),
            "</feed>".into(),
        ]
        .concat();
        for mode in [ReadMode::Full, ReadMode::Index] {
            let mut out = Vec::new();
            read(doc.as_bytes(), mode, |_, i| {
                out.push(i);
                true
            })
            .expect("readable");
            let rows: Vec<_> = out
                .iter()
                .map(|i| (i.post_id, i.post_type.as_str()))
                .collect();
            assert_eq!(rows, [(Some(2), "post"), (Some(12), "comment")]);
            assert!(
                out[1]
                    .not_a_post
                    .as_deref()
                    .is_some_and(|w| w.ends_with("not in this export"))
            );
            let ids: Vec<_> = out[0].comments.iter().map(|c| c.id).collect();
            assert_eq!(
                ids,
                if mode == ReadMode::Full {
                    vec![11]
                } else {
                    vec![]
                }
            );
        }
    }

    #[test]
    fn an_export_of_comments_only_says_where_they_are() {
        let doc = [HEAD.to_string(), comment(11, 2, ""), "</feed>".into()].concat();
        let (items, _) = items(&doc, ReadMode::Full);
        assert!(
            items[0]
                .not_a_post
                .as_deref()
                .is_some_and(|w| w.contains("comments only")),
            "{:?}",
            items[0].not_a_post
        );
    }

    #[test]
    fn takeout_statuses_and_public_feeds_without_kinds() {
        let doc = "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>\
            <entry><id>tag:blogger.com,1999:blog-4.post-1</id><blogger:type>POST</blogger:type>\
            <blogger:status>SCHEDULED</blogger:status><published>2030-01-01T00:00:00Z</published>\
            <blogger:filename>/2030/01/later.html</blogger:filename></entry>\
            <entry><id>tag:blogger.com,1999:blog-4.post-2</id><blogger:type>POST</blogger:type>\
            <blogger:status>SOMETHING_NEW</blogger:status></entry>\
            <entry><id>tag:blogger.com,1999:blog-4.post-3</id><blogger:type>ALBUM</blogger:type></entry>\
            <entry><id>tag:blogger.com,1999:blog-4.post-4</id><blogger:type>POST</blogger:type>\
            <blogger:created>2019-01-01T10:00:00Z</blogger:created><blogger:status>DRAFT</blogger:status></entry>\
            </feed>";
        let (read, _) = items(doc, ReadMode::Full);
        let s: Vec<_> = read
            .iter()
            .map(|i| (i.post_type.as_str(), i.status.as_str()))
            .collect();
        assert_eq!(
            s,
            [
                ("post", "future"),
                ("post", "something_new"),
                ("album", "publish"),
                ("post", "draft")
            ]
        );
        assert_eq!(
            (read[0].link.as_str(), read[0].post_name.as_str()),
            ("/2030/01/later.html", "later")
        );
        assert!(
            read[2]
                .not_a_post
                .as_deref()
                .is_some_and(|w| w.contains("'album'"))
        );
        assert_eq!(read[3].post_date, "2019-01-01 10:00:00");

        let public = format!(
            "{}<entry><id>tag:blogger.com,1999:blog-1.post-5</id><title>P</title>\
             <summary type='text'>Only the start…</summary></entry></feed>",
            HEAD.replace(".archive", "")
        );
        let (read, _) = items(&public, ReadMode::Full);
        assert_eq!(
            (read[0].post_type.as_str(), read[0].content.as_str()),
            ("post", "Only the start…")
        );
        assert_eq!(read[0].notes.len(), 1);
    }

    #[test]
    fn damage_is_recovered_from_and_named() {
        let doc = format!(
            "{HEAD}<entry><id>tag:blogger.com,1999:blog-1.post-1</id>{KIND}post'/><title><b><i>x</title>\
             </entry><entry><id>tag:blogger.com,1999:blog-1.post-2</id>{KIND}post'/></wrong>\
             <entry><id>tag:blogger.com,1999:blog-1.post-3</id>{KIND}post'/></entry></feed>"
        );
        let (items, channel) = items(&doc, ReadMode::Full);
        assert_eq!(
            items.iter().map(|i| i.post_id).collect::<Vec<_>>(),
            [Some(1), Some(2), Some(3)]
        );
        let problems: Vec<_> = channel
            .problems
            .iter()
            .map(|p| p.message.as_str())
            .collect();
        assert_eq!(
            problems,
            [
                "<b> and 1 more not closed before </title>",
                "stray </wrong> ignored",
                "the <entry> at line 1 is not closed before the next one",
            ]
        );
    }

    #[test]
    fn not_blogger_and_cut_files_say_so() {
        let source = |s: &str| Source::Bytes {
            name: "t".into(),
            data: std::sync::Arc::new(s.as_bytes().to_vec()),
        };
        let err = read_source(&source("<rss><channel/></rss>"), ReadMode::Full, |_, _| {
            true
        })
        .expect_err("not Atom");
        assert!(
            err.message.contains("root element is <rss>"),
            "{}",
            err.message
        );
        let err = read_source(&source(""), ReadMode::Index, |_, _| true).expect_err("empty");
        assert!(err.message.contains("no XML elements"), "{}", err.message);
        let cut = format!("{HEAD}\n{}", entry(1, "post", "<content type='html'>half"));
        let cut = &cut[..cut.len() - 20];
        let mut n = 0;
        let err = read_source(&source(cut), ReadMode::Full, |_, _| {
            n += 1;
            true
        })
        .expect_err("cut");
        assert_eq!((n, err.item_line, err.post_id), (0, Some(2), Some(1)));
        assert!(err.message.contains("truncated"), "{}", err.message);
    }
}
