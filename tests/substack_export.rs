//! Substack exports (the zip, or its folder): told by their content, read as one site.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use unpress::report::{Outcome, Report};
use unpress::{Options, Source};

fn export() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/substack/substack-export")
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A copy of the fixture export in `dir`, with `posts.csv` replaced when given.
fn copy_export(dir: &Path, posts_csv: Option<&str>) -> PathBuf {
    let to = dir.join("export");
    for rel in common::files(&export()) {
        let target = to.join(&rel);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("dir");
        std::fs::copy(export().join(&rel), &target).expect("copied");
    }
    if let Some(csv) = posts_csv {
        std::fs::write(to.join("posts.csv"), csv).expect("written");
    }
    to
}

fn convert(input: &Path, out: &Path) -> Report {
    unpress::convert_wxr(&Source::File(input.to_path_buf()), out, &Options::default())
}

#[test]
fn an_export_folder_converts_as_one_site() {
    let out = tempfile::tempdir().expect("tempdir");
    let report = convert(&export(), out.path());
    assert!(
        report.errors.is_empty() && report.problems.is_empty(),
        "{report:?}"
    );
    let s = &report.summary;
    assert_eq!((s.items, s.written, s.drafts, s.failed), (8, 8, 4, 0));
    // Each row is its record's line in posts.csv (the first record spans two lines).
    let lines: Vec<u64> = report.items.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 4, 5, 6, 7, 8, 9, 10]);
    for row in &report.items {
        assert_eq!(row.outcome, Outcome::Written, "{}", row.title);
        let kept = row.kept.as_ref().expect("checked");
        assert!(!kept.has_loss(), "{}: {:?}", row.title, row.warnings);
    }
    let paid = &report.items[1];
    assert!(paid.draft);
    assert_eq!(
        paid.warnings,
        ["for subscribers only on Substack (audience only_paid): written as a draft"]
    );
    assert_eq!(
        report.items[0].by_design,
        ["3 Substack subscribe, share or comment buttons removed"]
    );

    let first = read(out.path(), "content/posts/first-letter.md");
    for want in [
        "title: \"First, a \\\"letter\\\"\"",
        "date: 2024-03-10T12:00:00Z\n",
        "summary: \"On beginnings,\\nand on endings\"",
        // The publication's address, learned from its own widgets.
        "aliases: [\"/p/first-letter\"]",
        "original_url: \"https://crumbs.example.com/p/first-letter\"",
        "Welcome to the first letter[^1]. It is about bread[^2].",
        "[^1]: Of many, I hope.",
        "[^2]: Mostly [sourdough](https://en.wikipedia.org/wiki/Sourdough).",
        // One image with its caption, not a link to itself in four sizes.
        "![A loaf on a board](https://substack-post-media.s3.amazonaws.com/public/images/5e1f-a2_1024x768.png)\n\nThe first loaf, *still warm*",
        "> Bread is mostly time.",
        // An image linking elsewhere keeps its link; a button to a shop is a link.
        "[![](https://substack-post-media.s3.amazonaws.com/public/images/77aa-bb_600x400.jpeg)](https://bakers.example/shop)",
        "[Buy the flour](https://bakers.example/shop)",
        "> Knead less, wait more.\n>\n> — Ben Baker (@bakerben) [3:40 PM ∙ Dec 15, 2017](https://twitter.com/bakerben/status/941694455853101056)",
        "{{< youtube dQw4w9WgXcQ >}}",
        "![](https://substack-post-media.s3.amazonaws.com/public/images/g1_800x600.jpeg)",
        "![](https://substack-post-media.s3.amazonaws.com/public/images/g2_800x600.jpeg)",
        "Crumb shots",
        "[**Rye for beginners**](https://otherbakery.substack.com/p/rye-for-beginners)\\\nOther Bakery\\\nRye is different.",
    ] {
        assert!(first.contains(want), "{want:?} in\n{first}");
    }
    for furniture in [
        "Subscribe",
        "Share",
        "Leave a comment",
        "reader-supported",
        "avatar",
        "Likes",
    ] {
        assert!(!first.contains(furniture), "{furniture} in\n{first}");
    }

    let episode = read(out.path(), "content/posts/episode-one.md");
    assert!(episode.contains("categories: [\"Podcast\"]"), "{episode}");
    assert!(
        episode.contains(
            "<audio src=\"https://api.substack.com/feed/podcast/104/episode-one.mp3\" controls></audio>\n\nIn this episode"
        ),
        "{episode}"
    );
    // A HEIC upload is shown through Substack's CDN, as a format browsers show.
    let founders = read(out.path(), "content/posts/founders-note.md");
    assert!(
        founders.contains("![](https://substackcdn.com/image/fetch/$s_!Qx9a!,f_auto,q_auto:good,fl_progressive:steep/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2F0c1d-ee_1456x1048.heic)\n\nThe team, shot on a phone"),
        "{founders}"
    );
    // Linked elsewhere, it is the largest size the page offers through the CDN.
    assert!(
        founders.contains("[![The office](https://substackcdn.com/image/fetch/$s_!Zz1!,w_1456,c_limit,f_auto,q_auto:good/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2F7e7e_1240x910.heic)](https://maps.example/office)\n\nWhere we work"),
        "{founders}"
    );
    let thread = read(out.path(), "content/posts/open-thread.md");
    assert!(thread.contains("categories: [\"Thread\"]"), "{thread}");
    // A mention's name is only in the component's data.
    assert!(
        thread.contains("Thanks to Ben Baker for the idea."),
        "{thread}"
    );
    let about = read(out.path(), "content/about.md");
    assert!(about.contains("```\nflour + water + time\n```"), "{about}");
    let draft = read(out.path(), "content/posts/rough-idea.md");
    assert!(
        draft.contains("draft: true") && !draft.contains("original_url"),
        "{draft}"
    );
    let untitled = read(out.path(), "content/posts/e4f.md");
    assert!(untitled.contains("draft: true"), "{untitled}");

    // Subscribers' addresses and who opened which email are never read.
    for rel in common::files(out.path()) {
        let text = read(out.path(), &rel.to_string_lossy());
        assert!(!text.contains("reader.private"), "{}", rel.display());
    }
}

#[test]
fn the_zip_gives_what_its_folder_gives() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip = dir.path().join("crumbs.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&zip).expect("zip"));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for rel in common::files(&export()) {
        w.start_file(rel.to_string_lossy().replace('\\', "/"), opts)
            .expect("entry");
        w.write_all(&std::fs::read(export().join(&rel)).expect("fixture"))
            .expect("written");
    }
    w.finish().expect("closed");
    let from_folder = dir.path().join("folder");
    let from_zip = dir.path().join("zip");
    for (input, out, extra) in [
        (export(), &from_folder, None),
        (zip.clone(), &from_zip, Some("substack")),
    ] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_unpress"));
        cmd.arg("convert").arg(&input).arg("-o").arg(out).arg("-q");
        if let Some(from) = extra {
            cmd.args(["--from", from]);
        }
        let o = cmd.output().expect("runs");
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let files = common::files(&from_folder);
    assert_eq!(files.len(), 8);
    assert_eq!(files, common::files(&from_zip));
    for f in &files {
        let rel = f.to_string_lossy();
        assert_eq!(read(&from_folder, &rel), read(&from_zip, &rel), "{rel}");
    }
    let o = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .arg("inspect")
        .arg(&zip)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains(": Substack, site https://crumbs.example.com, 8 items"),
        "{text}"
    );
}

const HEADER: &str = "post_id,post_date,is_published,email_sent_at,inbox_sent_at,type,audience,title,subtitle,podcast_url\n";

#[test]
fn a_quote_that_never_closes_keeps_the_records_before_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = format!(
        "{HEADER}103.founders-note,2024-03-20T12:00:00.000Z,true,,,newsletter,everyone,Fine,,\n\
         105.open-thread,2024-03-31T18:00:00.000Z,true,,,thread,everyone,\"Never closed,,\n\
         107.about,2024-01-01T00:00:00.000Z,true,,,page,everyone,About,,\n"
    );
    let input = copy_export(dir.path(), Some(&csv));
    let report = convert(&input, &dir.path().join("out"));
    assert_eq!(report.summary.written, 1, "{report:?}");
    let failed: Vec<_> = report
        .items
        .iter()
        .filter(|r| r.outcome == Outcome::Failed)
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].line, 3);
    let reason = failed[0].reason.as_deref().unwrap_or("");
    assert!(reason.contains("never closes"), "{reason}");
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn broken_records_and_missing_bodies_fail_their_own_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = format!(
        "{HEADER}103.founders-note,2024-03-20T12:00:00.000Z,true,,,newsletter,everyone,Fine,,\n\
         999.gone,2024-03-21T12:00:00.000Z,true,,,newsletter,everyone,No body,,\n\
         1.../../email_list.crumbs,2024-03-22T12:00:00.000Z,true,,,newsletter,everyone,Sneaky,,\n\
         105.open-thread,2024-03-31T18:00:00.000Z,true,,,thread,everyone,Too,\"many\",fields,here,\n\
         107.about,2024-01-01T00:00:00.000Z,true,,,page,everyone,About,,\n"
    );
    let input = copy_export(dir.path(), Some(&csv));
    let report = convert(&input, &dir.path().join("out"));
    let rows: Vec<(u64, Outcome, &str)> = report
        .items
        .iter()
        .map(|r| (r.line, r.outcome, r.reason.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!((rows[0].1, rows[4].1), (Outcome::Written, Outcome::Written));
    assert_eq!((rows[1].0, rows[1].1), (3, Outcome::Failed));
    assert!(
        rows[1]
            .2
            .contains("posts/999.gone.html is not in the export"),
        "{rows:?}"
    );
    assert!(rows[2].2.contains("is not a Substack post id"), "{rows:?}");
    assert!(rows[3].2.contains("quoting is broken"), "{rows:?}");
    for rel in common::files(&dir.path().join("out")) {
        let text = read(&dir.path().join("out"), &rel.to_string_lossy());
        assert!(!text.contains("reader.private"), "{}", rel.display());
    }
}

#[test]
fn a_folder_without_posts_csv_is_no_substack_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = copy_export(dir.path(), None);
    std::fs::remove_file(input.join("posts.csv")).expect("removed");
    let o = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .args(["convert", "--from", "substack"])
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("no posts.csv in it: not a Substack export"),
        "{err}"
    );
}

#[test]
fn windows_line_ends_and_a_byte_order_mark_read_alike() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = std::fs::read_to_string(export().join("posts.csv")).expect("fixture");
    let crlf = format!("\u{feff}{}", csv.replace('\n', "\r\n"));
    let input = copy_export(dir.path(), Some(&crlf));
    let a = convert(&export(), &dir.path().join("a"));
    let b = convert(&input, &dir.path().join("b"));
    assert_eq!(a.summary.written, b.summary.written);
    assert_eq!(
        read(&dir.path().join("a"), "content/posts/first-letter.md"),
        read(&dir.path().join("b"), "content/posts/first-letter.md")
    );
}
