//! The loss check end to end: every written post's report row says what the Markdown kept of
//! what the source showed, and the conversions this project measures lose nothing.

mod common;

use std::path::Path;
use unpress::report::{Outcome, Row};
use unpress::{Options, Source, Target};

fn convert(input: &Path, target: Target) -> Vec<Row> {
    let out = tempfile::tempdir().expect("temp dir");
    let opts = Options {
        target,
        ..Options::default()
    };
    let report = if input.is_dir() {
        let folder = unpress::read::mirror::walk(input).expect("a readable folder");
        unpress::mirror::convert_mirror(
            input,
            &folder.documents,
            &folder.assets,
            &out.path().join("out"),
            &opts,
            &mut Default::default(),
        )
    } else {
        unpress::convert_wxr(&Source::File(input.into()), &out.path().join("out"), &opts)
    };
    report.items
}

fn written(rows: &[Row]) -> impl Iterator<Item = &Row> {
    rows.iter().filter(|r| r.outcome == Outcome::Written)
}

fn loss_warnings(row: &Row) -> Vec<&String> {
    row.warnings
        .iter()
        .filter(|w| w.contains(" lost") || w.starts_with("code block"))
        .collect()
}

#[test]
fn every_written_post_of_the_sample_export_is_checked_and_kept_whole() {
    let rows = convert(&common::samples().join("export.xml"), Target::Hugo);
    let mut checked = 0;
    for row in written(&rows) {
        let kept = row.kept.as_ref().expect("a written post is checked");
        assert!(!kept.has_loss(), "{}: {:?}", row.title, row.warnings);
        assert!(kept.words.source > 0, "{}: no words counted", row.title);
        assert_eq!(kept.words.ratio, 1.0);
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} posts written");
    let links: usize = written(&rows)
        .map(|r| r.kept.as_ref().map_or(0, |k| k.links.source))
        .sum();
    assert!(links > 0, "the sample's links are counted");
}

#[test]
fn mirror_pages_are_checked_and_name_the_page_parts_they_leave() {
    let rows = convert(&common::samples().join("mirror"), Target::Hugo);
    let posts: Vec<&Row> = written(&rows).collect();
    assert!(!posts.is_empty());
    for row in &posts {
        let kept = row.kept.as_ref().expect("a written page is checked");
        assert!(!kept.has_loss(), "{}: {:?}", row.title, row.warnings);
    }
    assert!(
        posts.iter().any(|r| r
            .by_design
            .iter()
            .any(|b| b.starts_with("page parts around the post"))),
        "the furniture a mirror's pages lose is named"
    );
}

#[test]
fn the_shared_corpus_converts_without_unexplained_loss() {
    let Some(shared) = common::shared() else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(shared.join("corpus/wxr"))
        .expect("corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    let mut posts = 0;
    let mut lossy = Vec::new();
    for f in &files {
        for target in [Target::Hugo, Target::Eleventy] {
            for row in written(&convert(f, target)) {
                posts += 1;
                let l = loss_warnings(row);
                if !l.is_empty() {
                    lossy.push(format!("{} {:?} {:?}: {l:?}", f.display(), row.id, target));
                }
            }
        }
    }
    assert!(posts > 1000, "{posts}");
    assert!(lossy.is_empty(), "{}", lossy.join("\n"));
}
