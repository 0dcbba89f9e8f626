//! Images other blog platforms serve from their own CDNs, each in many sizes of one upload.
//!
//! Blogger, Medium, Substack and Ghost resize on the fly, and a post names the same upload at
//! several sizes (a 320-pixel thumbnail linking to the 1600-pixel image). Each rule here says
//! which uploads a URL is a size of, and gives the URL of the upload itself (what `--media
//! download` fetches, once) and where it goes in the output folder, so every size becomes one
//! local file. A URL none of the rules knows is not a platform's image.
//!
//! The shapes, as seen in real exports:
//! - Blogger: `blogger.googleusercontent.com/img/b/<id…>/<size>/<name>`,
//!   `…/img/a/<id>=<size>`, `N.bp.blogspot.com/<4 id segments>/<size>/<name>`, the same on
//!   `bpN.blogger.com`, `lhN.googleusercontent.com` and Picasa's `lhN.ggpht.com` (older
//!   posts' pictures). A size is `s1600`, `w640-h480`,
//!   `s72-c`, `w400-h300-rw`…; `s0` is the upload as it was sent. (`s1600-h` is a page
//!   showing the image, not the image.)
//! - Medium: `cdn-images-1.medium.com/max/800/<id>`, `…/fit/c/200/200/<id>`,
//!   `miro.medium.com/max/1400/<id>`, `miro.medium.com/v2/resize:fit:720/format:webp/<id>`,
//!   with ids like `1*AbC-dE.png`. `max/2000`, the largest size Medium's own pages use, is
//!   the upload itself whenever it is no wider.
//! - Substack: `substackcdn.com/image/fetch/<options>/<the upload's URL, percent-encoded>`,
//!   the upload itself on `substack-post-media.s3.amazonaws.com` or an older
//!   `bucketeer-….s3.amazonaws.com`, under `/public/images/`. An iPhone's HEIC upload is
//!   fetched as the CDN's JPEG of it (`f_jpg`): browsers other than Safari show no HEIC.
//! - Ghost: `/content/images/size/w600/2021/03/x.jpg` (optionally with `format/webp/`) is a
//!   size of `/content/images/2021/03/x.jpg` on the same host; the original is an upload
//!   like WordPress's (see [`super::upload_segments`]).

/// An upload on a platform's CDN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CdnImage {
    /// The URL of the upload itself, the same for every size of it.
    pub original: String,
    /// Where it goes below the media folder: the platform's folder, then safe segments.
    pub segments: Vec<String>,
    /// The upload's file name as the platform knows it (a backup of the blog's files, like
    /// Takeout's albums, has it under that name), when the URL carries one.
    pub name: Option<String>,
}

/// The upload `url` is a size of, if it is on a platform's CDN.
pub fn image(url: &str) -> Option<CdnImage> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let rest = rest.split('#').next().unwrap_or(rest);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    if host == "blogger.googleusercontent.com"
        || host.ends_with(".bp.blogspot.com")
        || is_numbered(&host, "bp", ".blogger.com")
        || is_numbered(&host, "lh", ".googleusercontent.com")
        || is_numbered(&host, "lh", ".ggpht.com")
    {
        blogger(&host, path)
    } else if host == "miro.medium.com" || is_numbered(&host, "cdn-images-", ".medium.com") {
        medium(path)
    } else if host == "substackcdn.com" {
        let inner = path.strip_prefix("image/fetch/")?.split_once('/')?.1;
        let inner = crate::slug::percent_decode(inner);
        substack_upload(&inner)
    } else if host == "substack-post-media.s3.amazonaws.com"
        || (host.starts_with("bucketeer-") && host.ends_with(".s3.amazonaws.com"))
    {
        substack_upload(url)
    } else {
        None
    }
}

/// The original of a Ghost image size (`/content/images/size/w600/…`), on the same host.
pub fn ghost_original(url: &str) -> Option<String> {
    let at = url.find("/content/images/size/")?;
    let (head, tail) = url.split_at(at + "/content/images/".len());
    let mut segs = tail.split('/').skip(1);
    let size = segs.next()?;
    if !is_ghost_size(size) {
        return None;
    }
    let mut rest: Vec<&str> = segs.collect();
    if rest.first() == Some(&"format") && rest.len() > 2 {
        rest.drain(..2);
    }
    (!rest.is_empty()).then(|| format!("{head}{}", rest.join("/")))
}

/// `w600`, `h400`, `w600h400`.
fn is_ghost_size(s: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    match s.split_once('h') {
        Some((w, h)) => digits(h) && (w.is_empty() || w.strip_prefix('w').is_some_and(digits)),
        None => s.strip_prefix('w').is_some_and(digits),
    }
}

/// `bp3.blogger.com`, `lh5.googleusercontent.com`, `cdn-images-1.medium.com`.
fn is_numbered(host: &str, prefix: &str, suffix: &str) -> bool {
    host.strip_prefix(prefix)
        .and_then(|h| h.strip_suffix(suffix))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A Blogger size: `s1600`, `w640-h480`, `s72-c`, `w400-h300-p-k-no-nu`, `s0`.
fn is_blogger_size(seg: &str) -> bool {
    let mut parts = seg.split('-');
    let first = parts.next().unwrap_or("");
    let sized = |p: &str| {
        p.len() > 1
            && matches!(p.as_bytes()[0], b's' | b'w' | b'h')
            && p[1..].bytes().all(|b| b.is_ascii_digit())
    };
    sized(first) && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn blogger(host: &str, path: &str) -> Option<CdnImage> {
    let path = path.split('?').next().unwrap_or(path);
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (last, stem) = segs.split_last()?;
    // `…/<id>=s320`: the size rides on the last segment, and there is no file name.
    if let Some((id, size)) = last.rsplit_once('=')
        && is_blogger_size(size)
        && !id.is_empty()
    {
        let dir = stem.join("/");
        return Some(CdnImage {
            original: format!("https://{host}/{dir}/{id}=s0"),
            segments: vec![
                "blogger".into(),
                format!(
                    "{:016x}",
                    crate::hash::fnv1a(format!("{dir}/{id}").as_bytes())
                ),
            ],
            name: None,
        });
    }
    let (size, id) = stem.split_last()?;
    if !is_blogger_size(size) || size.ends_with("-h") || id.is_empty() {
        return None;
    }
    let name = crate::slug::percent_decode(last);
    let id = id.join("/");
    Some(CdnImage {
        original: format!("https://{host}/{id}/s0/{last}"),
        segments: vec![
            "blogger".into(),
            format!("{:08x}", crate::hash::fnv1a(id.as_bytes()) as u32),
            crate::slug::component(&name, false)?,
        ],
        name: Some(name),
    })
}

/// A Medium image id: `1*AbC-dE.png`, `0*xYz`.
fn medium(path: &str) -> Option<CdnImage> {
    let path = path.split('?').next().unwrap_or(path);
    let id = path.rsplit('/').next()?;
    let (digit, key) = id.split_once('*')?;
    if digit.len() != 1
        || !digit.bytes().all(|b| b.is_ascii_digit())
        || key.is_empty()
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    {
        return None;
    }
    Some(CdnImage {
        original: format!("https://cdn-images-1.medium.com/max/2000/{id}"),
        segments: vec![
            "medium".into(),
            crate::slug::component(&format!("{digit}-{key}"), false)?,
        ],
        name: None,
    })
}

/// An upload in Substack's bucket: `https://…s3.amazonaws.com/public/images/<name>`.
fn substack_upload(url: &str) -> Option<CdnImage> {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let (_, rest) = url.split_once("://")?;
    let (host, path) = rest.split_once('/')?;
    let host = host.to_ascii_lowercase();
    let bucket = host == "substack-post-media.s3.amazonaws.com"
        || (host.starts_with("bucketeer-") && host.ends_with(".s3.amazonaws.com"));
    let name = path.strip_prefix("public/images/")?;
    if !bucket || name.contains('/') {
        return None;
    }
    let name = crate::slug::percent_decode(name);
    let upload = format!("https://{host}/{path}");
    // An iPhone's HEIC upload shows in Safari alone: the CDN's JPEG of it is what to keep.
    let lower = name.to_ascii_lowercase();
    if let Some(stem) = [".heic", ".heif"]
        .iter()
        .find_map(|x| lower.ends_with(x).then(|| &name[..name.len() - x.len()]))
    {
        let encoded = crate::slug::encode_path(&upload)
            .replace(':', "%3A")
            .replace('/', "%2F");
        return Some(CdnImage {
            original: format!("https://substackcdn.com/image/fetch/f_jpg/{encoded}"),
            segments: vec![
                "substack".into(),
                crate::slug::component(&format!("{stem}.jpg"), false)?,
            ],
            name: Some(name),
        });
    }
    Some(CdnImage {
        original: upload,
        segments: vec!["substack".into(), crate::slug::component(&name, false)?],
        name: Some(name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_upload(urls: &[&str]) -> CdnImage {
        let first = image(urls[0]).unwrap_or_else(|| panic!("{} is a CDN image", urls[0]));
        for u in urls {
            assert_eq!(image(u).as_ref(), Some(&first), "{u}");
        }
        // The original is an upload of its own, the same one.
        assert_eq!(image(&first.original).as_ref(), Some(&first));
        first
    }

    #[test]
    fn blogger_sizes_are_one_upload() {
        let b = "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEhQx9/";
        let img = one_upload(&[
            &format!("{b}s1600/IMG_0042.JPG"),
            &format!("{b}s320/IMG_0042.JPG"),
            &format!("{b}w640-h480/IMG_0042.JPG"),
            &format!("{b}w400-h300-rw/IMG_0042.JPG"),
            &format!("{b}s72-c/IMG_0042.JPG"),
        ]);
        assert_eq!(img.original, format!("{b}s0/IMG_0042.JPG"));
        assert_eq!(img.segments[0], "blogger");
        assert_eq!(img.segments[2], "IMG_0042.JPG");

        let old = one_upload(&[
            "http://3.bp.blogspot.com/-aBc/UvW/AAAAAAAAAEo/xYz/s1600/photo%20one.jpg",
            "https://3.bp.blogspot.com/-aBc/UvW/AAAAAAAAAEo/xYz/s400/photo%20one.jpg",
        ]);
        assert_eq!(old.segments[2], "photo-one.jpg");
        assert_eq!(old.name.as_deref(), Some("photo one.jpg"));
        let picasa = one_upload(&[
            "http://lh3.ggpht.com/_EE2zVz/TTnNvb/AAAAAAAALaM/tk8aw/s800/banner.png",
            "http://lh3.ggpht.com/_EE2zVz/TTnNvb/AAAAAAAALaM/tk8aw/s72-c/banner.png",
        ]);
        assert_eq!(
            picasa.original,
            "https://lh3.ggpht.com/_EE2zVz/TTnNvb/AAAAAAAALaM/tk8aw/s0/banner.png"
        );
        // Another upload with the same name is another file.
        let other =
            image("https://1.bp.blogspot.com/-dEf/UvW/AAAAAAAAAEo/xYz/s1600/photo%20one.jpg");
        assert_ne!(other.map(|o| o.segments), Some(old.segments));

        let nameless = one_upload(&[
            "https://blogger.googleusercontent.com/img/a/AVvXsEiK3=s320",
            "https://blogger.googleusercontent.com/img/a/AVvXsEiK3=w640-h480",
        ]);
        assert_eq!(
            nameless.original,
            "https://blogger.googleusercontent.com/img/a/AVvXsEiK3=s0"
        );
    }

    #[test]
    fn blogger_pages_and_strangers_are_not_uploads() {
        for url in [
            // A page showing the image.
            "https://1.bp.blogspot.com/-a/b/c/d/s1600-h/x.jpg",
            "https://www.blogger.com/img/icon18_edit_allbkg.gif",
            "https://example.com/s1600/x.jpg",
            "https://blogger.googleusercontent.com/img/b/x/s1600/",
            "javascript:alert(1)",
        ] {
            assert_eq!(image(url), None, "{url}");
        }
    }

    #[test]
    fn medium_sizes_are_one_upload() {
        let img = one_upload(&[
            "https://cdn-images-1.medium.com/max/800/1*AbC-dE_f.png",
            "https://cdn-images-1.medium.com/fit/c/200/200/1*AbC-dE_f.png",
            "https://miro.medium.com/max/1400/1*AbC-dE_f.png",
            "https://miro.medium.com/v2/resize:fit:720/format:webp/1*AbC-dE_f.png",
        ]);
        assert_eq!(
            img.original,
            "https://cdn-images-1.medium.com/max/2000/1*AbC-dE_f.png"
        );
        assert_eq!(img.segments, ["medium", "1-AbC-dE_f.png"]);
        assert_eq!(image("https://miro.medium.com/max/1400/../../etc"), None);
    }

    #[test]
    fn substack_fetches_are_their_upload() {
        let up = "https://substack-post-media.s3.amazonaws.com/public/images/5e1f-a2_1024x768.png";
        let img = one_upload(&[
            up,
            "https://substackcdn.com/image/fetch/w_1456,c_limit,f_auto,q_auto:good,fl_progressive:steep/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2F5e1f-a2_1024x768.png",
            "https://substackcdn.com/image/fetch/$s_!x!,w_424/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2F5e1f-a2_1024x768.png",
        ]);
        assert_eq!(img.original, up);
        assert_eq!(img.segments, ["substack", "5e1f-a2_1024x768.png"]);
        // A fetch of anything else is not Substack's upload.
        assert_eq!(
            image("https://substackcdn.com/image/fetch/w_1456/https%3A%2F%2Fevil.example%2Fx.png"),
            None
        );
        // A name that decodes to a path is one safe file name.
        let hostile =
            image("https://substack-post-media.s3.amazonaws.com/public/images/..%2F..%2Fx");
        assert_eq!(
            hostile.map(|h| h.segments),
            Some(vec!["substack".into(), "x".into()])
        );
    }

    #[test]
    fn substack_heic_uploads_are_fetched_as_jpeg() {
        let img = one_upload(&[
            "https://substack-post-media.s3.amazonaws.com/public/images/9a_3024x4032.heic",
            "https://substackcdn.com/image/fetch/$s_!Qz!,f_auto,q_auto:good/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2F9a_3024x4032.heic",
        ]);
        assert_eq!(
            img.original,
            "https://substackcdn.com/image/fetch/f_jpg/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2F9a_3024x4032.heic"
        );
        assert_eq!(img.segments, ["substack", "9a_3024x4032.jpg"]);
    }

    #[test]
    fn ghost_sizes_have_their_original() {
        let o = "https://blog.example/content/images/2021/03/x.jpg";
        for sized in [
            "https://blog.example/content/images/size/w600/2021/03/x.jpg",
            "https://blog.example/content/images/size/w2000/format/webp/2021/03/x.jpg",
            "https://blog.example/content/images/size/w600h400/2021/03/x.jpg",
        ] {
            assert_eq!(ghost_original(sized).as_deref(), Some(o), "{sized}");
        }
        assert_eq!(ghost_original(o), None);
        assert_eq!(
            ghost_original("https://blog.example/content/images/size/big/x.jpg"),
            None
        );
    }
}
