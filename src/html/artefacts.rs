//! Images that an editor left in a post's HTML but no reader ever saw as a picture: written
//! out, they would only be broken images in the new site.

/// The kind of editor artefact an `<img>` with this `src` and `class` is, or `None` for a
/// real image.
///
/// - TinyMCE (the classic editor) draws the `<!--more-->` and `<!--nextpage-->` markers and
///   embedded media as placeholder images (`trans.gif` from `wp-includes/js/tinymce/`, classes
///   `mceWPmore`, `mce-wp-more`, `mceItem…`); posts pasted from the editor's HTML keep them.
/// - Word and Windows Live Writer paste images as `{GUID}.dat` files from the author's own
///   disk, which never reached the server.
/// - Editors that paste from a desktop program keep the program's own address of the picture:
///   `file://` (Word's clip folder), `webkit-fake-url://` (Safari), a drive letter, `blob:`
///   and `cid:` (a mail's attachment). No reader's browser loads those, and neither does one
///   with a scheme no browser knows (`ttp://`, a typed address missing its `h`).
pub fn editor_artefact(src: &str, class: &str) -> Option<&'static str> {
    let tinymce_class = class.split_ascii_whitespace().any(|c| {
        matches!(
            c,
            "mceWPmore" | "mceWPnextpage" | "mce-wp-more" | "mce-wp-nextpage"
        ) || c.starts_with("mceItem")
    });
    if tinymce_class || src.to_ascii_lowercase().contains("wp-includes/js/tinymce/") {
        return Some("TinyMCE placeholder");
    }
    if is_guid_dat(src) {
        return Some("Word/Live Writer {GUID}.dat");
    }
    match crate::transform::resolve::scheme(src.trim())?
        .to_ascii_lowercase()
        .as_str()
    {
        "http" | "https" | "data" | "ftp" => None,
        "file" | "webkit-fake-url" | "blob" | "cid" => Some("local file"),
        s if s.len() == 1 => Some("local file"),
        _ => Some("unknown-scheme"),
    }
}

/// Whether the address's last path segment is `{GUID}.dat`, braces written plain or
/// percent-encoded, with either kind of slash before it.
fn is_guid_dat(src: &str) -> bool {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let Some(stem) = lower.strip_suffix(".dat") else {
        return false;
    };
    let inner = stem
        .strip_prefix('{')
        .or_else(|| stem.strip_prefix("%7b"))
        .and_then(|s| s.strip_suffix('}').or_else(|| s.strip_suffix("%7d")));
    let Some(guid) = inner else {
        return false;
    };
    let groups: Vec<&str> = guid.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    lengths == [8, 4, 4, 4, 12]
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::editor_artefact;

    const TINYMCE: Option<&str> = Some("TinyMCE placeholder");
    const GUID_DAT: Option<&str> = Some("Word/Live Writer {GUID}.dat");

    #[test]
    fn tinymce_placeholders_by_address_or_class() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "https://example.com/wp-includes/js/tinymce/plugins/wordpress/img/trans.gif",
                "",
                TINYMCE,
            ),
            (
                "../wp-includes/js/tinymce/themes/advanced/img/trans.gif",
                "",
                TINYMCE,
            ),
            (
                "/WP-Includes/JS/TinyMCE/skins/wordpress/images/more.png",
                "",
                TINYMCE,
            ),
            ("/trans.gif", "mceWPmore mceItemNoResize", TINYMCE),
            ("", "mceWPnextpage", TINYMCE),
            ("x.gif", "wp-more-tag mce-wp-more", TINYMCE),
            ("/flash.gif", "mceItemMedia mceItemFlash", TINYMCE),
            // A real upload whose classes only look alike.
            (
                "/wp-content/uploads/a.jpg",
                "alignnone mceWPmoreover size-full",
                None,
            ),
            ("/wp-content/uploads/tinymce.png", "wp-image-7", None),
        ];
        for (src, class, want) in cases {
            assert_eq!(editor_artefact(src, class), *want, "{src} / {class}");
        }
    }

    #[test]
    fn word_and_live_writer_guid_dat_files() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "file:///C:/Users/ann/AppData/Local/Temp/WindowsLiveWriter/{0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}.dat",
                GUID_DAT,
            ),
            (
                "file:///C:\\Temp\\{0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9}.DAT",
                GUID_DAT,
            ),
            (
                "https://example.com/wp-content/uploads/%7B0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9%7D.dat?x=1",
                GUID_DAT,
            ),
            ("{0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}.dat", GUID_DAT),
            // Not a GUID, or not a .dat: a real file.
            ("/uploads/{not-a-guid}.dat", None),
            ("/uploads/{0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}.png", None),
            ("/uploads/0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9.dat", None),
            ("/uploads/{0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8FG}.dat", None),
            ("/uploads/data.dat", None),
        ];
        for (src, want) in cases {
            assert_eq!(editor_artefact(src, ""), *want, "{src}");
        }
    }

    #[test]
    fn addresses_no_browser_loads() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "file://localhost/Users/v/Library/Caches/TemporaryItems/msoclip/0clip_image002.gif",
                Some("local file"),
            ),
            (
                "webkit-fake-url://A74F1147-1EC3-4C3E-AD71-A6723DCA1172/image.tiff",
                Some("local file"),
            ),
            ("C:\\Users\\ann\\Pictures\\boat.jpg", Some("local file")),
            ("blob:https://example.com/0a1b", Some("local file")),
            ("ttp://example.com/uploads/a.jpg", Some("unknown-scheme")),
            // Pictures a browser loads, and relative paths with a colon further on.
            ("https://example.com/a.jpg", None),
            ("HTTP://example.com/a.jpg", None),
            ("//example.com/a.jpg", None),
            ("data:image/gif;base64,R0lGOD", None),
            ("images/a:b.jpg", None),
            ("/uploads/2009/07/a.jpg?v=1:2", None),
            ("a.jpg", None),
        ];
        for (src, want) in cases {
            assert_eq!(editor_artefact(src, ""), *want, "{src}");
        }
    }
}
