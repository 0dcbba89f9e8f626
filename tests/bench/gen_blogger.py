#!/usr/bin/env python3
"""Writes a large Blogger backup (blog-MM-DD-YYYY.xml) for benchmarks.

Usage:
    tests/bench/gen_blogger.py OUT.xml [--mb 100] [--seed 1]

The file has the shape of the backups Blogger writes (see src/read/blogger.rs): one line per
entry, the template first, then the settings, then posts and pages (newest first), then every
comment. Posts mix the bodies real blogs have: text with <br /> breaks (older posts, some with
raw line ends, as the line-break setting allows), <div>/<p> HTML with images on
bp.blogspot.com in two sizes, links to other posts, jump breaks, code and embeds; about 3% are
drafts. Comments average three per post; a fifth answer another comment, a few were removed
by their author. Output is the same for the same seed and size.

Then measure, for instance:
    /usr/bin/time -v target/release/unpress convert OUT.xml -o /dev/shm/out -q
"""

import argparse
import random
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

BLOG = "7777777777777777777"
HOST = "http://bench-notes.blogspot.com"
WORDS = (
    "the a of and to in is was it for on that with as at by this from we be have not but "
    "they you had his her one all were when there can an which their said if do will each "
    "about how up out them then she many some so these would other into has more two time "
    "like see him could no make than first been its who now people my made over did down "
    "only way find use may water long little very after words called just where most know "
    "garden river morning train coffee winter mountain kitchen bicycle harbour lantern "
    "notebook violin meadow thunder compiler kernel pointer database socket gradient pixel "
    "weekend holiday grandmother recipe bread tomato pepper island ferry lighthouse market"
).split()
LABELS = [
    "travel", "cooking", "linux", "photos", "family", "books", "music", "garden", "python",
    "hiking", "rants", "reviews", "java", "weekend", "news", "diy", "cycling", "film",
    "maps", "history", "Photos & Maps", "C++", "how-to", "notes", "work", "open source",
    "birds", "rain", "coffee", "winter", "summer", "kids", "school", "art", "design",
    "running", "games", "science", "space", "weather",
]
SETTINGS = [
    "BLOG_NAME", "BLOG_DESCRIPTION", "BLOG_PUBLISHING_MODE", "BLOG_ADMIN_PERMISSION",
    "BLOG_LANGUAGE", "BLOG_LOCALE", "BLOG_TIME_ZONE", "BLOG_CONVERT_LINE_BREAKS",
    "BLOG_COMMENT_MODERATION", "BLOG_COMMENT_FORMAT", "BLOG_ARCHIVE_FREQUENCY",
    "BLOG_POST_FEED", "BLOG_COMMENT_FEED", "BLOG_POST_FEED_FOOTER", "BLOG_MAX_NUM",
] + ["BLOG_SETTING_%02d" % i for i in range(40)]
TZ = timezone(timedelta(hours=-7))


def ts(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % (dt.microsecond // 1000) + "-07:00"


def sentence(rng, n=None):
    words = [rng.choice(WORDS) for _ in range(n or rng.randint(6, 22))]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", ".", "!", "?"])


def image(rng, name):
    ident = "-%s/%s/AAAAAAAA%s/%s" % (
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789_") for _ in range(11)),
        "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(11)),
        "".join(rng.choice("ABCDEFGH") for _ in range(3)),
        "".join(rng.choice("abcdefghijklmnop0123456789") for _ in range(10)),
    )
    host = "%d.bp.blogspot.com" % rng.randint(1, 4)
    return (
        '<div class="separator" style="clear: both; text-align: center;"><a href="http://%s/%s/s1600/%s.jpg" '
        'imageanchor="1" style="margin-left: 1em; margin-right: 1em;"><img border="0" height="240" '
        'src="http://%s/%s/s320/%s.jpg" width="320" /></a></div>' % (host, ident, name, host, ident, name)
    )


def body(rng, style, links):
    parts = []
    paragraphs = rng.randint(3, 14)
    for i in range(paragraphs):
        text = " ".join(sentence(rng) for _ in range(rng.randint(1, 6)))
        if rng.random() < 0.15 and links:
            url = rng.choice(links)
            text += ' See <a href="%s">this earlier post</a>.' % url
        if rng.random() < 0.1:
            text = text.replace(" the ", " <b>the</b> ", 1)
        parts.append(text)
        if i == 1 and rng.random() < 0.3:
            parts.append("<a name='more'></a>")
        if rng.random() < 0.2:
            parts.append(image(rng, rng.choice(WORDS)))
        if rng.random() < 0.03:
            parts.append("<pre>for x in range(10):\n    print(x)\n</pre>")
        if rng.random() < 0.02:
            parts.append(
                '<iframe allowfullscreen="allowfullscreen" width="320" height="266" '
                'src="https://www.youtube.com/embed/%s?feature=player_embedded" frameborder="0"></iframe>'
                % "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789_-") for _ in range(11))
            )
    if style == "breaks":
        return "<br /><br />".join(parts)
    if style == "lines":
        return "\n\n".join(parts)
    if style == "divs":
        return "".join("<div>%s</div><div><br /></div>" % p for p in parts)
    return "".join(p if p.startswith("<") else "<p>%s</p>" % p for p in parts)


def entry(eid, published, updated, kind, title, content, extra="", ctype="html"):
    return (
        "<entry><id>tag:blogger.com,1999:blog-%s.%s</id><published>%s</published><updated>%s</updated>"
        "<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#%s'/>"
        "%s<title type='text'>%s</title><content type='%s'>%s</content>%s</entry>\n"
        % (BLOG, eid, ts(published), ts(updated), kind, extra.split("|", 1)[0], escape(title), ctype,
           escape(content), extra.split("|", 1)[1] if "|" in extra else "")
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=100.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    target = int(args.mb * 1_000_000)
    start = datetime(2006, 1, 1, 8, 0, tzinfo=TZ)
    author = (
        "<author><name>Bench Writer</name><uri>https://www.blogger.com/profile/01234567890123456789</uri>"
        "<email>bench.writer@example.com</email></author>"
    )

    posts = []
    comments = []
    size = 0
    n = 0
    links = []
    comment_id = 10**17
    when = start
    # Posts are planned until the file, comments included, reaches the target size.
    while size < target:
        n += 1
        when += timedelta(hours=rng.randint(3, 60), minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))
        pid = 10**18 + n
        title = sentence(rng, rng.randint(2, 8)).rstrip(".!?")
        page = n % 200 == 0
        slug = "-".join(title.lower().split()[:5])
        link = "%s/%s.html" % (HOST, "p/" + slug if page else "%04d/%02d/%s" % (when.year, when.month, slug))
        style = rng.choices(["breaks", "html", "divs", "lines"], [4, 4, 1, 1])[0]
        text = body(rng, style, links[-200:])
        draft = rng.random() < 0.03
        labels = "".join(
            "<category scheme='http://www.blogger.com/atom/ns#' term='%s'/>" % escape(lab, {"'": "&apos;"})
            for lab in rng.sample(LABELS, rng.randint(0, 4))
        )
        control = "<app:control xmlns:app='http://purl.org/atom/app#'><app:draft>yes</app:draft></app:control>" if draft else ""
        tail = "" if draft else "<link rel='alternate' type='text/html' href='%s' title='%s'/>" % (link, escape(title, {"'": "&apos;"}))
        ncomments = 0 if draft else min(int(rng.expovariate(1 / 3.0)), 40)
        post = entry(
            "post-%d" % pid, when, when + timedelta(minutes=rng.randint(1, 5000)),
            "page" if page else "post", title, text,
            control + labels + "|" + tail + author + "<thr:total>%d</thr:total>" % ncomments,
        )
        posts.append(post)
        size += len(post.encode("utf-8"))
        if not draft and not page:
            links.append(link)
        ids = []
        for k in range(ncomments):
            comment_id += 1
            cwhen = when + timedelta(hours=rng.randint(1, 2000), seconds=rng.randint(0, 59))
            related = ""
            if ids and rng.random() < 0.2:
                related = "<link rel='related' type='application/atom+xml' href='https://www.blogger.com/feeds/%s/%d/comments/default/%d'/>" % (BLOG, pid, rng.choice(ids))
            ids.append(comment_id)
            removed = rng.random() < 0.02
            anon = rng.random() < 0.3
            name = "Anonymous" if anon else rng.choice(["Ann", "Bob", "Chen", "Dara", "Emil", "Femi", "Gus"]) + " " + rng.choice(WORDS).capitalize()
            ctext = "This comment has been removed by the author." if removed else "<br />".join(
                sentence(rng) for _ in range(rng.randint(1, 4)))
            c = entry(
                "post-%d" % comment_id, cwhen, cwhen, "comment", ctext[:40] + "...", ctext,
                "|" + related
                + "<author><name>%s</name><email>%s</email></author>" % (name, "noreply@blogger.com" if anon else "reader%d@example.net" % k)
                + "<thr:in-reply-to href='%s' ref='tag:blogger.com,1999:blog-%s.post-%d' type='text/html'/>" % (link, BLOG, pid)
                + ("<gd:extendedProperty name='blogger.contentRemoved' value='true'/>" if removed else ""),
            )
            comments.append(c)
            size += len(c.encode("utf-8"))

    with open(args.out, "w", encoding="utf-8") as f:
        f.write(
            "<?xml version='1.0' encoding='UTF-8'?><?xml-stylesheet href=\"https://www.blogger.com/styles/atom.css\" "
            "type=\"text/css\"?><feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' "
            "xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0' "
            "xmlns:georss='http://www.georss.org/georss'><id>tag:blogger.com,1999:blog-%s.archive</id>"
            "<updated>%s</updated><title type='text'>Bench Notes</title>"
            "<link rel='alternate' type='text/html' href='%s/'/>%s<generator version='7.00' uri='https://www.blogger.com'>Blogger</generator>\n"
            % (BLOG, ts(when), HOST, author)
        )
        template = "\n".join("  .rule-%d { margin: %dpx; }" % (i, i % 17) for i in range(2500))
        f.write(entry("layout", start, when, "template", "Template: Bench Notes",
                      "<html><b:skin><![CDATA[%s]]></b:skin></html>" % template, "|" + author, "text"))
        for s in SETTINGS:
            value = "true" if s == "BLOG_CONVERT_LINE_BREAKS" else "value of " + s.lower()
            f.write(entry("settings." + s, start, when, "settings", s.replace("_", " ").title(), value, "|" + author, "text"))
        for p in reversed(posts):
            f.write(p)
        for c in reversed(comments):
            f.write(c)
        f.write("</feed>\n")
    print("%s: %d posts and pages, %d comments" % (args.out, len(posts), len(comments)))


if __name__ == "__main__":
    main()
