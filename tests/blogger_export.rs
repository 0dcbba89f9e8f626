//! Blogger exports (the backup and Google Takeout's `feed.atom`): told from other XML by their
//! content, read into the same pipeline as WordPress exports.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use unpress::report::Outcome;
use unpress::{Options, Source, Target};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/blogger")
        .join(name)
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn with_comments(target: Target) -> Options {
    Options {
        target,
        comments: unpress::pipeline::CommentMode::FrontMatter,
        ..Options::default()
    }
}

fn assert_has(text: &str, wants: &[&str]) {
    for want in wants {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
}

#[test]
fn a_backup_converts_like_a_wordpress_export() {
    let out = tempfile::tempdir().expect("tempdir");
    let report = unpress::convert_wxr(
        &Source::File(fixture("backup.xml")),
        out.path(),
        &with_comments(Target::Hugo),
    );
    assert!(
        report.errors.is_empty() && report.problems.is_empty(),
        "{report:?}"
    );
    let s = &report.summary;
    assert_eq!((s.items, s.written, s.drafts, s.skipped), (10, 5, 1, 5));
    // Two approved comments on one post, one on another; the removed one is not counted.
    assert_eq!(s.comments, 3);
    let reasons: Vec<_> = report
        .items
        .iter()
        .filter(|r| r.outcome == Outcome::Skipped)
        .map(|r| r.reason.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        reasons,
        [
            "Blogger template",
            "Blogger settings",
            "Blogger settings",
            "Blogger settings",
            "a comment on a post that is not in this export",
        ]
    );
    for row in report
        .items
        .iter()
        .filter(|r| r.outcome == Outcome::Written)
    {
        let kept = row.kept.as_ref().expect("checked");
        assert!(!kept.has_loss(), "{}: {:?}", row.title, row.warnings);
    }

    let spring = read(out.path(), "content/posts/spring-in-hills.md");
    assert_has(
        &spring,
        &[
            "title: \"Spring in the hills\"",
            "date: 2011-04-02T09:15:00-07:00\n",
            "lastmod: 2011-04-03T08:00:12-07:00\n",
            "author: \"Wren Walker\"",
            // Labels are tags.
            "tags: [\"hiking\", \"Photos & Maps\"]",
            "aliases: [\"/2011/04/spring-in-hills.html\"]",
            "original_url: \"http://fieldnotes-example.blogspot.com/2011/04/spring-in-hills.html\"",
            // Text and breaks: paragraphs, and a single break kept.
            "We walked up the ridge at dawn.\n\nThe trail was muddy\\\nbut the view was worth it.",
            // The jump break is the summary divider.
            "s1600/ridge.jpg)\n\n<!--more-->\n\nAfter the jump",
            // Threaded, oldest first, without emails.
            "author: \"Ann Other\"",
            "parent: 3000000000000000001",
            "body: \"Thanks, Ann!\\\\\\nMore soon.\"",
        ],
    );
    // Blogger's id is no WordPress id.
    assert!(!spring.contains("wordpress_id"), "{spring}");
    let all: String = common::files(out.path())
        .iter()
        .map(|f| read(out.path(), &f.to_string_lossy()))
        .collect();
    for private in ["@example", "removed by the author", "Spammy"] {
        assert!(!all.contains(private), "{private} in the output");
    }

    let draft = read(out.path(), "content/posts/using-pre-friends.md");
    assert_has(
        &draft,
        &[
            "title: \"Using <pre> & friends\"",
            "draft: true",
            // Line breaks converted, as the blog's setting said.
            "First line\\\nsecond line\n\nA new paragraph with **bold** words.",
        ],
    );
    assert!(!draft.contains("aliases"), "{draft}");

    let about = read(out.path(), "content/about.md");
    assert_has(
        &about,
        &["aliases: [\"/p/about.html\"]", "I write about walks"],
    );

    // Blogger's `blog-post_15.html` says nothing: the slug comes from the title.
    let mushrooms = read(out.path(), "content/posts/грибы-после-дождя.md");
    assert_has(
        &mushrooms,
        &[
            "date: 2012-08-15T21:40:00+05:30\n",
            "aliases: [\"/2012/08/blog-post_15.html\"]",
            "грибов.\n\n<!--more-->\n\nМы собрали",
            "author: \"Anonymous\"",
        ],
    );

    let log = read(out.path(), "content/posts/trail-log-with-code.md");
    assert_has(
        &log,
        &[
            // A link to another post of the blog points at its new page.
            "Back to [the ridge](/posts/spring-in-hills/)",
            "```\ngpsbabel -i nmea -f track.txt \\\n  -o gpx -F track.gpx\n```",
            "{{< youtube dQw4w9WgXcQ >}}",
        ],
    );
}

#[test]
fn jekyll_gets_dated_posts_and_redirects() {
    let out = tempfile::tempdir().expect("tempdir");
    let report = unpress::convert_wxr(
        &Source::File(fixture("backup.xml")),
        out.path(),
        &with_comments(Target::Jekyll),
    );
    assert_eq!(report.summary.written, 5);
    let spring = read(out.path(), "_posts/2011-04-02-spring-in-hills.md");
    assert_has(
        &spring,
        &["redirect_from: [\"/2011/04/spring-in-hills.html\"]"],
    );
    assert!(
        read(out.path(), "_posts/2011-05-10-using-pre-friends.md").contains("published: false")
    );
}

#[test]
fn a_takeout_feed_converts_with_its_statuses() {
    let out = tempfile::tempdir().expect("tempdir");
    let report = unpress::convert_wxr(
        &Source::File(fixture("feed.atom")),
        out.path(),
        &with_comments(Target::Hugo),
    );
    assert!(
        report.errors.is_empty() && report.problems.is_empty(),
        "{report:?}"
    );
    let s = &report.summary;
    assert_eq!((s.items, s.written, s.drafts, s.skipped), (6, 5, 2, 1));
    // Tom's comment comes before its post in the file, as Takeout lists some; the one in the
    // bin is not approved.
    assert_eq!(s.comments, 3);
    let trashed = report
        .items
        .iter()
        .find(|r| r.outcome == Outcome::Skipped)
        .expect("the trashed post");
    assert_eq!(
        (trashed.title.as_str(), trashed.code.as_deref()),
        ("A post in the bin", Some("trash"))
    );

    let bread = read(out.path(), "content/posts/bread-without-recipe.md");
    assert_has(
        &bread,
        &[
            "date: 2019-03-02T18:30:00Z\n",
            "tags: [\"Bread\", \"Baking\"]",
            "summary: \"How I bake bread by feel.\"",
            // Takeout knows only the path of the old URL.
            "aliases: [\"/2019/03/bread-without-recipe.html\"]",
            "Flour, water, salt, time.\n\n<!--more-->\n\n",
            "w640-h480/loaf.jpg",
            "see [how to ask me](/contact/)",
            "parent: 7000000000000000001",
            "author: \"Tom\"",
            // Blogger shows a comment without a name as Anonymous.
            "author: \"Anonymous\"",
        ],
    );
    assert!(!bread.contains("Buy cheap flour"), "{bread}");
    assert_has(
        &read(out.path(), "content/posts/sourdough-half-written.md"),
        &["draft: true"],
    );
    assert_has(
        &read(out.path(), "content/posts/next-month-rye.md"),
        &[
            "draft: true",
            "date: 2019-06-01T09:00:00Z",
            // Takeout names no site, but the posts' links to each other show it.
            "Rye is next, after [the loaf](/posts/bread-without-recipe/) (and \
             [this rye](https://someone-else.blogspot.com/2019/02/rye.html)).",
        ],
    );
    assert_has(
        &read(out.path(), "content/contact.md"),
        &["aliases: [\"/p/contact.html\"]"],
    );
    // Text pasted without markup reads as paragraphs and breaks.
    assert_has(
        &read(out.path(), "content/posts/oven-notes-pasted-in.md"),
        &[
            "Preheat for an hour.\\\nThe stone holds the heat.\n\nSteam for the first **ten** minutes.",
        ],
    );
}

#[test]
fn the_command_line_sniffs_both_and_from_blogger_forces_them() {
    for (name, posts) in [("backup.xml", 4), ("feed.atom", 4)] {
        for extra in [&[][..], &["--from", "blogger"][..]] {
            let out = tempfile::tempdir().expect("tempdir");
            let status = Command::new(env!("CARGO_BIN_EXE_unpress"))
                .arg("convert")
                .arg(fixture(name))
                .arg("-o")
                .arg(out.path())
                .arg("-q")
                .args(extra)
                .status()
                .expect("runs");
            assert_eq!(status.code(), Some(0), "{name} {extra:?}");
            assert_eq!(
                common::files(&out.path().join("content/posts")).len(),
                posts,
                "{name}"
            );
        }
    }
}

#[test]
fn other_xml_forced_as_blogger_is_refused_in_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rss = dir.path().join("feed.xml");
    std::fs::write(&rss, "<?xml version=\"1.0\"?><rss><channel/></rss>").expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .args(["convert", "--from", "blogger", "-q", "-o"])
        .arg(dir.path().join("out"))
        .arg(&rss)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not a Blogger export: the root element is <rss>"),
        "{err}"
    );
}

#[test]
fn a_cut_backup_keeps_every_entry_before_the_cut_and_names_its_line() {
    let text = std::fs::read_to_string(fixture("backup.xml")).expect("fixture");
    let cut = &text[..text.find("Мы собрали").expect("in the fixture")];
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cut.xml");
    std::fs::write(&path, cut).expect("written");
    let report = unpress::convert_wxr(
        &Source::File(path),
        &dir.path().join("out"),
        &Options::default(),
    );
    // The template, three settings, two posts and the page came before the cut.
    assert_eq!((report.summary.written, report.summary.skipped), (3, 4));
    assert_eq!(report.summary.failed, 1);
    let err = &report.errors[0];
    assert_eq!(err.line, Some(13));
    assert!(
        err.message
            .contains("ends inside the <entry> that starts at line 13"),
        "{err:?}"
    );
}

#[test]
fn hostile_entries_stay_inside_the_output_and_read_in_linear_time() {
    let deep = "<b>".repeat(100_000);
    let doc = format!(
        "<?xml version='1.0' encoding='ISO-8859-1'?><feed xmlns='http://www.w3.org/2005/Atom'>\
         <id>tag:blogger.com,1999:blog-9.archive</id>\
         <entry><id>tag:blogger.com,1999:blog-9.post-1</id><published>2010-01-01T00:00:00Z</published>\
         <category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>\
         <title type='text'>Caf\u{e9}</title><content type='html'>{}&lt;p&gt;deep&lt;/p&gt;</content>\
         <link rel='alternate' href='http://x.blogspot.com/2010/01/..%2F..%2Fetc%2Fpasswd.html'/></entry>\
         <entry><id>tag:blogger.com,1999:blog-9.post-2</id><published>2010-01-02T00:00:00Z</published>\
         <category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>\
         <title>Nested</title><content>{deep}text</content></entry></feed>",
        "&lt;div&gt;".repeat(50_000)
    );
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&doc);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hostile.xml");
    std::fs::write(&path, &latin1).expect("written");
    let started = std::time::Instant::now();
    let report = unpress::convert_wxr(
        &Source::File(path),
        &dir.path().join("out"),
        &Options::default(),
    );
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    assert_eq!(report.summary.written, 2, "{report:?}");
    let files = common::files(&dir.path().join("out"));
    assert!(
        files.iter().all(|f| !f.to_string_lossy().contains("..")),
        "{files:?}"
    );
    let cafe = files
        .iter()
        .find(|f| f.to_string_lossy().contains("passwd"))
        .expect("the traversal slug, made safe");
    let text = read(&dir.path().join("out"), &cafe.to_string_lossy());
    assert!(
        text.contains("title: \"Café\"") && text.contains("deep"),
        "{text}"
    );
    // 100,000 elements left open: one problem, not one per element.
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
}

#[test]
fn a_takeout_zip_and_a_folder_holding_a_backup_are_read_as_exports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip_path = dir.path().join("takeout-20240101T000000Z-001.zip");
    {
        let file = std::fs::File::create(&zip_path).expect("zip");
        let mut zip = zip::ZipWriter::new(file);
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("Takeout/Blogger/Blogs/Kitchen Table/feed.atom", opts)
            .expect("entry");
        std::io::Write::write_all(
            &mut zip,
            &std::fs::read(fixture("feed.atom")).expect("fixture"),
        )
        .expect("written");
        zip.start_file(
            "Takeout/Blogger/Blogs/Kitchen Table/theme-classic.html",
            opts,
        )
        .expect("entry");
        std::io::Write::write_all(&mut zip, b"<html></html>").expect("written");
        zip.finish().expect("zip");
    }
    let folder = dir.path().join("exports");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::copy(fixture("backup.xml"), folder.join("blog-09-01-2012.xml")).expect("copied");
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .arg("convert")
        .arg(&zip_path)
        .arg(&folder)
        .arg("-o")
        .arg(&out)
        .arg("-q")
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(0));
    let posts = common::files(&out.join("content/posts"));
    assert_eq!(posts.len(), 8, "{posts:?}");
}

#[test]
fn inspect_reads_it_as_what_it_is() {
    let out = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .arg("inspect")
        .arg(fixture("backup.xml"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_has(
        &text,
        &[
            ": Blogger, site http://fieldnotes-example.blogspot.com/, 10 items",
            "Problems\n  none",
        ],
    );
}

mod soup {
    use proptest::prelude::*;
    use unpress::read::wxr::ReadMode;

    /// Pieces a Blogger export is made of, in any order and any number, with stray text.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("<feed xmlns='http://www.w3.org/2005/Atom'>".to_string()),
            Just("</feed>".to_string()),
            Just("<entry>".to_string()),
            Just("</entry>".to_string()),
            Just("<id>tag:blogger.com,1999:blog-1.post-7</id>".to_string()),
            Just("<id>tag:blogger.com,1999:blog-1.post-99999999999999999999</id>".to_string()),
            Just("<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#comment'/>".to_string()),
            Just("<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>".to_string()),
            Just("<thr:in-reply-to ref='tag:blogger.com,1999:blog-1.post-7'/>".to_string()),
            Just("<blogger:parent>post-7</blogger:parent><blogger:inReplyTo>post-7</blogger:inReplyTo>".to_string()),
            Just("<blogger:type>POST</blogger:type><blogger:status>SOFT_TRASHED</blogger:status>".to_string()),
            Just("<content type='html'>a&lt;a name='more'&gt;&lt;/a&gt;b</content>".to_string()),
            Just("<link rel='alternate' href='http://x.blogspot.com/2011/01/a.html'/>".to_string()),
            Just("<link rel='related' href='/comments/default/7'/>".to_string()),
            Just("<published>2011-01-01T00:00:00.000-08:00</published>".to_string()),
            Just("<blogger:filename>/p/x.html</blogger:filename><blogger:trashed>x</blogger:trashed>".to_string()),
            "<[a-z:]{1,8}>",
            "</[a-z:]{1,8}>",
            "\\PC{0,30}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Any mix of pieces reads without panicking, both passes alike, and converts.
        #[test]
        fn any_export_reads_and_converts(pieces in proptest::collection::vec(piece(), 0..40)) {
            let text = pieces.concat();
            let mut rows = [Vec::new(), Vec::new()];
            for (k, mode) in [ReadMode::Full, ReadMode::Index].into_iter().enumerate() {
                let _ = unpress::read::blogger::read(text.as_bytes(), mode, |_, item| {
                    rows[k].push((item.line, item.post_id, item.post_type.clone()));
                    let _ = unpress::item::content_html_for(&item, &Default::default(), false);
                    true
                });
            }
            prop_assert_eq!(&rows[0], &rows[1]);
        }
    }
}
