//! The loss check: what a post showed on the old site against what its written Markdown
//! shows once rendered back to HTML, counted per kind (words, links, images, headings, list
//! items, table cells, code blocks, embeds). A migration of 800 posts cannot be read file by
//! file; this says which posts lost something and what.

use crate::render::markdown::MarkdownOptions;
use crate::target::Target;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// One kind's counts: how many the source showed, how many the output shows, and how many of
/// the source's are missing from the output (matched by value, not just counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Count {
    pub source: usize,
    pub output: usize,
    pub lost: usize,
    /// Share of the source's that the output kept (1 when the source had none).
    pub ratio: f64,
}

/// What the written Markdown kept of the source, per kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Kept {
    pub words: Count,
    pub links: Count,
    pub images: Count,
    pub headings: Count,
    pub list_items: Count,
    pub table_cells: Count,
    pub code_blocks: Count,
    pub embeds: Count,
}

impl Kept {
    /// True when any kind lost something.
    pub fn has_loss(&self) -> bool {
        self.kinds().iter().any(|(_, c)| c.lost > 0)
    }

    /// The kinds' names as the report spells them, in the order of [`Kept::kinds`].
    pub const NAMES: [&'static str; 8] = [
        "words",
        "links",
        "images",
        "headings",
        "list_items",
        "table_cells",
        "code_blocks",
        "embeds",
    ];

    /// Each kind with its name as the report spells it.
    pub fn kinds(&self) -> [(&'static str, &Count); 8] {
        let counts = [
            &self.words,
            &self.links,
            &self.images,
            &self.headings,
            &self.list_items,
            &self.table_cells,
            &self.code_blocks,
            &self.embeds,
        ];
        std::array::from_fn(|i| (Self::NAMES[i], counts[i]))
    }
}

/// What one side of a post shows, as the comparison needs it: words as a multiset, links,
/// images, headings, code and embeds as values in document order, list items and table cells
/// as counts. Both sides are counted by the same rules (see [`crate::html::census`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Census {
    /// The text, with a space at each block boundary: words run across inline elements
    /// (`foo<b>bar</b>` is one word), so they are split only once the text is gathered. Kept
    /// to name the words a comparison finds lost.
    text: String,
    /// How much of `text` is counted in `words`.
    settled: usize,
    /// Word hash → occurrences: no string per word, since every post is counted twice.
    words: HashMap<u64, u32, BuildHasherDefault<WordHasher>>,
    word_total: usize,
    links: Vec<String>,
    images: Vec<String>,
    headings: Vec<String>,
    pub(crate) list_items: usize,
    pub(crate) table_cells: usize,
    code: Vec<String>,
    embeds: Vec<String>,
    /// Tables of contents the converter leaves out on purpose.
    pub(crate) by_design_toc: usize,
    /// Tables inside table cells, which the converter flattens into their cell.
    pub(crate) by_design_nested_tables: usize,
    /// Headings inside links, written as the link's text (Markdown has no such thing).
    pub(crate) by_design_linked_headings: usize,
    /// Preformatted blocks inside table cells, written as inline code (a cell is one line).
    pub(crate) by_design_cell_code: usize,
    /// Editor placeholder images (TinyMCE, Word) by kind, left out on purpose.
    artefacts: BTreeMap<&'static str, usize>,
    /// Platform widgets a post's cards hold, left out on purpose (Ghost's signup forms).
    pub(crate) removed_widgets: BTreeMap<&'static str, usize>,
    /// What the converter cannot write (inline SVG, MathML) by kind: shown on the old site,
    /// so a person has to carry it over by hand.
    left_out: BTreeMap<&'static str, usize>,
}

impl Census {
    /// The census of an HTML fragment as a browser shows it.
    pub fn of_html(html: &str) -> Census {
        crate::html::convert::census_of(html)
    }

    pub(crate) fn add_text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// A block boundary: the text on either side does not run together.
    pub(crate) fn gap(&mut self) {
        if !self.text.ends_with(' ') && !self.text.is_empty() {
            self.text.push(' ');
        }
    }

    /// Counts the words of the text gathered since the last call.
    pub(crate) fn settle(&mut self) {
        let (words, total) = (&mut self.words, &mut self.word_total);
        // About one distinct word per 16 bytes of prose: grown once rather than step by step.
        words.reserve((self.text.len() - self.settled) / 16);
        for_each_word(&self.text[self.settled..], |w| {
            *total += 1;
            *words.entry(word_hash(w)).or_default() += 1;
        });
        self.settled = self.text.len();
    }

    /// A link's target; in-page anchors (footnote references and their back links, which the
    /// Markdown renumbers) are not counted.
    pub(crate) fn add_link(&mut self, href: &str) {
        let href = href.trim();
        let lower = href.get(..11).unwrap_or(href).to_ascii_lowercase();
        if href.is_empty() || href.starts_with('#') || lower.starts_with("javascript:") {
            return;
        }
        self.links.push(href.to_string());
    }

    pub(crate) fn add_image(&mut self, src: &str) {
        self.images.push(src.to_string());
    }

    pub(crate) fn add_heading(&mut self, text: &str) {
        let mut key = String::new();
        for_each_word(text, |w| {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(w);
        });
        if !key.is_empty() {
            self.headings.push(key);
        }
    }

    /// A code block, byte for byte but for blank lines at its ends, which show nothing.
    pub(crate) fn add_code(&mut self, code: &str) {
        let code = code.trim_end().trim_start_matches(['\n', '\r']);
        self.code.push(code.replace("\r\n", "\n"));
    }

    pub(crate) fn add_embed(&mut self, url: &str) {
        self.embeds.push(url.trim().to_string());
    }

    pub(crate) fn add_artefact(&mut self, kind: &'static str) {
        *self.artefacts.entry(kind).or_default() += 1;
    }

    pub(crate) fn add_left_out(&mut self, kind: &'static str) {
        *self.left_out.entry(kind).or_default() += 1;
    }

    /// Adds another census (raw HTML inside Markdown) to this one.
    fn absorb(&mut self, mut other: Census) {
        self.settle();
        other.settle();
        for (w, n) in other.words {
            *self.words.entry(w).or_default() += n;
        }
        self.gap();
        self.text.push_str(&other.text);
        self.settled = self.text.len();
        self.word_total += other.word_total;
        self.links.extend(other.links);
        self.images.extend(other.images);
        self.headings.extend(other.headings);
        self.list_items += other.list_items;
        self.table_cells += other.table_cells;
        self.code.extend(other.code);
        self.embeds.extend(other.embeds);
    }

    /// What the converter left out of this side on purpose, for the report.
    pub fn by_design(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.by_design_toc > 0 {
            out.push(format!(
                "{} table{} of contents removed (the generator can make its own)",
                self.by_design_toc,
                plural(self.by_design_toc)
            ));
        }
        if self.by_design_nested_tables > 0 {
            out.push(format!(
                "{} table{} inside table cells flattened into their cell",
                self.by_design_nested_tables,
                plural(self.by_design_nested_tables)
            ));
        }
        if self.by_design_linked_headings > 0 {
            out.push(format!(
                "{} heading{} inside a link written as the link's text",
                self.by_design_linked_headings,
                plural(self.by_design_linked_headings)
            ));
        }
        if self.by_design_cell_code > 0 {
            out.push(format!(
                "{} code block{} inside table cells written as inline code (a cell is one line)",
                self.by_design_cell_code,
                plural(self.by_design_cell_code)
            ));
        }
        for (kind, n) in &self.artefacts {
            out.push(format!("{n} {kind} image{} dropped", plural(*n)));
        }
        for (kind, n) in &self.removed_widgets {
            out.push(format!("{n} {kind}{} removed", plural(*n)));
        }
        out
    }

    /// Words, links and images in `self` that `after` no longer has: what a cleaning step
    /// took out of a page, as one by-design note naming `what` was removed.
    pub fn removed(&self, after: &Census, what: &str) -> Option<String> {
        let words = self.word_total.saturating_sub(after.word_total);
        let links = self.links.len().saturating_sub(after.links.len());
        let images = self.images.len().saturating_sub(after.images.len());
        let mut parts = Vec::new();
        for (n, noun) in [(words, "word"), (links, "link"), (images, "image")] {
            if n > 0 {
                parts.push(format!("{n} {noun}{}", plural(n)));
            }
        }
        (!parts.is_empty()).then(|| format!("{what} removed: {}", parts.join(", ")))
    }
}

/// FNV-1a: words are short, and the map's own hashing is skipped ([`WordHasher`]).
fn word_hash(w: &str) -> u64 {
    crate::hash::fnv1a(w.as_bytes())
}

/// Passes a word hash through as the map's hash.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Calls `f` with each word of `text`: runs of letters and digits, and each character of
/// scripts written without spaces (CJK, kana, Thai), so one changed character in a sentence
/// of Chinese costs one word, not the sentence.
pub fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII is most text and needs no decoding.
        let (c, len) = if bytes[i] < 0x80 {
            (char::from(bytes[i]), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        };
        if is_unspaced(c) {
            if let Some(s) = start.take() {
                f(&text[s..i]);
            }
            f(&text[i..i + len]);
        } else if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            f(&text[s..i]);
        }
        i += len;
    }
    if let Some(s) = start {
        f(&text[s..]);
    }
}

fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x3040..=0x30FF // kana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF // CJK ideographs
        | 0x20000..=0x2FA1F)
}

/// Embeds match by what they show: a YouTube or Vimeo video by its id (Hugo writes them as
/// shortcodes), anything else by its address.
fn embed_key(url: &str) -> String {
    match crate::render::templates::video_id(url) {
        Some((kind, id)) => format!("{kind}:{id}"),
        None => url.to_string(),
    }
}

impl Census {
    /// The census of a written Markdown body as the target's generator shows it: template
    /// escapes read back, Hugo's video shortcodes as the players they stand for, and the
    /// Markdown read with the target's extensions.
    pub fn of_markdown(body: &str, target: Target, md: &MarkdownOptions) -> Census {
        let shown = crate::render::templates::as_shown(target, body);
        let mut opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        opts |= Options::ENABLE_TASKLISTS;
        if md.footnotes {
            opts |= Options::ENABLE_FOOTNOTES;
        }
        if md.definition_lists {
            opts |= Options::ENABLE_DEFINITION_LIST;
        }
        let mut census = Census::default();
        let mut raw = String::new();
        let mut in_image = 0usize;
        let mut heading: Option<String> = None;
        let mut code: Option<String> = None;
        for event in Parser::new_ext(&shown, opts) {
            match event {
                Event::Text(t) => {
                    if let Some(c) = code.as_mut() {
                        c.push_str(&t);
                    } else if in_image == 0 {
                        census.add_text(&t);
                        if let Some(h) = heading.as_mut() {
                            h.push_str(&t);
                        }
                    }
                }
                Event::Code(t) if in_image == 0 => {
                    census.add_text(&t);
                    if let Some(h) = heading.as_mut() {
                        h.push_str(&t);
                    }
                }
                Event::Html(h) => {
                    census.gap();
                    raw.push_str(&h);
                }
                Event::InlineHtml(h) => {
                    if breaks_text(&h) {
                        census.gap();
                    }
                    raw.push_str(&h);
                }
                Event::SoftBreak | Event::HardBreak | Event::Rule => census.gap(),
                // References are renumbered in order of appearance, as the source's were.
                Event::FootnoteReference(label) => {
                    census.gap();
                    census.add_text(&label);
                    census.gap();
                }
                Event::Start(tag) => match tag {
                    _ if is_block(&tag) && {
                        census.gap();
                        false
                    } => {}
                    Tag::Link {
                        link_type: LinkType::Email,
                        dest_url,
                        ..
                    } => census.add_link(&format!("mailto:{dest_url}")),
                    Tag::Link { dest_url, .. } => census.add_link(&dest_url),
                    Tag::Image { dest_url, .. } => {
                        census.add_image(&dest_url);
                        in_image += 1;
                    }
                    Tag::Heading { .. } => heading = Some(String::new()),
                    Tag::CodeBlock(_) => code = Some(String::new()),
                    Tag::Item => census.list_items += 1,
                    Tag::TableCell => census.table_cells += 1,
                    // Footnotes are a list in the source, definitions in Markdown.
                    Tag::FootnoteDefinition(_) => census.list_items += 1,
                    _ => {}
                },
                Event::End(tag) => match tag {
                    _ if is_block_end(&tag) && {
                        census.gap();
                        false
                    } => {}
                    TagEnd::Image => in_image = in_image.saturating_sub(1),
                    TagEnd::Heading(_) => {
                        if let Some(h) = heading.take() {
                            census.add_heading(&h);
                        }
                    }
                    TagEnd::CodeBlock => {
                        if let Some(c) = code.take() {
                            census.add_code(&c);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        census.settle();
        if !raw.is_empty() {
            census.absorb(Census::of_html(&raw));
        }
        census
    }
}

fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Whether an inline HTML tag separates the text around it, as the source side counts it.
fn breaks_text(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    crate::html::census::breaks_text(&name)
}

/// The outcome of comparing a post's two sides.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    pub kept: Kept,
    /// One per kind that lost something, naming what (`3 of 41 links lost: …`).
    pub losses: Vec<String>,
}

/// How many lost values a warning names before it stops.
const NAMED: usize = 3;

/// Compares a post's source and output. `renamed` maps addresses the conversion rewrote on
/// purpose (internal links, media brought along) to what they became, so a rewritten link
/// counts as kept.
pub fn compare(source: &Census, output: &Census, renamed: &HashMap<String, String>) -> Verdict {
    let mut losses = Vec::new();
    let rename = |u: &String| renamed.get(u).cloned().unwrap_or_else(|| u.clone());

    let mut lost_hashes = HashSet::new();
    let mut words_lost = 0usize;
    for (w, n) in &source.words {
        let have = output.words.get(w).copied().unwrap_or(0);
        if have < *n {
            words_lost += (*n - have) as usize;
            lost_hashes.insert(*w);
        }
    }
    let mut lost_words: Vec<&str> = Vec::new();
    if !lost_hashes.is_empty() {
        for_each_word(&source.text, |w| {
            if lost_hashes.remove(&word_hash(w)) {
                lost_words.push(w);
            }
        });
        lost_words.sort_unstable();
    }
    let words = count(source.word_total, output.word_total, words_lost);
    if words_lost > 0 {
        losses.push(format!(
            "{words_lost} of {} words lost ({})",
            source.word_total,
            quoted(&lost_words)
        ));
    }

    // A URL is the same whether a character is written as itself or percent-encoded (the
    // renderer encodes `|` in table cells, pulldown-cmark a `\`).
    let url_key = |u: String| crate::slug::percent_decode(&u);
    let mut out_links = Bag::new(output.links.iter().cloned().map(url_key));
    let lost_links = out_links.take_all(source.links.iter().map(rename).map(url_key));
    let links = count(source.links.len(), output.links.len(), lost_links.len());
    let mut out_images = Bag::new(output.images.iter().cloned().map(url_key));
    let lost_images = out_images.take_all(source.images.iter().map(rename).map(url_key));
    let images = count(source.images.len(), output.images.len(), lost_images.len());
    // An embed written as a link to it (no raw HTML allowed) is kept.
    let mut out_embeds = Bag::new(output.embeds.iter().map(|u| embed_key(u)));
    let lost_embeds: Vec<String> = source
        .embeds
        .iter()
        .map(rename)
        .filter(|u| !out_embeds.take(&embed_key(u)) && !out_links.take(u))
        .collect();
    let embeds = count(source.embeds.len(), output.embeds.len(), lost_embeds.len());
    for (lost, total, noun) in [
        (&lost_links, source.links.len(), "links"),
        (&lost_images, source.images.len(), "images"),
        (&lost_embeds, source.embeds.len(), "embeds"),
    ] {
        if !lost.is_empty() {
            let names: Vec<&str> = lost.iter().map(String::as_str).collect();
            losses.push(format!(
                "{} of {total} {noun} lost ({})",
                lost.len(),
                listed(&names)
            ));
        }
    }

    let mut out_headings = Bag::new(output.headings.iter().cloned());
    let lost_headings = out_headings.take_all(source.headings.iter().cloned());
    let headings = count(
        source.headings.len(),
        output.headings.len(),
        lost_headings.len(),
    );
    if !lost_headings.is_empty() {
        let names: Vec<&str> = lost_headings.iter().map(String::as_str).collect();
        losses.push(format!(
            "{} of {} headings lost ({})",
            lost_headings.len(),
            source.headings.len(),
            quoted(&names)
        ));
    }

    let list_items = count(
        source.list_items,
        output.list_items,
        source.list_items.saturating_sub(output.list_items),
    );
    let table_cells = count(
        source.table_cells,
        output.table_cells,
        source.table_cells.saturating_sub(output.table_cells),
    );
    for (c, noun) in [(&list_items, "list items"), (&table_cells, "table cells")] {
        if c.lost > 0 {
            losses.push(format!("{} of {} {noun} lost", c.lost, c.source));
        }
    }

    let mut out_code = Bag::new(output.code.iter().cloned());
    let unmatched: Vec<usize> = (0..source.code.len())
        .filter(|&i| !out_code.take(&source.code[i]))
        .collect();
    // Blocks the output has in some other form differ; once those run out, the rest are lost.
    let mut other = out_code.len();
    for i in &unmatched {
        let what = if other > 0 { "differs" } else { "lost" };
        other = other.saturating_sub(1);
        losses.push(format!("code block {} {what}", i + 1));
    }
    let code_lost = unmatched.len();
    let code_blocks = count(source.code.len(), output.code.len(), code_lost);

    Verdict {
        kept: Kept {
            words,
            links,
            images,
            headings,
            list_items,
            table_cells,
            code_blocks,
            embeds,
        },
        losses,
    }
}

fn count(source: usize, output: usize, lost: usize) -> Count {
    let ratio = if source == 0 {
        1.0
    } else {
        // Three decimals: enough to rank posts, and the report stays diffable.
        ((source - lost) as f64 / source as f64 * 1000.0).round() / 1000.0
    };
    Count {
        source,
        output,
        lost,
        ratio,
    }
}

fn quoted(words: &[&str]) -> String {
    let shown: Vec<String> = words.iter().take(NAMED).map(|w| format!("“{w}”")).collect();
    more(shown, words.len())
}

/// The first few values and how many more: the particulars a warning names.
pub(crate) fn listed(values: &[&str]) -> String {
    let shown: Vec<String> = values.iter().take(NAMED).map(|v| v.to_string()).collect();
    more(shown, values.len())
}

fn more(shown: Vec<String>, total: usize) -> String {
    let mut s = shown.join(", ");
    if total > shown.len() {
        s.push_str(&format!(" and {} more", total - shown.len()));
    }
    s
}

/// A multiset of values to match the other side's against.
struct Bag(HashMap<String, usize>);

impl Bag {
    fn new(values: impl Iterator<Item = String>) -> Bag {
        let mut m = HashMap::new();
        for v in values {
            *m.entry(v).or_insert(0) += 1;
        }
        Bag(m)
    }

    /// Takes one `v` out; false if there is none left.
    fn take(&mut self, v: &str) -> bool {
        match self.0.get_mut(v) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    /// Takes each value out; returns those there were none left of, in order.
    fn take_all(&mut self, values: impl Iterator<Item = String>) -> Vec<String> {
        values.filter(|v| !self.take(v)).collect()
    }

    fn len(&self) -> usize {
        self.0.values().sum()
    }
}

/// A post's source side, carried with it from reading to writing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Original {
    /// The content as the old site showed it (an export's after shortcodes, blocks and
    /// autop; a page's extracted article), for a review page.
    pub html: String,
    pub census: Census,
    /// What reading took out on purpose before the census (a page's furniture).
    pub by_design: Vec<String>,
}

/// Every address in a body, in walk order: taken before and after the rewriting passes, the
/// two lists pair each address with what it became (see [`renamed`]).
pub fn urls(blocks: &mut [crate::doc::Block]) -> Vec<String> {
    let mut all = Vec::new();
    crate::transform::urls::for_each_url(blocks, &mut |_, u| all.push(u.clone()));
    all
}

/// Pairs addresses taken by [`urls`] before and after rewriting; empty if the passes changed
/// how many there are (then nothing is taken as renamed, and rewritten links show as lost).
pub fn renamed(before: Vec<String>, after: Vec<String>) -> HashMap<String, String> {
    if before.len() != after.len() {
        return HashMap::new();
    }
    before
        .into_iter()
        .zip(after)
        .filter(|(a, b)| a != b)
        .collect()
}

/// Checks a written body against its source: the counts, the warnings (losses, and editor
/// artefacts dropped), and the differences made on purpose.
pub fn run(
    original: &Original,
    body: &str,
    target: Target,
    md: &MarkdownOptions,
    renamed: &HashMap<String, String>,
) -> (Kept, Vec<String>, Vec<String>) {
    let output = Census::of_markdown(body, target, md);
    let mut verdict = compare(&original.census, &output, renamed);
    let mut by_design = original.by_design.clone();
    by_design.extend(original.census.by_design());
    for (kind, n) in &original.census.left_out {
        verdict.losses.push(format!(
            "{n} {kind}{} left out (Markdown cannot hold it: carry it over by hand)",
            plural(*n)
        ));
    }
    // Dropped on purpose, but a person may want to put the real picture back.
    for (kind, n) in &original.census.artefacts {
        verdict.losses.push(format!(
            "{n} {kind} image{} dropped (an editor artefact, never a picture on the site)",
            plural(*n)
        ));
    }
    (verdict.kept, verdict.losses, by_design)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The warnings comparing `html` with `markdown` (as written for Hugo) gives.
    fn losses(html: &str, markdown: &str) -> Vec<String> {
        let md = Target::Hugo.markdown_options();
        let out = Census::of_markdown(markdown, Target::Hugo, &md);
        compare(&Census::of_html(html), &out, &HashMap::new()).losses
    }

    #[test]
    fn a_faithful_conversion_loses_nothing() {
        let html = r##"<h2>Setup</h2><p>Read <a href="https://a.example/x">the <em>docs</em></a>
            first.<sup><a href="#fn1">1</a></sup></p><ul><li>one</li><li>two</li></ul>
            <p><img src="https://a.example/i.png" alt="pic"></p>
            <table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr></table>
            <pre>fn main() {
    x();
}</pre><iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>
            <ol><li id="fn1">A note.</li></ol>"##;
        let md = "## Setup\n\nRead [the *docs*](https://a.example/x) first.[^1]\n\n- one\n- two\n\n\
                  ![pic](https://a.example/i.png)\n\n| k | v |\n| --- | --- |\n| a | 1 |\n\n\
                  ```\nfn main() {\n    x();\n}\n```\n\n{{< youtube dQw4w9WgXcQ >}}\n\n\
                  [^1]: A note.\n";
        assert_eq!(losses(html, md), Vec::<String>::new());
    }

    #[test]
    fn a_dropped_link_is_named() {
        let html =
            r#"<p><a href="https://a.example/">a</a> and <a href="https://b.example/">b</a></p>"#;
        assert_eq!(
            losses(html, "[a](https://a.example/) and b\n"),
            ["1 of 2 links lost (https://b.example/)"]
        );
    }

    #[test]
    fn a_truncated_code_block_differs() {
        let html = "<pre>line 1\nline 2</pre><pre>other</pre>";
        assert_eq!(
            losses(html, "```\nline 1\n```\n\n```\nother\n```\n"),
            ["code block 1 differs"]
        );
        assert_eq!(losses(html, "```\nother\n```\n"), ["code block 1 lost"]);
    }

    #[test]
    fn blocks_inside_headings_and_cells_are_read_as_the_converter_writes_them() {
        // Blogger's editor: paragraphs styled as a heading, a list in one, a heading in a cell.
        let html = "<h2><div>MCU: cc3200</div><div>Flash<br>25PX80</div></h2>\
                    <h4><ol><li>The decision</li></ol></h4>\
                    <table><tr><td><h1>Charger</h1>DX</td></tr></table>";
        let md = crate::html_fragment_to_markdown(html);
        assert_eq!(losses(html, &md), Vec::<String>::new(), "{md}");
    }

    #[test]
    fn a_picture_table_is_its_picture_and_caption_not_lost_cells() {
        let html = r#"<table class="tr-caption-container"><tr><td><a href="/big.jpg"><img src="/x.jpg"></a></td></tr><tr><td class="tr-caption">At dawn</td></tr></table>"#;
        let md = crate::html_fragment_to_markdown(html);
        assert!(!md.contains('|'), "{md}");
        assert_eq!(losses(html, &md), Vec::<String>::new(), "{md}");
        // Two pictures are a table of pictures, and counted as one.
        let html = r#"<table><tr><td><img src="/a.jpg"></td></tr><tr><td><img src="/b.jpg"></td></tr></table>"#;
        let md = crate::html_fragment_to_markdown(html);
        assert!(md.contains('|'), "{md}");
        assert_eq!(losses(html, &md), Vec::<String>::new(), "{md}");
    }

    #[test]
    fn a_link_card_is_its_link_and_title_not_a_lost_embed() {
        let html = r#"<p><iframe src="https://hatenablog-parts.com/embed?url=https%3A%2F%2Fblog.example%2Fentry%2F1" title="Notes - The Blog"></iframe><cite><a href="https://blog.example/entry/1">blog.example</a></cite></p>"#;
        let md = crate::html_fragment_to_markdown(html);
        assert!(!md.contains("iframe"), "{md}");
        assert_eq!(losses(html, &md), Vec::<String>::new(), "{md}");
    }

    #[test]
    fn a_url_is_the_same_percent_encoded() {
        let html =
            r#"<table><tr><td><img src="https://maps.example/m?path=a|b\c"></td></tr></table>"#;
        let md = crate::html_fragment_to_markdown(html);
        assert_eq!(losses(html, &md), Vec::<String>::new(), "{md}");
    }

    #[test]
    fn a_lost_image_is_named() {
        let html = r#"<p>See <img src="https://a.example/1.png" alt="one"><img src="https://a.example/2.png" alt="two"></p>"#;
        assert_eq!(
            losses(html, "See ![one](https://a.example/1.png)\n"),
            ["1 of 2 images lost (https://a.example/2.png)"]
        );
    }

    #[test]
    fn a_lost_table_row_loses_its_cells_and_words() {
        let html = "<table><tr><th>k</th><th>v</th></tr><tr><td>alpha</td><td>1</td></tr>\
                    <tr><td>beta</td><td>2</td></tr></table>";
        assert_eq!(
            losses(html, "| k | v |\n| --- | --- |\n| alpha | 1 |\n"),
            ["2 of 6 words lost (“2”, “beta”)", "2 of 6 table cells lost"]
        );
    }

    #[test]
    fn lost_words_headings_list_items_and_embeds_are_named() {
        let html = r#"<h2>Intro</h2><p>Keep these words.</p><ul><li>a</li><li>b</li></ul>
            <video src="https://a.example/v.mp4"></video>"#;
        assert_eq!(
            losses(html, "Keep these.\n\n- a\n- b\n"),
            [
                "2 of 6 words lost (“Intro”, “words”)",
                "1 of 1 embeds lost (https://a.example/v.mp4)",
                "1 of 1 headings lost (“Intro”)",
            ]
        );
        assert_eq!(
            losses("<ul><li>a</li><li>b</li></ul>", "- a b\n"),
            ["1 of 2 list items lost"]
        );
    }

    #[test]
    fn escapes_and_generated_syntax_read_as_the_generator_shows_them() {
        let md = Target::Jekyll.markdown_options();
        let html = "<p>Use {{ page.title }} here.</p>";
        let written =
            crate::render::templates::protect(Target::Jekyll, "Use {{ page.title }} here.\n", &[]);
        let out = Census::of_markdown(&written, Target::Jekyll, &md);
        assert!(
            compare(&Census::of_html(html), &out, &HashMap::new())
                .losses
                .is_empty()
        );
        let written = crate::render::templates::protect(Target::Hugo, "`{{< x >}}`\n", &[]);
        let out = Census::of_markdown(&written, Target::Hugo, &md);
        assert_eq!(
            out,
            Census::of_markdown("`{{< x >}}`\n", Target::Astro, &md)
        );
    }

    #[test]
    fn rewritten_addresses_are_kept_not_lost() {
        let html = r#"<p><a href="https://old.example/2019/01/post/">post</a>
            <img src="https://old.example/wp-content/uploads/a-300x200.jpg"></p>"#;
        let md = "[post](/posts/post/) ![](/uploads/a.jpg)\n";
        let renamed = renamed(
            vec![
                "https://old.example/2019/01/post/".into(),
                "https://old.example/wp-content/uploads/a-300x200.jpg".into(),
            ],
            vec!["/posts/post/".into(), "/uploads/a.jpg".into()],
        );
        let out = Census::of_markdown(md, Target::Hugo, &Target::Hugo.markdown_options());
        let v = compare(&Census::of_html(html), &out, &renamed);
        assert!(v.losses.is_empty(), "{:?}", v.losses);
        assert_eq!((v.kept.links.source, v.kept.links.ratio), (1, 1.0));
        assert_eq!(v.kept.images.output, 1);
    }

    #[test]
    fn what_the_converter_leaves_out_on_purpose_is_named_not_lost() {
        let html = r##"<div id="toc_container"><p class="toc_title">Contents</p><ul>
            <li><a href="#a">A</a></li><li><a href="#b">B</a></li></ul></div>
            <h2 id="a">A</h2><p>x</p><h2 id="b">B</h2><p>y</p>
            <table><tr><td><table><tr><td>in</td><td>ner</td></tr></table></td></tr></table>
            <div><a href="https://a.example/"><h3>Linked</h3></a></div>"##;
        let census = Census::of_html(html);
        assert_eq!(
            census.by_design(),
            [
                "1 table of contents removed (the generator can make its own)",
                "1 table inside table cells flattened into their cell",
                "1 heading inside a link written as the link's text",
            ]
        );
        assert_eq!((census.list_items, census.table_cells), (0, 1));
    }

    #[test]
    fn words_run_across_inline_elements_and_split_in_unspaced_scripts() {
        let c = Census::of_html("<p>foo<b>bar</b> 東京<i>タワー</i></p><p>x<sup>2</sup></p>");
        let mut words = Vec::new();
        for_each_word(&c.text, |w| words.push(w.to_string()));
        words.sort();
        assert_eq!(c.word_total, words.len());
        assert_eq!(words, ["2", "foobar", "x", "タ", "ワ", "ー", "京", "東"]);
    }

    #[test]
    fn editor_artefacts_are_dropped_with_a_warning_not_counted_as_lost_images() {
        let html = r#"<p>Intro<img class="mceWPmore mceItemNoResize" src="https://a.example/wp-includes/js/tinymce/plugins/wordpress/img/trans.gif"></p>
            <p><img src="file:///C:/Users/me/AppData/Local/Temp/%7B0A1B2C3D-1234-5678-9ABC-DEF012345678%7D.dat"></p>"#;
        let original = Original {
            html: html.into(),
            census: Census::of_html(html),
            by_design: Vec::new(),
        };
        let md = Target::Hugo.markdown_options();
        let (kept, warnings, by_design) =
            run(&original, "Intro\n", Target::Hugo, &md, &HashMap::new());
        assert_eq!(kept.images.source, 0);
        assert!(!kept.has_loss());
        assert_eq!(
            warnings,
            [
                "1 TinyMCE placeholder image dropped (an editor artefact, never a picture on the site)",
                "1 Word/Live Writer {GUID}.dat image dropped (an editor artefact, never a picture on the site)",
            ]
        );
        assert_eq!(by_design.len(), 2);
    }

    #[test]
    fn graphics_the_converter_cannot_write_are_warned_about() {
        let html = r#"<p>Bat:</p><p><svg width="20"><path d="M1,1L9,9Z"/></svg></p>"#;
        let original = Original {
            html: html.into(),
            census: Census::of_html(html),
            by_design: Vec::new(),
        };
        let md = Target::Hugo.markdown_options();
        let (_, warnings, _) = run(&original, "Bat:\n", Target::Hugo, &md, &HashMap::new());
        assert_eq!(
            warnings,
            ["1 inline SVG graphic left out (Markdown cannot hold it: carry it over by hand)"]
        );
    }
}
