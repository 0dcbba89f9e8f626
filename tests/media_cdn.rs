//! `--media download` on images from other platforms' CDNs (Blogger, Medium, Substack, Ghost):
//! every size of one upload becomes one local file, fetched once from the upload itself.
//! Nothing here touches the network: a file already in the output folder is reused without
//! a request, and everything else goes to a proxy that refuses connections.
#![cfg(all(feature = "download", feature = "cli"))]

use std::path::Path;
use std::process::{Command, Stdio};
use unpress::media::cdn;

const BLOGGER: &str = "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEh9";
const MEDIUM: &str = "https://cdn-images-1.medium.com/max/800/1*Qx-9_z.png";
const SUBSTACK_FETCH: &str = "https://substackcdn.com/image/fetch/w_1456,c_limit,f_auto/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2Fab12_800x600.png";

/// A Movable Type export whose one entry shows each platform's images at several sizes.
fn export(dir: &Path) -> std::path::PathBuf {
    let body = format!(
        "<p><a href=\"{BLOGGER}/s1600/Sunset.JPG\"><img src=\"{BLOGGER}/s320/Sunset.JPG\" alt=\"Sunset\"></a></p>\n\
         <p><img src=\"{BLOGGER}/w640-h480/Sunset.JPG\" alt=\"Sunset again\"></p>\n\
         <p><img src=\"{MEDIUM}\" alt=\"Chart\"></p>\n\
         <p><img src=\"https://miro.medium.com/v2/resize:fit:720/1*Qx-9_z.png\" alt=\"Chart small\"></p>\n\
         <p><img src=\"{SUBSTACK_FETCH}\" alt=\"Cover\"></p>\n"
    );
    let text = format!(
        "TITLE: Pictures\nBASENAME: pictures\nSTATUS: Publish\nCONVERT BREAKS: 0\n\
         DATE: 01/02/2020 10:00:00 AM\n-----\nBODY:\n{body}-----\n--------\n"
    );
    let path = dir.join("blog.txt");
    std::fs::write(&path, text).expect("write export");
    path
}

fn unpress(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_unpress"));
    cmd.args(args).stdin(Stdio::null());
    for var in [
        "all_proxy",
        "https_proxy",
        "http_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        cmd.env_remove(var);
    }
    // Port 9 (discard) on loopback refuses: no request leaves the machine.
    for var in ["ALL_PROXY", "HTTPS_PROXY", "HTTP_PROXY"] {
        cmd.env(var, "http://127.0.0.1:9");
    }
    cmd.output().expect("binary runs")
}

#[test]
fn every_size_of_an_upload_is_one_local_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = export(tmp.path());
    let out = tmp.path().join("out");
    // The Blogger upload is already in the output folder (a re-run): reused, not fetched.
    let sunset = cdn::image(&format!("{BLOGGER}/s320/Sunset.JPG")).expect("a Blogger image");
    let mut local = out.join("assets/uploads");
    local.extend(&sunset.segments);
    std::fs::create_dir_all(local.parent().expect("folder")).expect("mkdir");
    std::fs::write(&local, b"jpeg").expect("seed");
    let report = tmp.path().join("report.json");

    let run = unpress(&[
        "convert".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--media".as_ref(),
        "download".as_ref(),
        // Jekyll keeps uploads in one folder (Hugo would put them beside each post).
        "--target".as_ref(),
        "jekyll".as_ref(),
        "--report".as_ref(),
        report.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    let post = std::fs::read_to_string(out.join("_posts/2020-01-02-pictures.md")).expect("post");
    let rel = format!("/assets/uploads/{}", sunset.segments.join("/"));
    // The link to the large size and both thumbnails point at the one local file.
    assert_eq!(post.matches(&rel).count(), 3, "{rel} in\n{post}\n{stderr}");
    assert!(!post.contains("googleusercontent"), "{post}");

    // Medium's and Substack's uploads could not be fetched: each is named once, by the
    // upload itself, and its references keep their old addresses.
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("json");
    let warnings: Vec<&str> = report["items"][0]["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w.as_str())
        .filter(|w| w.starts_with("upload not downloaded"))
        .collect();
    let medium = cdn::image(MEDIUM).expect("a Medium image").original;
    let substack = cdn::image(SUBSTACK_FETCH)
        .expect("a Substack image")
        .original;
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[0].ends_with(&format!("still pointing at {medium}")),
        "{warnings:#?}"
    );
    assert!(
        warnings[1].ends_with(&format!("still pointing at {substack}")),
        "{warnings:#?}"
    );
    assert!(
        post.contains(MEDIUM) && post.contains(SUBSTACK_FETCH),
        "{post}"
    );
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("0 uploads downloaded, 1 already in the output folder, 2 failed"),
        "{notes}"
    );
}

#[test]
fn a_backup_of_the_platform_files_is_searched_by_name() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = export(tmp.path());
    // Takeout keeps Blogger's images in albums, under their own names.
    let albums = tmp.path().join("Takeout/Blogger/Albums");
    std::fs::create_dir_all(albums.join("Trip")).expect("mkdir");
    std::fs::write(albums.join("Trip/Sunset.JPG"), b"jpeg").expect("image");
    // Two files of one name cannot tell which is which: neither is taken.
    for album in ["A", "B"] {
        std::fs::create_dir_all(albums.join(album)).expect("mkdir");
        std::fs::write(albums.join(album).join("ab12_800x600.png"), album).expect("image");
    }
    let out = tmp.path().join("out");
    let run = unpress(&[
        "convert".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--media".as_ref(),
        "copy".as_ref(),
        "--uploads".as_ref(),
        albums.as_os_str(),
        "--target".as_ref(),
        "jekyll".as_ref(),
        "-q".as_ref(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let sunset = cdn::image(&format!("{BLOGGER}/s320/Sunset.JPG")).expect("a Blogger image");
    let mut local = out.join("assets/uploads");
    local.extend(&sunset.segments);
    assert_eq!(std::fs::read(&local).expect("copied"), b"jpeg");
    let post = std::fs::read_to_string(out.join("_posts/2020-01-02-pictures.md")).expect("post");
    let rel = format!("/assets/uploads/{}", sunset.segments.join("/"));
    assert_eq!(post.matches(&rel).count(), 3, "{post}");
    assert!(post.contains(SUBSTACK_FETCH), "{post}");
    assert!(!out.join("assets/uploads/substack").exists());
}
