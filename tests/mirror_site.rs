//! Saved sites read as sites: the template learned from all pages decides titles, dates and
//! authors; feeds and sitemaps are counted, never converted; one post saved under several
//! names is written once. Every mirror here is written by the test, page by page, in the
//! shapes real themes and crawlers produce.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// Converts `mirror` and returns the exit code, the report, and each written file's front
/// matter text by the mirror file it came from (relative to the mirror).
fn convert(mirror: &Path, out: &Path) -> (i32, Value, Vec<(String, String)>) {
    let report = out.with_extension("report.json");
    let o = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .args(["convert"])
        .arg(mirror)
        .arg("-o")
        .arg(out)
        .arg("--report")
        .arg(&report)
        .arg("-q")
        .output()
        .expect("binary runs");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("json");
    let mut written = Vec::new();
    for row in report["items"].as_array().expect("items") {
        if row["outcome"] == "written" {
            let file = row["file"].as_str().expect("file");
            let rel = Path::new(file)
                .strip_prefix(mirror)
                .expect("inside the mirror")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(out.join(row["output"].as_str().expect("output")))
                .expect("output file");
            written.push((rel, text));
        }
    }
    (o.status.code().unwrap_or(-1), report, written)
}

fn outcome<'a>(report: &'a Value, rel: &str) -> (&'a str, &'a str) {
    let row = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|r| r["file"].as_str().is_some_and(|f| f.ends_with(rel)))
        .unwrap_or_else(|| panic!("no row for {rel}: {report}"));
    (
        row["outcome"].as_str().unwrap_or(""),
        row["code"].as_str().unwrap_or(""),
    )
}

fn field<'a>(written: &'a [(String, String)], rel: &str, key: &str) -> Option<&'a str> {
    let (_, text) = written.iter().find(|(r, _)| r == rel)?;
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        .map(|v| v.trim_matches('"'))
}

const PROSE: &str = "<p>This paragraph is long enough to read as the body of a real post, with \
    several sentences. It goes on to say more, so that an extractor takes it for prose.</p>\
    <p>A second paragraph follows, as real posts have them, saying something else entirely \
    about the subject at hand.</p>";

/// A theme that prints the post title only in a hero band above the article, puts a notice
/// heading at the top of the body, and titles its post navigation with the neighbours' titles.
fn hero_page(title: &str, prev: &str, next: &str, notice: bool) -> String {
    let notice = if notice {
        "<h2>STOP! This page is out of date. Read the new one first.</h2>"
    } else {
        ""
    };
    format!(
        "<!DOCTYPE html><html><head><title>{title} &#8211; Gadget Notes</title></head>\
         <body><header class=\"site-header\"><p class=\"site-title\"><a href=\"/\">Gadget Notes</a></p></header>\
         <div class=\"hero\"><div class=\"container\"><h1 class=\"page-title\">{title}</h1></div></div>\
         <main><article><div class=\"entry-content\">{notice}<h2>Introduction</h2>{PROSE}</div>\
         <span class=\"date-post\">June 5, 2009</span></article>\
         <nav class=\"post-navigation\"><div class=\"nav-previous\"><h3><a rel=\"prev\" href=\"/{prev}/\">{prev}</a></h3></div>\
         <div class=\"nav-next\"><h3><a rel=\"next\" href=\"/{next}/\">{next}</a></h3></div></nav>\
         </main><aside class=\"widget-area\"><h2 class=\"widget-title\">Recent posts</h2></aside></body></html>"
    )
}

#[test]
fn a_title_only_in_a_hero_band_beats_body_headings_and_post_navigation() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    let titles = [
        "Ginger beer",
        "Film Spotify",
        "Raspberry Pi heating",
        "A more resilient DNS",
    ];
    for (i, t) in titles.iter().enumerate() {
        let prev = titles[(i + 3) % 4];
        let next = titles[(i + 1) % 4];
        write(
            &mirror,
            &format!("post-{i}/index.html"),
            &hero_page(t, prev, next, i == 0),
        );
    }
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert_eq!(code, 0, "{report}");
    for (i, t) in titles.iter().enumerate() {
        assert_eq!(
            field(&written, &format!("post-{i}/index.html"), "title"),
            Some(*t),
            "{written:?}"
        );
        assert!(
            field(&written, &format!("post-{i}/index.html"), "date")
                .is_some_and(|d| d.starts_with("2009-06-05")),
            "{written:?}"
        );
    }
}

/// A byline with the date written in the site's language, and nothing machine-readable.
fn byline_page(title: &str, byline: &str) -> String {
    format!(
        "<html><head><title>{title} | Blog</title></head><body><div id=\"page\">\
         <div class=\"post\"><h2 class=\"post-heading\"><a href=\"index.html\">{title}</a></h2>\
         <div class=\"meta\">{byline}</div><div class=\"text\">{PROSE}</div></div>\
         <div id=\"sidebar\"><h3>Archives</h3><ul><li>August 2020</li></ul></div></div></body></html>"
    )
}

#[test]
fn bylines_in_each_language_give_the_date() {
    let cases = [
        ("13. August 2020 um 14:05 Uhr", "2020-08-13T14:05:00"),
        ("13 août 2020", "2020-08-13"),
        ("13 de agosto de 2020", "2020-08-13"),
        ("13 agosto 2020", "2020-08-13"),
        ("13 de agosto de 2020", "2020-08-13"),
        ("13 augustus 2020", "2020-08-13"),
        ("13 sierpnia 2020", "2020-08-13"),
        ("13 августа 2020 г.", "2020-08-13"),
        ("13 Ağustos 2020", "2020-08-13"),
        ("2020年8月13日", "2020-08-13"),
        ("8月 13, 2020", "2020-08-13"),
        ("2020년 8월 13일", "2020-08-13"),
        ("on Jul.09, 2012, under Beginner", "2012-07-09"),
    ];
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    for (i, (byline, _)) in cases.iter().enumerate() {
        write(
            &mirror,
            &format!("p{i}/index.html"),
            &byline_page(&format!("Post number {i}"), byline),
        );
    }
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert_eq!(code, 0, "{report}");
    for (i, (byline, want)) in cases.iter().enumerate() {
        let rel = format!("p{i}/index.html");
        let date = field(&written, &rel, "date").unwrap_or("");
        assert!(date.starts_with(want), "{byline:?} gave {date:?}");
        assert_eq!(
            field(&written, &rel, "title"),
            Some(format!("Post number {i}").as_str())
        );
    }
}

#[test]
fn a_commenters_byline_is_not_the_posts_author() {
    // The post shows no author; every page's first comment reads "By <name> on <date>".
    let page = |title: &str, commenter: &str| {
        format!(
            "<html><head><title>{title} | Blog</title></head><body><div class=\"post\">\
             <h2><a href=\"index.html\">{title}</a></h2><div class=\"entry\">{PROSE}</div>\
             <h2 id=\"comments\">2 Responses</h2><ol class=\"commentlist\">\
             <li class=\"odd\" id=\"comment-2\">By <strong><a class=\"url\" href=\"http://x.example\">\
             {commenter}</a></strong> on <a href=\"#comment-2\">Apr 24, 2007</a> | Reply\
             <div id=\"comdiv\"><p>Nice post, well written and to the point.</p></div></li></ol>\
             </div></body></html>"
        )
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    for (i, who) in ["George", "Nat", "Mike", "Cakey"].iter().enumerate() {
        write(
            &mirror,
            &format!("p{i}/index.html"),
            &page(&format!("Post {i}"), who),
        );
    }
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert_eq!(code, 0, "{report}");
    assert_eq!(written.len(), 4, "{report}");
    for (rel, text) in &written {
        assert_eq!(field(&written, rel, "author"), None, "{text}");
    }
}

#[test]
fn feeds_sitemaps_and_other_files_are_never_converted() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    write(
        &mirror,
        "hello/index.html",
        &hero_page("Hello", "Other", "Other", false),
    );
    write(
        &mirror,
        "other/index.html",
        &hero_page("Other", "Hello", "Hello", false),
    );
    let item = "<item><title>By: A WordPress Commenter</title><link>https://x.example/hello/#comment-1</link>\
                <description>Hi, this is a comment.</description></item>";
    write(
        &mirror,
        "feed/index.xml",
        &format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
             <channel><title>Blog</title>{item}</channel></rss>"
        ),
    );
    write(
        &mirror,
        "hello/feed/index.html",
        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Comments</title></feed>",
    );
    write(
        &mirror,
        "sitemap.xml",
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
         <url><loc>https://x.example/hello/</loc></url></urlset>",
    );
    write(&mirror, "CNAME", "blog.example.com\n");
    write(&mirror, "robots.txt", "User-agent: *\n");
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert_eq!(code, 0, "{report}");
    assert_eq!(written.len(), 2, "{written:?}");
    assert_eq!(outcome(&report, "feed/index.xml"), ("skipped", "feed"));
    assert_eq!(
        outcome(&report, "hello/feed/index.html"),
        ("skipped", "feed")
    );
    assert_eq!(outcome(&report, "sitemap.xml"), ("skipped", "sitemap"));
    let rows = report["items"].as_array().expect("items");
    assert!(
        !rows.iter().any(|r| r["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("CNAME") || f.ends_with("robots.txt"))),
        "assets are not documents: {report}"
    );
}

/// A page as HTTrack saves it: the URL it came from in a comment, links made relative.
fn httrack_page(from: &str, title: &str, canonical: &str, comments: usize) -> String {
    let comments: String = (0..comments)
        .map(|i| {
            format!(
                "<li class=\"comment\"><div class=\"commentbody\"><p>Comment {i}: thanks for this \
                 tutorial, it helped me a lot with my own project and I learned things.</p></div></li>"
            )
        })
        .collect();
    format!(
        "<!DOCTYPE html><html>\n<!-- Mirrored from blog.example/archives/{from} by HTTrack Website \
         Copier/3.x [XR&CO'2013], Thu, 19 Sep 2013 11:15:48 GMT -->\n<head>\
         <title>{title} &laquo;  Random Blog</title><link rel='canonical' href='{canonical}' /></head>\
         <body><div id=\"wrapper\"><div id=\"header\"><h1><a href=\"../index.html\">Random Blog</a></h1></div>\
         <div id=\"maincol\"><div class=\"postwrap\"><h2 class=\"posttitle\"><a href=\"{canonical}\">{title}</a></h2>\
         <div class=\"postmeta\">by <a href=\"author/r.html\" rel=\"author\">R4ndom</a> on Oct.09, 2012</div>\
         <div class=\"postcontent\">{PROSE}</div></div>\
         <div id=\"comments\"><ol class=\"commentlist\">{comments}</ol></div></div></div></body></html>"
    )
}

#[test]
fn httrack_copies_and_look_alike_paths_are_written_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    write(
        &mirror,
        "archives/1042.html",
        &httrack_page("1042", "Tutorial 12", "1042.html", 1),
    );
    // HTTrack's name for `1042?replytocom=949`: a hash, and the note says what it was.
    write(
        &mirror,
        "archives/10423af1.html",
        &httrack_page("1042?replytocom=949", "Tutorial 12", "1042.html", 1),
    );
    // Post 1999, not the year 1999.
    write(
        &mirror,
        "archives/1999.html",
        &httrack_page("1999", "Tutorial 13", "1999.html", 0),
    );
    // A short post whose comments outweigh it: read from the template's body slot.
    write(
        &mirror,
        "archives/2961.html",
        &httrack_page("2961", "A short one", "2961.html", 12).replace(
            PROSE,
            "<p>Just a short note today, nothing more to say than that.</p>",
        ),
    );
    write(
        &mirror,
        "archives/2963.html",
        &httrack_page("2963", "Tutorial 14", "2963.html", 2),
    );
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        outcome(&report, "archives/10423af1.html"),
        ("skipped", "comment-page")
    );
    assert_eq!(outcome(&report, "archives/1999.html").0, "written");
    assert_eq!(
        field(&written, "archives/1999.html", "title"),
        Some("Tutorial 13")
    );
    let short = written
        .iter()
        .find(|(r, _)| r == "archives/2961.html")
        .map(|(_, t)| t.as_str())
        .unwrap_or_default();
    assert!(short.contains("Just a short note today"), "{short}");
    assert!(
        !short.contains("Comment 3"),
        "comments are not the post: {short}"
    );
    for (rel, _) in &written {
        assert_eq!(field(&written, rel, "author"), Some("R4ndom"), "{rel}");
        assert!(
            field(&written, rel, "date").is_some_and(|d| d.starts_with("2012-10-09")),
            "{rel}: {written:?}"
        );
    }
    assert_eq!(
        field(&written, "archives/1042.html", "title"),
        Some("Tutorial 12")
    );
}

#[test]
fn a_copy_without_canonical_is_found_by_its_text() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    let page = byline_page("Same post", "Posted on March 3, 2015");
    write(&mirror, "2015/03/03/same-post/index.html", &page);
    write(&mirror, "2015/03/same-post/index.html", &page);
    write(
        &mirror,
        "2015/03/04/other/index.html",
        &byline_page("Other post", "Posted on March 4, 2015").replace("second", "third"),
    );
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert_eq!(code, 0, "{report}");
    assert_eq!(written.len(), 2, "{written:?}");
    assert_eq!(
        outcome(&report, "2015/03/same-post/index.html"),
        ("skipped", "duplicate")
    );
}

#[test]
fn one_post_published_twice_is_two_posts_when_the_blog_numbers_them_so() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    let page = |id: u32, shortlink: bool| {
        let page = byline_page("Same post", "Posted on March 3, 2015");
        if shortlink {
            page.replace(
                "</head>",
                &format!("<link rel='shortlink' href='https://blog.example/?p={id}'></head>"),
            )
        } else {
            page.replace("<body", &format!("<body class=\"single postid-{id}\""))
        }
    };
    // WordPress's second post of one title gets `-2`; the site lists both.
    write(&mirror, "2015/03/03/same-post/index.html", &page(11, false));
    write(
        &mirror,
        "2015/03/03/same-post-2/index.html",
        &page(12, true),
    );
    // The first saved again under another path: the same number, one post.
    write(&mirror, "2015/03/same-post/index.html", &page(11, true));
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert_eq!(code, 0, "{report}");
    assert_eq!(written.len(), 2, "{written:?}");
    assert_eq!(
        outcome(&report, "2015/03/03/same-post-2/index.html").0,
        "written"
    );
    let copies = [
        outcome(&report, "2015/03/03/same-post/index.html"),
        outcome(&report, "2015/03/same-post/index.html"),
    ];
    assert!(
        copies.contains(&("skipped", "duplicate")) && copies.iter().any(|o| o.0 == "written"),
        "{copies:?}"
    );
}

#[test]
fn inspect_shows_what_the_site_learning_decided() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    let titles = ["One", "Two", "Three"];
    for (i, t) in titles.iter().enumerate() {
        write(
            &mirror,
            &format!("{t}/index.html"),
            &hero_page(t, titles[(i + 1) % 3], titles[(i + 2) % 3], false),
        );
    }
    let o = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .args(["inspect", "--json"])
        .arg(&mirror)
        .output()
        .expect("binary runs");
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["site_names"][0], "Gadget Notes");
    let slots = v["slots"].as_array().expect("slots");
    assert!(
        slots.iter().any(|s| s["field"] == "title (posts)"
            && s["element"]
                .as_str()
                .is_some_and(|e| e.ends_with("h1.page-title"))),
        "{v}"
    );
    let repeated = v["repeated_examples"].as_array().expect("repeated blocks");
    assert!(
        repeated.iter().any(|b| b[0]
            .as_str()
            .is_some_and(|e| e.contains("header.site-header"))
            && b[1].as_str().is_some_and(|t| t.contains("Gadget Notes"))),
        "{v}"
    );
    let pages = v["pages"].as_array().expect("pages");
    assert_eq!(pages.len(), 3);
    assert!(
        pages
            .iter()
            .all(|p| p["title_from"] == "template title slot")
    );
}

/// A theme that shows neither author nor tags, with the post title linked to the post's
/// shortlink (as wget saves it: `index.html?p=12`) and a `<title>` that carries the blog's
/// name, its archive's, and sometimes a series name.
fn plain_page(title: &str, id: usize) -> String {
    format!(
        "<html><head><title>Monkey Blog &raquo; Blog Archive &raquo; {title}</title></head><body>\
         <div id=\"page\"><div id=\"content\"><div class=\"post\">\
         <h2><a href=\"../../../../index.html?p={id}\" rel=\"bookmark\">{title}</a></h2>\
         <div class=\"date\">28 <span>May</span></div>\
         <div class=\"entry\">{PROSE}</div></div>\
         <div class=\"navigation\"><a href=\"../../../../index.html?p={}\">&laquo; Older</a></div>\
         </div></div></body></html>",
        id + 1
    )
}

#[test]
fn an_empty_saved_page_that_a_feed_lists_is_written_with_the_feeds_metadata() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    write(&mirror, "2013/04/voyage/index.html", "");
    write(&mirror, "2013/05/unlisted/index.html", "");
    write(
        &mirror,
        "2013/03/full/index.html",
        &plain_page("Full post", 1),
    );
    write(
        &mirror,
        "feed/index.html",
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <channel><title>Voyages</title><item><title>Oser le voyage</title>\
         <link>/2013/04/voyage/</link><pubDate>Thu, 18 Apr 2013 08:02:44 +0000</pubDate>\
         <dc:creator>Fred</dc:creator><category>France</category></item></channel></rss>",
    );
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert!(code == 0 || code == 1, "{report}");
    let rel = "2013/04/voyage/index.html";
    assert_eq!(
        field(&written, rel, "title"),
        Some("Oser le voyage"),
        "{written:?}"
    );
    assert_eq!(field(&written, rel, "author"), Some("Fred"));
    assert!(field(&written, rel, "date").is_some_and(|d| d.starts_with("2013-04-18T08:02:44")));
    let row = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|r| r["file"].as_str().is_some_and(|f| f.ends_with(rel)))
        .expect("row");
    assert!(
        row["warnings"]
            .to_string()
            .contains("the saved page is empty"),
        "{row}"
    );
    // No feed vouches for the other empty file: nothing to write.
    assert_eq!(
        outcome(&report, "2013/05/unlisted/index.html"),
        ("failed", "empty")
    );
}

#[test]
fn saved_feeds_give_what_the_pages_do_not_show() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    let posts = [
        ("2007/05/28/warcraft", "Warcraft strategy"),
        (
            "2008/07/28/chart-tooltips",
            "Open Flash Chart II – tooltips",
        ),
        (
            "2008/08/04/chart-graphs",
            "Open Flash Chart II – multiple graphs",
        ),
        (
            "2008/08/05/chart-labels",
            "Open Flash Chart II – label rotations",
        ),
        ("2009/01/08/rails-cms", "Simple CMS plugin for Rails"),
    ];
    let mut items = String::new();
    for (i, (path, title)) in posts.iter().enumerate() {
        write(
            &mirror,
            &format!("{path}/index.html"),
            &plain_page(title, 100 + i),
        );
        let day = &path[..10];
        items.push_str(&format!(
            "<item><title>{title}</title><link>https://monkey.example/blog/{path}/</link>\
             <pubDate>{}</pubDate><dc:creator>charlie</dc:creator>\
             <category>Rails</category><category>tag {i}</category></item>",
            match day {
                "2007/05/28" => "Mon, 28 May 2007 20:58:00 +0000",
                "2008/07/28" => "Mon, 28 Jul 2008 10:00:00 +0000",
                "2008/08/04" => "Mon, 04 Aug 2008 10:00:00 +0000",
                "2008/08/05" => "Tue, 05 Aug 2008 10:00:00 +0000",
                _ => "Thu, 08 Jan 2009 10:00:00 +0000",
            }
        ));
    }
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <channel><title>Monkey Blog</title>{items}</channel></rss>"
    );
    // The feeds base path (`/blog/`) is not in the saved paths.
    write(&mirror, "feed/index.html", &feed);
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert_eq!(code, 0, "{report}");
    assert_eq!(outcome(&report, "feed/index.html"), ("skipped", "feed"));
    for (i, (path, title)) in posts.iter().enumerate() {
        let rel = format!("{path}/index.html");
        assert_eq!(field(&written, &rel, "title"), Some(*title), "{rel}");
        assert_eq!(field(&written, &rel, "author"), Some("charlie"), "{rel}");
        let tags = field(&written, &rel, "tags").unwrap_or("");
        assert!(tags.contains(&format!("tag {i}")), "{rel}: {tags}");
    }
    assert!(
        field(&written, "2007/05/28/warcraft/index.html", "date")
            .is_some_and(|d| d.starts_with("2007-05-28T20:58")),
        "{written:?}"
    );

    // Without the feed, the title is still the post's (the series name stays in it, the
    // blog's and its archive's names go), and the date comes from the URL, not a comment.
    std::fs::remove_file(mirror.join("feed/index.html")).expect("rm");
    let (_, _, written) = convert(&mirror, &tmp.path().join("out2"));
    for (path, title) in posts {
        let rel = format!("{path}/index.html");
        assert_eq!(field(&written, &rel, "title"), Some(title), "{rel}");
        assert!(
            field(&written, &rel, "date")
                .is_some_and(|d| d.starts_with(&path[..10].replace('/', "-"))),
            "{rel}: {written:?}"
        );
    }
}

/// A Blogger page: `Blog: Post` titles, posts in `.post-outer`, a front page and year
/// archives holding whole posts.
fn blogger(title: &str, posts: &[(&str, &str)]) -> String {
    let entries: String = posts
        .iter()
        .map(|(t, href)| {
            format!(
                "<div class=\"post-outer\"><div class=\"post hentry\"><h3 class=\"post-title entry-title\">\
                 <a href=\"{href}\">{t}</a></h3><div class=\"post-body entry-content\">{PROSE}</div>\
                 <div class=\"post-footer\"><span class=\"post-labels\">Labels: \
                 <a href=\"../search/label/{t}.html\" rel=\"tag\">label {t}</a></span></div></div></div>"
            )
        })
        .collect();
    format!(
        "<html><head><title>{title}</title></head><body><div class=\"widget Blog\">\
         <div class=\"blog-posts hfeed\">{entries}</div></div></body></html>"
    )
}

#[test]
fn front_pages_and_year_archives_of_whole_posts_are_listings() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    let posts = [
        ("2010/09/summer.html", "Summer"),
        ("2010/10/autumn.html", "Autumn"),
        ("2010/11/winter.html", "Winter"),
        ("2011/01/snow.html", "Snow"),
    ];
    for (path, t) in posts {
        let name = path.rsplit('/').next().unwrap_or(path);
        write(
            &mirror,
            path,
            &blogger(&format!("Jorge Builds: {t}"), &[(t, name)]),
        );
    }
    let all: Vec<(&str, &str)> = posts.iter().map(|(p, t)| (*t, *p)).collect();
    write(&mirror, "index.html", &blogger("Jorge Builds", &all));
    write(
        &mirror,
        "2010/index.html",
        &blogger("Jorge Builds: 2010", &all[..3]),
    );
    write(
        &mirror,
        "p/about.html",
        &blogger("Jorge Builds: About", &[("About", "about.html")]),
    );
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        outcome(&report, "/mirror/index.html"),
        ("skipped", "listing")
    );
    assert_eq!(outcome(&report, "2010/index.html").0, "skipped");
    for (path, t) in posts {
        assert_eq!(field(&written, path, "title"), Some(t), "{written:?}");
        let tags = field(&written, path, "tags").unwrap_or("");
        assert!(tags.contains(&format!("label {t}")), "{path}: {tags}");
    }
    let about = written
        .iter()
        .find(|(r, _)| r == "p/about.html")
        .expect("the static page is written");
    assert!(
        !about.1.contains("\ndate:"),
        "a page, not a post: {}",
        about.1
    );
}

#[test]
fn wget_clash_names_are_the_archives_they_stand_for() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    write(
        &mirror,
        "2005/07/31/cabin/index.html",
        &byline_page("Cabin", "Posted on July 31, 2005"),
    );
    write(
        &mirror,
        "2005/07.1.html",
        &byline_page("July 2005", "Posted on July 31, 2005"),
    );
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        outcome(&report, "2005/07.1.html"),
        ("skipped", "date-archive")
    );
    assert_eq!(written.len(), 1);
}

#[test]
fn hostile_pages_in_a_mirror_fail_or_convert_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    let n = 20_000;
    // Nesting no theme has: each walk over the page (slots, titles, the extractor's
    // candidates) would be quadratic in it without the page depth cap.
    write(
        &mirror,
        "deep/index.html",
        &format!(
            "<html><head><title>Deep - S</title></head><body>{}y{}</body></html>",
            "<div class=\"post-content\"><h2 class=\"title\">".repeat(n),
            "</h2></div>".repeat(n)
        ),
    );
    write(
        &mirror,
        "spans/index.html",
        &format!(
            "<html><head><title>Spans - S</title></head><body>{}x{}{PROSE}</body></html>",
            "<span class=\"title\">".repeat(n),
            "</span>".repeat(n)
        ),
    );
    write(&mirror, "empty/index.html", "");
    write(&mirror, "binary/index.html", "\u{0}\u{1}\u{2}PNG");
    write(
        &mirror,
        "fine/index.html",
        &byline_page("Fine", "Posted on March 3, 2015"),
    );
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert!(code == 0 || code == 1, "{report}");
    assert!(written.iter().any(|(r, _)| r == "fine/index.html"));
    let rows = report["items"].as_array().expect("items");
    assert_eq!(rows.len(), 5, "every document has its row: {report}");
    assert_eq!(outcome(&report, "binary/index.html").0, "failed");
    assert_eq!(outcome(&report, "empty/index.html"), ("failed", "empty"));
}

#[test]
fn one_post_under_two_paths_is_kept_where_its_canonical_url_says() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    let page = |extra: &str| {
        byline_page("Ginger beer", "Posted on June 5, 2009").replace(
            "</head>",
            &format!(
                "<link rel=\"canonical\" href=\"https://blog.example/2009/06/05/ginger-beer/\">{extra}</head>"
            ),
        )
    };
    // A static export saves the post under both permalink shapes the site answered to; the
    // second copy differs in its sidebar (a counter), not in the post.
    write(
        &mirror,
        "2009/06/ginger-beer/index.html",
        &page("<meta name=x content=1>"),
    );
    write(&mirror, "2009/06/05/ginger-beer/index.html", &page(""));
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert_eq!(code, 0, "{report}");
    assert_eq!(written.len(), 1, "{written:?}");
    assert_eq!(written[0].0, "2009/06/05/ginger-beer/index.html");
    let row = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|r| r["code"] == "duplicate")
        .expect("the other copy is a duplicate");
    assert!(
        row["reason"]
            .as_str()
            .is_some_and(|r| r.contains("2009/06/05/ginger-beer") && r.contains("canonical")),
        "{row}"
    );
}

/// A theme with a plain-text byline ("Written by …"), a co-author box on some posts, a
/// JSON-LD that names the post's owner, and categories linked without `rel`.
fn coauthor_page(title: &str, byline: &str, owner: &str, cats: &[&str]) -> String {
    let cats: String = cats
        .iter()
        .map(|c| {
            format!(
                "<a href=\"../category/{c}/index.html\" title=\"View all posts in {c}\">{c}</a>, "
            )
        })
        .collect();
    format!(
        "<html><head><title>{title} | Paper</title>\
         <script type=\"application/ld+json\">{{\"@type\":\"BlogPosting\",\"author\":{{\"name\":\"{owner}\"}}}}</script>\
         </head><body><ul class=\"menu\"><li class=\"menu-item-object-category\">\
         <a href=\"../category/news/index.html\">News</a></li></ul>\
         <article><h1 class=\"single-title\">{title}</h1>\
         <div class=\"signature\"><p>Written by {byline}</p><p>28/11/2005 a 8:24 pm</p></div>\
         <div class=\"entry-content\">{PROSE}</div>\
         <div class=\"post-cat-holder\"><h5>Categories:</h5> {cats}</div></article></body></html>"
    )
}

#[test]
fn bylines_and_term_lists_without_markup_are_read_by_agreement() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    let pages = [
        ("one", "Ann Bell", "Ann Bell", &["agenda"][..]),
        ("two", "Ann Bell", "Ann Bell", &["agenda", "news"][..]),
        ("three", "Carl Dorn", "Carl Dorn", &["news"][..]),
        // The byline names the writer; JSON-LD the account that posted it.
        ("four", "Eva Frey", "Ann Bell", &["agenda"][..]),
    ];
    for (slug, byline, owner, cats) in pages {
        write(
            &mirror,
            &format!("{slug}/index.html"),
            &coauthor_page(&format!("Post {slug}"), byline, owner, cats),
        );
    }
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert_eq!(code, 0, "{report}");
    for (slug, byline, _, cats) in pages {
        let rel = format!("{slug}/index.html");
        let text = &written
            .iter()
            .find(|(r, _)| *r == rel)
            .unwrap_or_else(|| panic!("{rel} written: {written:?}"))
            .1;
        let want_cats = format!(
            "categories: [{}]",
            cats.iter()
                .map(|c| format!("{c:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        assert!(text.contains(&want_cats), "{rel}: {text}");
        if slug != "four" {
            assert_eq!(field(&written, &rel, "author"), Some(byline), "{rel}");
        }
    }
    // One voice each: the byline readers saw wins the tie.
    assert_eq!(
        field(&written, "four/index.html", "author"),
        Some("Eva Frey")
    );
}

#[test]
fn share_links_and_embed_cards_are_not_posts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    let post = hero_page("Linking", "Other", "Other", false);
    write(&mirror, "2005/01/29/linking/index.html", &post);
    write(
        &mirror,
        "2005/01/29/linking/index.html?share=facebook.html",
        "<html><head><title>Update Your Browser</title></head><body><p>Your browser is not \
         supported any more. Please update it to keep using this site, it is safer.</p></body></html>",
    );
    write(&mirror, "2005/01/29/linking/embed/index.html", &post);
    let (code, report, written) = convert(&mirror, &tmp.path().join("out"));
    assert_eq!(code, 0, "{report}");
    assert_eq!(written.len(), 1, "{written:?}");
    assert_eq!(
        outcome(&report, "linking/index.html?share=facebook.html"),
        ("skipped", "share-link")
    );
    assert_eq!(
        outcome(&report, "linking/embed/index.html"),
        ("skipped", "embed-page")
    );
}

#[test]
fn the_old_addresses_of_copies_and_redirect_stubs_point_at_the_post_kept() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mirror = tmp.path().join("mirror");
    let post = |url: &str| {
        byline_page("Ginger beer", "Posted on June 5, 2009").replace(
            "</head>",
            &format!("<link rel=\"canonical\" href=\"https://blog.example{url}\"></head>"),
        )
    };
    write(
        &mirror,
        "2009/06/05/ginger-beer/index.html",
        &post("/2009/06/05/ginger-beer/"),
    );
    // The same post published twice under its own second address: one post to a reader.
    write(
        &mirror,
        "2009/06/05/ginger-beer-2/index.html",
        &post("/2009/06/05/ginger-beer-2/"),
    );
    // The old permalink shape, saved as the stub that forwarded it.
    write(
        &mirror,
        "2009/06/ginger-beer/index.html",
        "<html><head><meta http-equiv=\"refresh\" content=\"0; url=../05/ginger-beer/index.html\">\
         </head><body>Moved</body></html>",
    );
    let report = tmp.path().join("out.report.json");
    let out = tmp.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .args(["convert"])
        .arg(&mirror)
        .arg("-o")
        .arg(&out)
        .args(["--redirects", "netlify", "--report"])
        .arg(&report)
        .arg("-q")
        .output()
        .expect("binary runs");
    assert_eq!(o.status.code(), Some(0));
    let post = std::fs::read_to_string(out.join("content/posts/ginger-beer.md")).expect("post");
    for old in [
        "/2009/06/05/ginger-beer/",
        "/2009/06/05/ginger-beer-2/",
        "/2009/06/ginger-beer/",
    ] {
        assert!(post.contains(&format!("\"{old}\"")), "{old} in {post}");
    }
    let redirects = std::fs::read_to_string(out.join("static/_redirects")).expect("redirects");
    assert!(
        redirects.contains("/2009/06/ginger-beer/")
            && redirects.contains("/2009/06/05/ginger-beer-2/"),
        "{redirects}"
    );
    assert!(!out.join("content/posts/ginger-beer-2.md").exists());
}
