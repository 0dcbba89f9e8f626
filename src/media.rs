//! `--media copy`: uploaded files come along from a local `wp-content/uploads` backup, into
//! the folder the generator publishes as-is, and every reference points at the copy — so the
//! new site no longer depends on the old host.

use crate::write::{OutDir, WriteOutcome};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What happens to uploaded files.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum MediaMode {
    /// References keep pointing at the old host (size variants still map to the original).
    #[default]
    Keep,
    /// Files are copied from this uploads folder into the output.
    Copy(PathBuf),
}

/// The path of an upload below the uploads folder, as safe segments (`["2019", "01", "x.jpg"]`).
pub fn upload_segments(url: &str) -> Option<Vec<String>> {
    let no_query = url.split(['?', '#']).next().unwrap_or(url);
    let rel = ["/wp-content/uploads/", ".files.wordpress.com/", "/files/"]
        .iter()
        .find_map(|m| no_query.find(m).map(|i| &no_query[i + m.len()..]))?;
    let segs: Vec<String> = rel.split('/').map(crate::slug::percent_decode).collect();
    let safe = segs.iter().all(|s| {
        !s.is_empty() && s != "." && s != ".." && !s.contains(['\\', '\0']) && !s.starts_with('.')
    });
    (safe && !segs.is_empty()).then_some(segs)
}

/// Copies uploads on first use and hands out their new URLs. Shared by the worker threads.
pub struct LocalMedia<'a> {
    uploads: PathBuf,
    outdir: &'a OutDir,
    dir: Vec<String>,
    url_prefix: String,
    placed: Mutex<HashMap<Vec<String>, Option<String>>>,
}

impl<'a> LocalMedia<'a> {
    /// `dir` is where files go inside the output folder, `url_prefix` the URL it is served at.
    pub fn new(uploads: &Path, outdir: &'a OutDir, dir: Vec<String>, url_prefix: String) -> Self {
        LocalMedia {
            uploads: uploads.to_path_buf(),
            outdir,
            dir,
            url_prefix,
            placed: Mutex::new(HashMap::new()),
        }
    }

    /// The new URL of the upload `original`, copying it the first time; `None` when the
    /// backup does not have the file (the reference then stays as it was).
    pub fn place(&self, original: &str) -> Option<String> {
        let segs = upload_segments(original)?;
        if let Ok(placed) = self.placed.lock()
            && let Some(done) = placed.get(&segs)
        {
            return done.clone();
        }
        let result = self.copy(&segs);
        if let Ok(mut placed) = self.placed.lock() {
            placed.insert(segs, result.clone());
        }
        result
    }

    fn copy(&self, segs: &[String]) -> Option<String> {
        let mut src = self.uploads.clone();
        src.extend(segs);
        // Refuse anything that resolves outside the uploads folder (a symlink in the backup).
        let root = self.uploads.canonicalize().ok()?;
        let real = src.canonicalize().ok()?;
        if !real.starts_with(&root) || !real.is_file() {
            return None;
        }
        let bytes = std::fs::read(&real).ok()?;
        let mut dest = self.dir.clone();
        dest.extend(segs.iter().cloned());
        match self.outdir.write_bytes(&dest, &bytes) {
            Ok(WriteOutcome::Written | WriteOutcome::Exists) => {
                let path: Vec<String> = segs
                    .iter()
                    .map(|s| crate::redirects::encode_path(s))
                    .collect();
                Some(format!("{}{}", self.url_prefix, path.join("/")))
            }
            Err(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_paths_are_safe_segments() {
        assert_eq!(
            upload_segments("https://x.blog/wp-content/uploads/2019/01/a%20b.jpg?w=300"),
            Some(vec!["2019".into(), "01".into(), "a b.jpg".into()])
        );
        assert_eq!(
            upload_segments("https://x.blog/wp-content/uploads/../../etc/passwd"),
            None
        );
        assert_eq!(
            upload_segments("https://x.blog/wp-content/uploads/%2e%2e/x"),
            None
        );
        assert_eq!(upload_segments("https://x.blog/images/a.jpg"), None);
    }
}
