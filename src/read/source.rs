//! Where an input's bytes come from: a file, a zip entry, or standard input kept for a
//! second reading. Readers open a source as often as they need (the pipeline reads an export
//! twice; some formats list what belongs to a post after all the posts).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;

/// Where input bytes come from. An export is read twice, and a pipe only once, so standard
/// input is either spooled to a file ([`Source::Spool`]) or held in memory ([`Source::Bytes`]).
#[derive(Debug, Clone)]
pub enum Source {
    File(PathBuf),
    /// A file standing in for another input (standard input spooled to disk), shown as `name`.
    Spool {
        path: PathBuf,
        name: String,
    },
    /// One entry of a `.zip`, streamed out of the archive (never extracted to disk).
    ZipEntry {
        archive: PathBuf,
        entry: String,
    },
    Bytes {
        name: String,
        data: Arc<Vec<u8>>,
    },
}

impl Source {
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Spool { name, .. } | Source::Bytes { name, .. } => name.clone(),
            Source::ZipEntry { archive, entry } => {
                format!("{}:{}", archive.display(), entry.escape_debug())
            }
        }
    }

    /// The input's bytes; gzip-compressed files (`.xml.gz`) are decompressed on the fly.
    pub fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        Ok(match self {
            Source::File(path) | Source::Spool { path, .. } => {
                let mut file = BufReader::with_capacity(256 * 1024, File::open(path)?);
                if file.fill_buf()?.starts_with(&[0x1f, 0x8b]) {
                    Box::new(BufReader::with_capacity(
                        256 * 1024,
                        flate2::bufread::MultiGzDecoder::new(file),
                    ))
                } else {
                    Box::new(file)
                }
            }
            Source::Bytes { data, .. } => Box::new(io::Cursor::new(ArcBytes(Arc::clone(data)))),
            Source::ZipEntry { archive, entry } => {
                // The archive's reader borrows the archive, so a thread owns both and streams
                // the entry through a pipe; an unreadable entry shows up as a truncated input.
                let mut zip = zip::ZipArchive::new(BufReader::new(File::open(archive)?))
                    .map_err(io::Error::other)?;
                zip.by_name(entry).map_err(io::Error::other)?;
                let (reader, mut writer) = io::pipe()?;
                let entry = entry.clone();
                std::thread::spawn(move || {
                    if let Ok(mut e) = zip.by_name(&entry) {
                        let _ = io::copy(&mut e, &mut writer);
                    }
                });
                Box::new(BufReader::with_capacity(256 * 1024, reader))
            }
        })
    }
}

struct ArcBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for ArcBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}
