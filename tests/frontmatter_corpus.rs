//! Every front matter block written for the whole WXR corpus, for every target and format,
//! parses with PyYAML (YAML 1.1, as Jekyll's Psych behaves), ruamel (YAML 1.2), tomllib and
//! json — and the two YAML readers agree on every value. Uses tests/tools/check_frontmatter.py;
//! skips cleanly without ../shared or without python3 and its YAML modules.

mod common;

use std::path::Path;
use std::process::Command;
use unpress::{FrontMatterFormat, Options, Source, Target, convert_wxr};

fn python_ready() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import yaml, ruamel.yaml, tomllib"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipping: python3 with pyyaml and ruamel.yaml not available");
    }
    ok
}

#[test]
fn corpus_front_matter_parses_in_every_reader() {
    let Some(shared) = common::shared() else {
        return;
    };
    if !python_ready() {
        return;
    }
    let corpus = shared.join("corpus/wxr");
    let checker = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/check_frontmatter.py");
    let mut combos: Vec<(Target, Option<FrontMatterFormat>)> =
        Target::ALL.iter().map(|t| (*t, None)).collect();
    combos.push((Target::Hugo, Some(FrontMatterFormat::Toml)));
    combos.push((Target::Hugo, Some(FrontMatterFormat::Json)));
    for (target, format) in combos {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut written = 0;
        for f in common::files(&corpus) {
            if f.extension().and_then(|e| e.to_str()) != Some("xml") {
                continue;
            }
            let opts = Options {
                target,
                format,
                ..Options::default()
            };
            let out = tmp.path().join(f.file_stem().expect("stem"));
            written += convert_wxr(&Source::File(corpus.join(&f)), &out, &opts)
                .summary
                .written;
        }
        assert!(written > 1000, "{target}: only {written} files");
        let o = Command::new("python3")
            .arg(&checker)
            .arg("-q")
            .arg(tmp.path())
            .output()
            .expect("python3 runs");
        assert!(
            o.status.success(),
            "{target} {format:?}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}
