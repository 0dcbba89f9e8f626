//! Scraped pages become clean posts: one invented page per theme family (classic WordPress
//! theme, block theme, WordPress.com, Blogger, a generic news/Ghost-like article, a hand-made
//! site), each carrying the boilerplate its kind of site adds, plus the repository sample.
//! Every case checks that the first and last sentences survive, the furniture does not, and
//! the metadata is the post's own.

mod common;

use std::path::Path;
use unpress::doc::{Block, Inline, Post};
use unpress::read::html::{PageError, decode_page, read_page, read_page_bytes};

fn page(name: &str) -> Post {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/pages")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let html = decode_page(&bytes).expect("a text page");
    read_page(&html).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn markdown(post: &Post) -> String {
    unpress::render::markdown::render(&post.body, &Default::default())
}

/// Visible text of the body: words of text, link text and alt text, in order.
fn text(post: &Post) -> String {
    fn inl(i: &[Inline], out: &mut String) {
        for x in i {
            match x {
                Inline::Text(t) | Inline::Code(t) | Inline::Kbd(t) => {
                    out.push_str(t);
                    out.push(' ');
                }
                Inline::Image { alt, .. } => {
                    out.push_str(alt);
                    out.push(' ');
                }
                Inline::Link { content, .. }
                | Inline::Emphasis(content)
                | Inline::Strong(content)
                | Inline::Strikethrough(content)
                | Inline::Subscript(content)
                | Inline::Superscript(content)
                | Inline::Mark(content) => inl(content, out),
                _ => out.push(' '),
            }
        }
    }
    fn blocks(b: &[Block], out: &mut String) {
        for x in b {
            match x {
                Block::Paragraph(i) | Block::Heading { content: i, .. } => inl(i, out),
                Block::CodeBlock { code, .. } => out.push_str(code),
                Block::BlockQuote(b) | Block::FootnoteDefinition { content: b, .. } => {
                    blocks(b, out)
                }
                Block::List { items, .. } => items.iter().for_each(|it| blocks(&it.content, out)),
                Block::Figure { content, caption } => {
                    blocks(content, out);
                    if let Some(c) = caption {
                        inl(c, out);
                    }
                }
                Block::Table { header, rows, .. } => {
                    for row in header.iter().chain(rows.iter()) {
                        row.iter().for_each(|c| inl(c, out));
                    }
                }
                Block::DefinitionList(items) => {
                    for it in items {
                        it.terms.iter().for_each(|t| inl(t, out));
                        it.definitions.iter().for_each(|d| blocks(d, out));
                    }
                }
                Block::Html(h) => out.push_str(h),
                Block::Rule | Block::SummaryBreak => {}
            }
            out.push(' ');
        }
    }
    let mut out = String::new();
    blocks(&post.body, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Expect<'a> {
    first: &'a str,
    last: &'a str,
    absent: &'a [&'a str],
    title: &'a str,
    date: &'a str,
    author: Option<&'a str>,
    categories: &'a [&'a str],
    tags: &'a [&'a str],
}

fn check(name: &str, x: &Expect<'_>) -> Post {
    let post = page(name);
    let t = text(&post);
    assert!(t.contains(x.first), "{name}: first sentence lost:\n{t}");
    assert!(t.contains(x.last), "{name}: last sentence lost:\n{t}");
    assert!(
        t.find(x.first) < t.find(x.last),
        "{name}: sentences out of order"
    );
    for b in x.absent {
        assert!(!t.contains(b), "{name}: boilerplate {b:?} survived:\n{t}");
    }
    let m = &post.meta;
    assert_eq!(m.title, x.title, "{name}: title");
    assert_eq!(
        m.date.map(|d| d.to_string()).as_deref(),
        Some(x.date),
        "{name}: date"
    );
    assert_eq!(m.author.as_deref(), x.author, "{name}: author");
    assert_eq!(m.categories, x.categories, "{name}: categories");
    assert_eq!(m.tags, x.tags, "{name}: tags");
    post
}

#[test]
fn classic_theme_keeps_media_and_drops_jetpack_comments_and_widgets() {
    let post = check(
        "classic-theme.html",
        &Expect {
            first: "Pipistrelles have hunted over our pond every summer evening",
            last: "it can take a year before the first bats move in.",
            absent: &[
                "Share this",
                "Like this",
                "Loading...",
                "Related",
                "hedgehog house",
                "Posted on",
                "Posted in",
                "Tagged",
                "Leave a comment",
                "Leave a Reply",
                "COMMENT-ONLY",
                "SIDEBAR-ONLY",
                "Recent Posts",
                "Subscribe",
                "About Tomas",
                "Previous post",
                "cookies",
                "Skip to content",
                "Proudly powered",
                "SCRIPT-ONLY",
                "Building a Bat Box from Pallet Wood",
                "This entry was posted",
                "RSS 2.0",
                "comments and pings",
                "Trackback",
                "st-label",
            ],
            title: "Building a Bat Box from Pallet Wood",
            date: "2019-04-06T09:15:00+01:00",
            author: Some("Tomas Reyes"),
            categories: &["Woodwork", "Wildlife"],
            tags: &["bats", "pallets"],
        },
    );
    let md = markdown(&post);
    assert!(
        md.contains("![The finished bat box on the garden shed]("),
        "{md}"
    );
    assert!(
        md.contains("The finished box, two days before"),
        "caption: {md}"
    );
    assert!(md.contains("| Back | 450 x 200 |"), "table: {md}");
    assert!(md.contains("```python\nimport math"), "code: {md}");
    assert!(md.contains("youtube.com/embed/dQw4w9WgXcQ"), "embed: {md}");
    assert!(md.contains("## Cutting list"), "heading: {md}");
    let m = &post.meta;
    assert_eq!(
        m.updated.map(|d| d.to_string()).as_deref(),
        Some("2019-04-08T10:00:00+01:00")
    );
    assert_eq!(
        m.original_url.as_deref(),
        Some("https://hedgerow.example/2019/04/06/bat-box-pallet-wood/")
    );
    assert_eq!(m.aliases, ["/2019/04/06/bat-box-pallet-wood/"]);
    assert_eq!(m.slug, "bat-box-pallet-wood");
    assert_eq!(
        m.excerpt.as_deref(),
        Some("A weekend project with a reclaimed pallet.")
    );
}

#[test]
fn block_theme_reads_yoast_graph_and_post_terms() {
    let post = check(
        "block-theme.html",
        &Expect {
            first: "Viele glauben, ein Sauerteig brauche tägliche Pflege",
            last: "wandert zurück in das Glas im Kühlschrank.",
            absent: &[
                "Beitrag teilen",
                "WhatsApp",
                "Teilen auf Twitter",
                "Vorheriger Beitrag",
                "Schreibe einen Kommentar",
                "Deine E-Mail-Adresse",
                "Stolz präsentiert",
                "Rezepte",
                "3. November 2022",
                "Lena Vogt",
            ],
            title: "Sauerteig ohne Stress",
            date: "2022-11-03T08:30:00+01:00",
            author: Some("Lena Vogt"),
            categories: &["Brot"],
            tags: &["Sauerteig", "Roggen"],
        },
    );
    let md = markdown(&post);
    assert!(md.contains("> Geduld ist die wichtigste Zutat"), "{md}");
    assert!(md.contains("- Roggenmehl Type 1150"), "{md}");
    assert_eq!(
        post.meta.featured_image.as_deref(),
        Some("https://krume.example/wp-content/uploads/2022/11/laib.jpg")
    );
}

#[test]
fn wordpress_com_drops_highlander_form_likes_and_ads() {
    let post = check(
        "wordpress-com.html",
        &Expect {
            first: "Chaque samedi matin, la place de l’église se remplit",
            last: "tout le monde prend le temps de discuter.",
            absent: &[
                "Partager",
                "J’aime",
                "chargement",
                "Articles similaires",
                "Publicité",
                "Laisser un commentaire",
                "Entrez votre commentaire",
                "Annuler",
                "Suivre ce blog",
                "SIDEBAR-ONLY",
                "La digue",
                "Créer un site",
                "Catégories",
                "Publié le",
                "__ATA",
            ],
            title: "Le marché du samedi à Saint-Aubin",
            date: "2016-05-21T16:42:10Z",
            author: Some("Lucie"),
            categories: &["Balades"],
            tags: &["marché", "Normandie"],
        },
    );
    assert!(markdown(&post).contains("![Des bottes de radis]("));
}

#[test]
fn blogger_post_body_labels_and_abbr_date() {
    check(
        "blogger.html",
        &Expect {
            first: "The Bramble Line closed to passengers in 1964",
            last: "was home in time for tea.",
            absent: &[
                "Posted by",
                "3 comments",
                "COMMENT-ONLY",
                "Post a Comment",
                "Email This",
                "BlogThis",
                "Newer Post",
                "Subscribe to",
                "SIDEBAR-ONLY",
                "Blog Archive",
                "Powered by",
                "Labels",
            ],
            title: "Riding the old Bramble Line",
            date: "2012-09-16T18:05:00+01:00",
            author: Some("Martin Hale"),
            categories: &[],
            tags: &["cycling", "railways"],
        },
    );
}

#[test]
fn generic_article_found_by_density_without_teasers_or_newsletter() {
    check(
        "generic-article.html",
        &Expect {
            first: "Satellite navigation has made the coastline legible",
            last: "the last thing many sailors see before the open sea.",
            absent: &[
                "Advertisement",
                "By Ada Fenwick",
                "February 14, 2021",
                "morning briefing",
                "Sign up",
                "RELATED-ONLY",
                "seal pups",
                "More from",
                "SIDEBAR-ONLY",
                "Trending",
                "Privacy",
                "Sign in",
            ],
            title: "Why Lighthouses Still Matter in the GPS Age",
            date: "2021-02-14T06:00:00-05:00",
            author: Some("Ada Fenwick"),
            categories: &[],
            tags: &[],
        },
    );
}

#[test]
fn hand_made_page_with_table_layout_and_visible_byline() {
    check(
        "hand-made.html",
        &Expect {
            first: "After a hard winter the wall along the top field had two gaps",
            last: "the tidiest stretch of wall on the farm.",
            absent: &[
                "Home",
                "Hedges",
                "Published by",
                "Last updated",
                "Copyright",
                "Write to me",
                "Ann's Pages",
            ],
            title: "Mending a Dry Stone Wall",
            date: "2015-03-03T00:00:00",
            author: Some("Ann Whitlock"),
            categories: &[],
            tags: &[],
        },
    );
}

#[test]
fn old_kubrick_theme_without_entry_content_found_by_density() {
    check(
        "kubrick-theme.html",
        &Expect {
            first: "Il forno a legna dietro la casa non veniva acceso da quasi dieci anni",
            last: "tra gli applausi di tutta la famiglia.",
            absent: &[
                "Condividi",
                "Mi piace",
                "Caricamento",
                "Questo articolo è stato pubblicato",
                "RSS 2.0",
                "trackback",
                "Lascia un commento",
                "Invia commento",
                "Nome",
                "SIDEBAR-ONLY",
                "Archivi",
                "offerto da WordPress",
                "La vendemmia",
                "Pubblicato il",
                "Quaderno di campagna",
            ],
            title: "Il forno a legna del nonno",
            date: "2009-11-07T18:20:00",
            author: Some("Giulia"),
            categories: &["Casa"],
            tags: &[],
        },
    );
}

#[test]
fn repository_sample_loses_sidebar_comments_and_related_posts() {
    let html = std::fs::read_to_string(common::samples().join("scraped-post.html"))
        .expect("samples/scraped-post.html");
    let post = read_page(&html).expect("a post");
    let md = markdown(&post);
    for marker in ["SIDEBAR-ONLY", "COMMENT-ONLY", "RELATED-ONLY"] {
        assert!(!md.contains(marker), "{marker} survived:\n{md}");
    }
    assert!(md.starts_with("My grandfather’s kitchen radio"), "{md}");
    assert!(md.contains("She said it sounded exactly like"), "{md}");
    assert_eq!(
        post.meta.title,
        "Repairing a 1970s Radio, One Capacitor at a Time"
    );
    assert_eq!(
        post.meta.date.map(|d| d.to_string()).as_deref(),
        Some("2023-09-17T16:20:00-07:00")
    );
    assert_eq!(post.meta.author.as_deref(), Some("Maren Okafor"));
}

#[test]
fn undeclared_windows_1252_page_is_decoded() {
    let mut bytes = b"<html><body><article><h1>Caf\xe9 notes</h1><p>".to_vec();
    bytes.extend_from_slice(
        b"The caf\xe9 on the corner serves cr\xe8me br\xfbl\xe9e every day, and the owner \x96 a retired sailor \x96 tells stories about the sea to anyone who sits at the counter long enough.",
    );
    bytes.extend_from_slice(b"</p></article></body></html>");
    let post = read_page_bytes(&bytes).expect("a post");
    let md = markdown(&post);
    assert!(md.contains("crème brûlée"), "{md}");
    assert!(md.contains("owner – a retired sailor"), "{md}");
}

#[test]
fn binary_and_empty_pages_are_clear_errors() {
    assert_eq!(
        decode_page(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").err(),
        Some(PageError::Binary)
    );
    assert_eq!(
        read_page(
            "<html><head><title>x</title></head><body><nav><a href=/>Home</a></nav></body></html>"
        )
        .err(),
        Some(PageError::NoContent)
    );
    assert_eq!(read_page("").err(), Some(PageError::NoContent));
}

/// Lower-cased word tokens, as the extraction benchmark compares sentences (soft hyphens and
/// zero-width spaces removed first).
fn tokens(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, '\u{ad}' | '\u{200b}'))
        .collect();
    s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every page of the shared WordPress corpus keeps its first and last sentence and loses
/// every boilerplate string its gold file lists, so an extraction regression shows here.
#[test]
fn wordpress_corpus_keeps_first_and_last_sentences_and_drops_boilerplate() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("corpus/scraped/wordpress");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not found", dir.display());
        return;
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut golds: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    golds.sort();
    for gold_path in golds {
        let page_path = gold_path.with_extension("html");
        let (Ok(gold), Ok(bytes)) = (
            std::fs::read_to_string(&gold_path),
            std::fs::read(&page_path),
        ) else {
            continue;
        };
        let gold: serde_json::Value = serde_json::from_str(&gold).expect("gold JSON");
        let Some(first) = gold["first_sentence"].as_str() else {
            continue;
        };
        let last = gold["last_sentence"].as_str().unwrap_or("");
        let name = page_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        checked += 1;
        let post = match decode_page(&bytes).and_then(|h| read_page(&h)) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let body = text(&post);
        let toks = format!(" {} ", tokens(&body));
        for (what, sentence) in [("first", first), ("last", last)] {
            if !toks.contains(&format!(" {} ", tokens(sentence))) {
                failures.push(format!("{name}: {what} sentence lost: {sentence:?}"));
            }
        }
        for b in gold["must_not_contain"].as_array().into_iter().flatten() {
            let b = b.as_str().unwrap_or_default();
            let b = b.split_whitespace().collect::<Vec<_>>().join(" ");
            if !b.is_empty() && body.contains(&b) {
                failures.push(format!("{name}: boilerplate {b:?} survived"));
            }
        }
    }
    assert!(checked > 0, "no gold files in {}", dir.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
