//! Movable Type / TypePad exports: told from other text by their content, read into the same
//! pipeline as WordPress exports.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use unpress::report::Outcome;
use unpress::{Options, Source};

fn blog() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mt/blog.txt")
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn an_export_converts_like_a_wordpress_one() {
    let out = tempfile::tempdir().expect("tempdir");
    let opts = Options {
        comments: unpress::pipeline::CommentMode::FrontMatter,
        ..Options::default()
    };
    let report = unpress::convert_wxr(&Source::File(blog()), out.path(), &opts);
    assert!(
        report.errors.is_empty() && report.problems.is_empty(),
        "{report:?}"
    );
    assert_eq!((report.summary.items, report.summary.written), (3, 3));
    assert_eq!(report.summary.drafts, 1);
    for row in &report.items {
        assert_eq!(row.outcome, Outcome::Written);
        let kept = row.kept.as_ref().expect("checked");
        assert!(!kept.has_loss(), "{}: {:?}", row.title, row.warnings);
    }

    let roman = read(out.path(), "content/posts/roman_holiday.md");
    for want in [
        "title: \"Roman holiday: [three] days of pasta\"",
        "date: 2008-03-14T18:30:00\n",
        "author: \"Melody Nelson\"",
        "categories: [\"Travel\", \"Food\"]",
        "tags: [\"rome\", \"street food\", \"pasta\"]",
        "summary: \"Three days, too much pasta.\"",
        "type: \"trackback\"",
        // Not a shortcode: Movable Type text keeps its brackets.
        "The \\[first] thing",
        "The second day:\\\na walk",
        "On the third day we took the train home.",
    ] {
        assert!(roman.contains(want), "{want:?} in\n{roman}");
    }
    assert!(
        !roman.contains("ben@example.net") && !roman.contains("192.168"),
        "{roman}"
    );

    let draft = read(out.path(), "content/posts/notes_for_next_time.md");
    assert!(draft.contains("draft: true"), "{draft}");
    assert!(draft.contains("- light shoes\n- an umbrella"), "{draft}");
    assert!(draft.contains("Book *early*: see [the timetable](http://www.example.com/trains)."));

    let raw = read(out.path(), "content/posts/raw-html-post.md");
    // Hatena Blog's `IMAGE:` is the entry's eyecatch.
    assert!(
        raw.contains("images: [\"https://cdn.example.org/images/eyecatch.png\"]"),
        "{raw}"
    );
    assert!(
        raw.contains("## Raw\n\nWritten as HTML.\n\n```\nline one\n\nline three\n```"),
        "{raw}"
    );
}

#[test]
fn the_command_line_sniffs_it_and_from_mt_forces_it() {
    for extra in [&[][..], &["--from", "mt"][..]] {
        let out = tempfile::tempdir().expect("tempdir");
        let status = Command::new(env!("CARGO_BIN_EXE_unpress"))
            .arg("convert")
            .arg(blog())
            .arg("-o")
            .arg(out.path())
            .arg("-q")
            .args(extra)
            .status()
            .expect("runs");
        assert_eq!(status.code(), Some(0));
        assert_eq!(common::files(&out.path().join("content/posts")).len(), 3);
    }
}

#[test]
fn a_cut_export_keeps_every_entry_before_the_cut_and_says_where() {
    let text = std::fs::read_to_string(blog()).expect("fixture");
    let cut = &text[..text.find("line three").expect("in the fixture")];
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cut.txt");
    std::fs::write(&path, cut).expect("written");
    let report = unpress::convert_wxr(
        &Source::File(path),
        &dir.path().join("out"),
        &Options::default(),
    );
    assert_eq!(report.summary.written, 3);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    // The line of the cut entry's first field.
    assert_eq!(report.problems[0].line, Some(62));
    assert!(
        report.problems[0]
            .message
            .contains("ends inside this entry")
    );
}

#[test]
fn no_entry_records_give_their_comments_to_their_entry() {
    let record = |title: &str, body: &str, no_entry: bool, author: &str| {
        format!(
            "TITLE: {title}\n{}STATUS: Publish\nDATE: 01/02/2009 10:00:00 AM\n-----\n\
             BODY:\n{body}\n-----\nCOMMENT:\nAUTHOR: {author}\nEMAIL: {author}@example.net\n\
             IP: 10.0.0.1\nDATE: 01/03/2009 10:00:00 AM\nWell said, {author}.\n-----\n--------\n",
            if no_entry { "NO ENTRY: 1\n" } else { "" }
        )
    };
    // The comments-only records come before and after their entry; one has no entry.
    let text = [
        record("Snow", "", true, "Ada"),
        record("Snow", "It snowed.", false, "Ben"),
        record("Snow", "", true, "Cy"),
        record("Gone", "", true, "Di"),
    ]
    .concat();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("blog.txt");
    std::fs::write(&path, text).expect("written");
    let opts = Options {
        comments: unpress::pipeline::CommentMode::FrontMatter,
        ..Options::default()
    };
    let report = unpress::convert_wxr(&Source::File(path), &dir.path().join("out"), &opts);
    assert_eq!((report.summary.items, report.summary.written), (4, 1));
    let reasons: Vec<_> = report.items.iter().map(|r| r.reason.as_deref()).collect();
    assert!(
        reasons[0].is_some_and(|r| r.ends_with("written with it")),
        "{reasons:?}"
    );
    assert!(
        reasons[2].is_some_and(|r| r.ends_with("written with it")),
        "{reasons:?}"
    );
    assert!(
        reasons[3].is_some_and(|r| r.contains("not in this export")),
        "{reasons:?}"
    );
    let post = read(&dir.path().join("out"), "content/posts/snow.md");
    for who in ["Ada", "Ben", "Cy"] {
        assert!(
            post.contains(&format!("Well said, {who}.")),
            "{who} in\n{post}"
        );
    }
    assert!(!post.contains("Di") && !post.contains("@example") && !post.contains("10.0"));
}

#[test]
fn inspect_reads_it_as_what_it_is() {
    let out = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .arg("inspect")
        .arg(blog())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(": Movable Type, site ?, 3 items"), "{text}");
    assert!(text.contains("draft 1, publish 2"), "{text}");
    assert!(text.contains("Problems\n  none"), "{text}");
}

mod soup {
    use proptest::prelude::*;
    use unpress::read::wxr::ReadMode;

    /// Lines an export is made of, in any order and any number, with stray bytes.
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("--------".to_string()),
            Just("-----".to_string()),
            Just("BODY:".to_string()),
            Just("EXTENDED BODY:".to_string()),
            Just("COMMENT:".to_string()),
            Just("PING:".to_string()),
            Just("STATUS: Publish".to_string()),
            Just("CONVERT BREAKS: markdown".to_string()),
            "(AUTHOR|TITLE|DATE|TAGS|CATEGORY|EMAIL|IP|URL): [ -~]{0,20}",
            "[/0-9: APM]{0,24}",
            "\\PC{0,40}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Any mix of lines reads without panicking, every entry once, and converts.
        #[test]
        fn any_export_reads_and_converts(lines in proptest::collection::vec(line(), 0..60)) {
            let text = lines.join("\n");
            let mut n = 0;
            let read = unpress::read::mt::read(text.as_bytes(), ReadMode::Full, |_, item| {
                n += 1;
                let _ = unpress::item::content_html_for(&item, &Default::default(), false);
                true
            });
            prop_assert!(read.is_ok());
            let separators = text.lines().filter(|l| *l == "--------").count();
            prop_assert!(n <= separators + 1, "{n} entries from {separators} separators");
        }
    }
}

#[test]
fn wordpress_shortcodes_a_blog_brought_from_wordpress_show_what_wordpress_showed() {
    // A blog moved from WordPress to Movable Type kept its shortcodes as text, and its
    // Markdown posts a rule (eight dashes) that is no entry separator.
    let dir = tempfile::tempdir().expect("tempdir");
    let export = dir.path().join("export.txt");
    std::fs::write(
        &export,
        "TITLE: Wipers\nBASENAME: wipers\nCONVERT BREAKS: markdown\nDATE: 09/02/2008 10:00:00 AM\n\
         -----\nBODY:\n[caption id=\"attachment_3\" width=\"300\" caption=\"Blades from Amazon\"]\
         <img src=\"https://cdn.example/blades.jpg\" alt=\"blades\" />[/caption]\n\nThey came in \
         two boxes.\n\n--------\n\n[youtube]YzhJXQLxxZs[/youtube]\n-----\n--------\n\
         TITLE: Next\nBASENAME: next\nDATE: 09/03/2008 10:00:00 AM\n-----\nBODY:\nMore.\n-----\n\
         --------\n",
    )
    .expect("written");
    let out = dir.path().join("out");
    let report = unpress::convert_wxr(&Source::File(export), &out, &Options::default());
    assert_eq!((report.summary.items, report.summary.written), (2, 2));
    let post = read(&out, "content/posts/wipers.md");
    assert!(
        post.contains("![blades](https://cdn.example/blades.jpg)\n\nBlades from Amazon"),
        "{post}"
    );
    assert!(post.contains("{{< youtube YzhJXQLxxZs >}}"), "{post}");
    assert!(post.contains("two boxes.\n\n---\n\n{{< youtube"), "{post}");
    assert!(!post.contains("[caption") && !post.contains("[/"), "{post}");
}
