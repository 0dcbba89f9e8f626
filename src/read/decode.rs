//! Turns any byte stream into valid UTF-8 while counting lines.
//!
//! quick-xml only accepts UTF-8, but real exports declare `ISO-8859-1` or `windows-1252`, carry
//! BOMs, or hold stray invalid bytes. Decoding up front (invalid bytes become U+FFFD) means one
//! bad byte costs one character, never the whole export. Counting newlines as the parser consumes
//! them gives every error and every item a line number without a second pass.

use encoding_rs::{Decoder, Encoding, UTF_8};
use std::io::{self, BufRead, Read};

const CHUNK: usize = 64 * 1024;

/// A `BufRead` of UTF-8 text decoded from `inner`, tracking the 1-based line of the read position.
pub struct Utf8Reader<R> {
    inner: R,
    decoder: Option<Decoder>,
    encoding: &'static Encoding,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    eof: bool,
    line: u64,
}

impl<R: Read> Utf8Reader<R> {
    pub fn new(inner: R) -> Self {
        Utf8Reader {
            inner,
            decoder: None,
            encoding: UTF_8,
            raw: Vec::with_capacity(CHUNK),
            out: Vec::new(),
            pos: 0,
            eof: false,
            line: 1,
        }
    }

    /// Line number (1-based) of the next byte to be consumed.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The encoding the input was decoded from.
    pub fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    fn read_raw(&mut self, want: usize) -> io::Result<usize> {
        let start = self.raw.len();
        self.raw.resize(start + want, 0);
        let mut filled = start;
        while filled < start + want {
            match self.inner.read(&mut self.raw[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.raw.truncate(filled);
                    return Err(e);
                }
            }
        }
        self.raw.truncate(filled);
        Ok(filled - start)
    }

    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.pos = 0;
        while self.out.is_empty() && !(self.eof && self.raw.is_empty()) {
            if self.decoder.is_none() {
                // Sniff the BOM and XML declaration from the first kilobyte.
                self.read_raw(1024)?;
                self.encoding = sniff_encoding(&self.raw);
                self.decoder = Some(self.encoding.new_decoder_with_bom_removal());
            }
            if !self.eof && self.raw.len() < CHUNK && self.read_raw(CHUNK)? == 0 {
                self.eof = true;
            }
            let Some(decoder) = self.decoder.as_mut() else {
                break;
            };
            let cap = decoder
                .max_utf8_buffer_length(self.raw.len())
                .unwrap_or(self.raw.len() * 3 + 16);
            self.out.resize(cap, 0);
            let (_, read, written, _) = decoder.decode_to_utf8(&self.raw, &mut self.out, self.eof);
            self.out.truncate(written);
            self.raw.drain(..read);
            if self.eof && self.raw.is_empty() {
                break;
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Utf8Reader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.out.len() {
            self.refill()?;
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        let end = (self.pos + amt).min(self.out.len());
        self.line += self.out[self.pos..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.pos = end;
    }
}

/// BOM first, then an `encoding="…"` in the XML declaration or a `<meta charset>`; UTF-8 otherwise.
///
/// A declared UTF-16 without a BOM cannot be true (we could read the declaration as ASCII), so
/// it falls back to UTF-8 like browsers do.
pub fn sniff_encoding(head: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return enc;
    }
    let text = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_ascii_lowercase();
    let label = declared_label(&text, "encoding=").or_else(|| declared_label(&text, "charset="));
    match label.and_then(|l| Encoding::for_label(l.as_bytes())) {
        Some(enc) if enc.is_ascii_compatible() => enc,
        _ => UTF_8,
    }
}

fn declared_label<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let at = text.find(key)? + key.len();
    let rest = text[at..].trim_start_matches(['"', '\'', ' ']);
    let end = rest
        .find(|c: char| {
            !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' || c == ':')
        })
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> String {
        let mut r = Utf8Reader::new(bytes);
        let mut s = String::new();
        r.read_to_string(&mut s)
            .expect("decoding never fails on in-memory input");
        s
    }

    #[test]
    fn latin1_declaration_is_honoured() {
        let doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>caf\xe9</t>";
        assert!(decode(doc).ends_with("<t>caf\u{e9}</t>"));
    }

    #[test]
    fn invalid_utf8_becomes_replacement_character() {
        assert_eq!(decode(b"a\xffb"), "a\u{fffd}b");
    }

    #[test]
    fn utf8_bom_is_removed_and_utf16_bom_decoded() {
        assert_eq!(decode(b"\xef\xbb\xbf<x/>"), "<x/>");
        assert_eq!(decode(b"\xff\xfe<\0x\0/\0>\0"), "<x/>");
    }

    #[test]
    fn lines_are_counted_as_consumed() {
        let mut r = Utf8Reader::new(&b"a\nb\nc"[..]);
        let mut s = String::new();
        r.read_line(&mut s).expect("in-memory read");
        assert_eq!(r.line(), 2);
    }

    #[test]
    fn multibyte_characters_split_across_chunks_survive() {
        let mut doc = vec![b'x'; CHUNK - 1];
        doc.extend_from_slice("東京".as_bytes());
        let s = decode(&doc);
        assert!(s.ends_with("東京"));
    }
}
