//! `--media copy|download`: uploaded files come along — from a local `wp-content/uploads`
//! backup or from the old host — into the folder the generator publishes as-is, and every
//! reference points at the local file, so the new site no longer depends on the old host.

pub mod cdn;
#[cfg(feature = "download")]
mod download;

#[cfg(feature = "download")]
pub use download::DownloadOptions;

use crate::write::{OutDir, WriteOutcome};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::OnceLock;

/// What happens to uploaded files.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum MediaMode {
    /// References keep pointing at the old host (size variants still map to the original).
    #[default]
    Keep,
    /// Files are copied from this uploads folder into the output.
    Copy(PathBuf),
    /// Files are downloaded from the old host into the output.
    #[cfg(feature = "download")]
    Download(DownloadOptions),
}

/// The path of an upload below the uploads folder, as safe segments (`["2019", "01", "x.jpg"]`):
/// WordPress's `wp-content/uploads` (and WordPress.com's file hosts), Ghost's `content/`
/// (`images/…`, `media/…`, `files/…`; a size of an image is its original), and the image
/// CDNs of the other platforms (each in a folder of its own, see [`cdn`]).
pub fn upload_segments(url: &str) -> Option<Vec<String>> {
    if let Some(image) = cdn::image(url) {
        return Some(image.segments);
    }
    let original = cdn::ghost_original(url);
    let url = original.as_deref().unwrap_or(url);
    let no_query = url.split(['?', '#']).next().unwrap_or(url);
    // Ghost keeps images, media and files side by side in its `content/` folder: their
    // paths keep that first segment, so one backup of the folder serves all three.
    let rel = ["/content/images/", "/content/media/", "/content/files/"]
        .iter()
        .find_map(|m| no_query.find(m).map(|i| &no_query[i + "/content/".len()..]))
        .or_else(|| {
            ["/wp-content/uploads/", ".files.wordpress.com/", "/files/"]
                .iter()
                .find_map(|m| no_query.find(m).map(|i| &no_query[i + m.len()..]))
        })?;
    let segs: Vec<String> = rel.split('/').map(crate::slug::percent_decode).collect();
    // A decoded `%2F` must not smuggle a path separator into one segment.
    let safe = segs.iter().all(|s| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && !s.contains(['/', '\\', '\0'])
            && !s.starts_with('.')
    });
    (safe && !segs.is_empty()).then_some(segs)
}

/// The upload a reference is a size of, on a platform that resizes on the fly (Blogger,
/// Medium, Substack, Ghost): what `--media download` fetches, once for all sizes.
pub fn platform_original(url: &str) -> Option<String> {
    cdn::image(url)
        .map(|image| image.original)
        .or_else(|| cdn::ghost_original(url))
}

/// Brings uploads into the output folder on first use and hands out their new URLs. Shared
/// by the worker threads.
pub struct LocalMedia<'a> {
    /// Where files go inside the output folder.
    dir: Vec<String>,
    /// The URL `dir` is served at.
    url_prefix: String,
    origin: Origin<'a>,
}

/// Where the files come from.
enum Origin<'a> {
    Folder {
        uploads: PathBuf,
        outdir: &'a OutDir,
        /// Whether each file (by its segments) is in the output now.
        placed: Mutex<HashMap<Vec<String>, bool>>,
        /// The folder's files by name, for platform images (listed on first need).
        by_name: OnceLock<HashMap<String, Option<PathBuf>>>,
    },
    #[cfg(feature = "download")]
    Web(download::Downloader),
}

impl<'a> LocalMedia<'a> {
    /// Copies from the `uploads` backup. `dir` is where files go inside the output folder,
    /// `url_prefix` the URL it is served at.
    pub fn new(uploads: &Path, outdir: &'a OutDir, dir: Vec<String>, url_prefix: String) -> Self {
        LocalMedia {
            dir,
            url_prefix,
            origin: Origin::Folder {
                uploads: uploads.to_path_buf(),
                outdir,
                placed: Mutex::new(HashMap::new()),
                by_name: OnceLock::new(),
            },
        }
    }

    /// Downloads into the output folder `root`, by the rules in `media/download.rs`; `site`
    /// is the old site's address, for upload URLs written without a host. With `dry_run`
    /// nothing is fetched and every upload is taken as placed.
    #[cfg(feature = "download")]
    pub fn download(
        root: &Path,
        dir: Vec<String>,
        url_prefix: String,
        site: &str,
        opts: &DownloadOptions,
        dry_run: bool,
    ) -> std::io::Result<Self> {
        Ok(LocalMedia {
            origin: Origin::Web(download::Downloader::start(root, site, opts, dry_run)?),
            dir,
            url_prefix,
        })
    }

    /// The new URL of the upload `original`, bringing the file over the first time; `None`
    /// when that failed (the reference then stays as it was: [`LocalMedia::warnings`] says
    /// why). With a `bundle`, the file goes beside the post and the URL is relative to it.
    pub fn place(&self, original: &str, bundle: Option<&Bundle>) -> Option<String> {
        let segs = upload_segments(original)?;
        let (dest, url) = self.destination(&segs, bundle);
        let here = match &self.origin {
            Origin::Folder {
                uploads,
                outdir,
                placed,
                by_name,
            } => {
                // Central copies are shared by posts, so each is made once; a bundle's copy is
                // its post's alone.
                let cached = bundle.is_none();
                if cached
                    && let Ok(placed) = placed.lock()
                    && let Some(&done) = placed.get(&segs)
                {
                    done
                } else {
                    let src = match cdn::image(original) {
                        // A platform's backup (Takeout's albums) keeps the file's name only.
                        Some(image) => image.name.and_then(|name| {
                            by_name
                                .get_or_init(|| files_by_name(uploads))
                                .get(&name)
                                .cloned()
                                .flatten()
                        }),
                        None => Some(segs.iter().fold(uploads.clone(), |p, s| p.join(s))),
                    };
                    let done = src.is_some_and(|src| copy_from(uploads, &src, outdir, &dest));
                    if cached && let Ok(mut placed) = placed.lock() {
                        placed.insert(segs.clone(), done);
                    }
                    done
                }
            }
            #[cfg(feature = "download")]
            Origin::Web(web) => match web.fetch(original, dest.clone()) {
                Ok(at) if at == dest => true,
                // Another post's bundle has it: copied from there, not fetched again.
                Ok(at) => web.copy_within(&at, &dest),
                Err(_) => false,
            },
        };
        here.then_some(url)
    }

    /// Says that `original` will be asked for soon, so that the uploads of one post download
    /// side by side instead of one after the other; the answer still comes from
    /// [`LocalMedia::place`].
    pub fn prefetch(&self, original: &str, bundle: Option<&Bundle>) {
        #[cfg(feature = "download")]
        if let Origin::Web(web) = &self.origin
            && let Some(segs) = upload_segments(original)
        {
            web.request(original, self.destination(&segs, bundle).0);
        }
        #[cfg(not(feature = "download"))]
        let _ = (original, bundle);
    }

    /// Where an upload goes inside the output folder, and the URL that references it.
    fn destination(&self, segs: &[String], bundle: Option<&Bundle>) -> (Vec<String>, String) {
        if let Some(b) = bundle {
            let name = b.file_name(segs);
            let mut dest = b.dir.to_vec();
            dest.push(name.clone());
            return (dest, crate::slug::encode_path(&name));
        }
        let mut dest = self.dir.clone();
        dest.extend(segs.iter().cloned());
        let path: Vec<String> = segs.iter().map(|s| crate::slug::encode_path(s)).collect();
        (dest, format!("{}{}", self.url_prefix, path.join("/")))
    }

    /// Report warnings for one post's uploads that [`LocalMedia::place`] could not place.
    pub fn warnings(&self, unplaced: &[String]) -> Vec<String> {
        if unplaced.is_empty() {
            return Vec::new();
        }
        match &self.origin {
            Origin::Folder { .. } => vec![format!(
                "{} uploads not found in the uploads folder: still pointing at the old host",
                unplaced.len()
            )],
            #[cfg(feature = "download")]
            Origin::Web(web) => {
                let mut seen = std::collections::HashSet::new();
                unplaced
                    .iter()
                    .filter(|url| seen.insert(url.as_str()))
                    .map(|url| {
                        let why = web.failure(url).unwrap_or_else(|| "not downloaded".into());
                        format!("upload not downloaded ({why}): still pointing at {url}")
                    })
                    .collect()
            }
        }
    }

    /// A line for the run's notes: what was downloaded.
    pub fn summary(&self) -> Option<String> {
        match &self.origin {
            Origin::Folder { .. } => None,
            #[cfg(feature = "download")]
            Origin::Web(web) => web.summary(),
        }
    }
}

/// A post's page bundle: its folder, and the file names its uploads share (two uploads named
/// alike from different months), which get their upload path in the name instead.
#[derive(Debug, Clone, Copy)]
pub struct Bundle<'a> {
    pub dir: &'a [String],
    pub clashes: &'a std::collections::HashSet<String>,
}

impl Bundle<'_> {
    pub(crate) fn file_name(&self, segs: &[String]) -> String {
        let name = segs.last().cloned().unwrap_or_default();
        if self.clashes.contains(&name) {
            segs.join("-")
        } else {
            name
        }
    }
}

/// Copies the file `src` of the `uploads` backup to `dest` in the output folder.
fn copy_from(uploads: &Path, src: &Path, outdir: &OutDir, dest: &[String]) -> bool {
    // Refuse anything that resolves outside the uploads folder (a symlink in the backup).
    let (Ok(root), Ok(real)) = (uploads.canonicalize(), src.canonicalize()) else {
        return false;
    };
    if !real.starts_with(&root) || !real.is_file() {
        return false;
    }
    let Ok(bytes) = std::fs::read(&real) else {
        return false;
    };
    matches!(
        outdir.write_bytes(dest, &bytes),
        Ok(WriteOutcome::Written | WriteOutcome::Exists)
    )
}

/// Every file below `root` by its name; `None` for a name two files share, which cannot
/// tell them apart. Hidden entries and symbolic links are passed over.
fn files_by_name(root: &Path) -> HashMap<String, Option<PathBuf>> {
    let mut names: HashMap<String, Option<PathBuf>> = HashMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if name.starts_with('.') || kind.is_symlink() {
                continue;
            }
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                names
                    .entry(name)
                    .and_modify(|seen| *seen = None)
                    .or_insert_with(|| Some(entry.path()));
            }
        }
    }
    names
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
        assert_eq!(
            upload_segments("https://x.blog/wp-content/uploads/2019/..%2F..%2Fx.jpg"),
            None
        );
        assert_eq!(upload_segments("https://x.blog/images/a.jpg"), None);
        let segs = |p: &str| p.split('/').map(str::to_string).collect::<Vec<_>>();
        for (url, want) in [
            (
                "https://g.blog/content/images/2021/03/x.jpg",
                "images/2021/03/x.jpg",
            ),
            (
                "https://g.blog/content/images/size/w600/2021/03/x.jpg",
                "images/2021/03/x.jpg",
            ),
            ("/content/media/2022/01/talk.mp3", "media/2022/01/talk.mp3"),
            (
                "/content/files/2022/01/slides.pdf",
                "files/2022/01/slides.pdf",
            ),
        ] {
            assert_eq!(upload_segments(url), Some(segs(want)), "{url}");
        }
        assert_eq!(upload_segments("https://g.blog/content/about/"), None);
    }
}
