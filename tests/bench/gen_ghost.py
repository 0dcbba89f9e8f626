#!/usr/bin/env python3
"""Writes a large, realistic Ghost JSON export for benchmarks.

Usage: tests/bench/gen_ghost.py OUT.json [--mb 100] [--seed 1]

The file is one JSON document shaped like Ghost 5's export: `{"db": [{"meta", "data"}]}`
with the posts first and the relation tables after them (posts_authors, posts_meta,
posts_tags, settings, tags, users), as Ghost writes them. Posts rotate through three kinds:
Ghost 5 (html + lexical), Ghost 4 (html + mobiledoc) and Lexical only (no html, so the
converter renders it), each with headings, paragraphs with links and emphasis, lists,
images under `__GHOST_URL__`, bookmark, callout and code cards, a plaintext copy, tags
(some internal) and one or two authors. Statuses and visibility vary (published, draft,
scheduled, members-only). Written as it is generated: memory stays small whatever the size.
Deterministic for a given seed.
"""

import argparse
import json
import random

WORDS = (
    "the of and to in is that it for was on are as with his they at be this from have or by "
    "one had not but what all were when we there can an your which their said if do will each "
    "about how up out them then she many some so these would other into has more her two like "
    "him see time could no make than first been its who now people my made over did down only "
    "way find use may water long little very after words called just where most know get "
    "through back much before go good new write our used me man too any day same right look "
    "think also around another came come work three word must because does part even place "
    "well such here take why things help put years different away again off went old number "
    "server deploy cache latency garden bicycle harbour winter coffee library kernel sourdough"
).split()


def sentence(rng, n=None):
    n = n or rng.randint(6, 18)
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def body(rng, post_id):
    """A post as blocks: (kind, data)."""
    blocks = []
    for _ in range(rng.randint(4, 10)):
        r = rng.random()
        if r < 0.55:
            blocks.append(("p", paragraph(rng)))
        elif r < 0.65:
            blocks.append(("h2", sentence(rng, 4)[:-1]))
        elif r < 0.73:
            blocks.append(("ul", [sentence(rng, 5) for _ in range(rng.randint(2, 5))]))
        elif r < 0.82:
            blocks.append(("image", f"__GHOST_URL__/content/images/2023/{rng.randint(1, 12):02d}/img-{post_id}-{len(blocks)}.jpg"))
        elif r < 0.88:
            blocks.append(("bookmark", f"https://example.org/{rng.choice(WORDS)}/{post_id}"))
        elif r < 0.94:
            blocks.append(("callout", sentence(rng)))
        else:
            code = "\n".join(f"let {rng.choice(WORDS)} = {rng.randint(0, 999)};" for _ in range(rng.randint(2, 8)))
            blocks.append(("code", code))
    blocks.append(("p", f'See <a href="__GHOST_URL__/post-{max(post_id - 1, 0)}/">the previous post</a> and <em>{sentence(rng, 3)}</em>'))
    return blocks


def to_html(blocks):
    out = []
    for kind, d in blocks:
        if kind == "p":
            out.append(f"<p>{d}</p>" if "<a " in d else f"<p>{esc(d)}</p>")
        elif kind == "h2":
            out.append(f'<h2 id="{d.lower().replace(" ", "-")}">{esc(d)}</h2>')
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in d) + "</ul>")
        elif kind == "image":
            out.append(f'<figure class="kg-card kg-image-card"><img src="{d}" class="kg-image" alt="" loading="lazy" width="2000" height="1333"></figure>')
        elif kind == "bookmark":
            out.append(
                f'<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="{d}"><div class="kg-bookmark-content">'
                f'<div class="kg-bookmark-title">A page about things</div><div class="kg-bookmark-description">Some description of it.</div>'
                f'<div class="kg-bookmark-metadata"><img class="kg-bookmark-icon" src="https://example.org/favicon.ico" alt="">'
                f'<span class="kg-bookmark-author">Example</span></div></div><div class="kg-bookmark-thumbnail"><img src="https://example.org/og.jpg" alt=""></div></a></figure>'
            )
        elif kind == "callout":
            out.append(f'<div class="kg-card kg-callout-card kg-callout-card-grey"><div class="kg-callout-emoji">💡</div><div class="kg-callout-text">{esc(d)}</div></div>')
        elif kind == "code":
            out.append(f'<pre><code class="language-rust">{esc(d)}</code></pre>')
    return "".join(out)


def lex_text(t, fmt=0):
    return {"detail": 0, "format": fmt, "mode": "normal", "style": "", "text": t, "type": "extended-text", "version": 1}


def to_lexical(blocks):
    children = []
    for kind, d in blocks:
        if kind == "p":
            if "<a " in d:
                children.append({"type": "paragraph", "children": [
                    lex_text("See "),
                    {"type": "link", "url": d.split('"')[1], "children": [lex_text("the previous post")]},
                    lex_text(" and "), lex_text(d.split("<em>")[1].split("</em>")[0], 2)]})
            else:
                children.append({"type": "paragraph", "children": [lex_text(d)]})
        elif kind == "h2":
            children.append({"type": "extended-heading", "tag": "h2", "children": [lex_text(d)]})
        elif kind == "ul":
            children.append({"type": "list", "listType": "bullet", "tag": "ul", "start": 1,
                             "children": [{"type": "listitem", "children": [lex_text(i)]} for i in d]})
        elif kind == "image":
            children.append({"type": "image", "src": d, "width": 2000, "height": 1333, "alt": "", "caption": "", "cardWidth": "regular"})
        elif kind == "bookmark":
            children.append({"type": "bookmark", "url": d, "caption": "", "metadata": {
                "title": "A page about things", "description": "Some description of it.", "publisher": "Example",
                "icon": "https://example.org/favicon.ico", "thumbnail": "https://example.org/og.jpg"}})
        elif kind == "callout":
            children.append({"type": "callout", "calloutEmoji": "💡", "calloutText": esc(d), "backgroundColor": "grey"})
        elif kind == "code":
            children.append({"type": "codeblock", "code": d, "language": "rust", "caption": ""})
    return json.dumps({"root": {"type": "root", "children": children}}, ensure_ascii=False)


def to_mobiledoc(blocks):
    sections, cards = [], []
    markups = [["a", ["href", "__GHOST_URL__/"]], ["em"]]
    for kind, d in blocks:
        if kind == "p":
            if "<a " in d:
                markups[0] = ["a", ["href", d.split('"')[1]]]
                sections.append([1, "p", [[0, [], 0, "See "], [0, [0], 1, "the previous post"], [0, [], 0, " and "],
                                          [0, [1], 1, d.split("<em>")[1].split("</em>")[0]]]])
            else:
                sections.append([1, "p", [[0, [], 0, d]]])
        elif kind == "h2":
            sections.append([1, "h2", [[0, [], 0, d]]])
        elif kind == "ul":
            sections.append([3, "ul", [[[0, [], 0, i]] for i in d]])
        else:
            payload = {
                "image": lambda: {"src": d, "width": 2000, "height": 1333, "alt": ""},
                "bookmark": lambda: {"url": d, "metadata": {"title": "A page about things", "description": "Some description of it.",
                                                            "publisher": "Example", "icon": "https://example.org/favicon.ico",
                                                            "thumbnail": "https://example.org/og.jpg"}},
                "callout": lambda: {"calloutEmoji": "💡", "calloutText": esc(d), "backgroundColor": "grey"},
                "code": lambda: {"code": d, "language": "rust"},
            }[kind]()
            cards.append([kind, payload])
            sections.append([10, len(cards) - 1])
    return json.dumps({"version": "0.3.1", "atoms": [], "cards": cards, "markups": markups, "sections": sections}, ensure_ascii=False)


def plaintext(blocks):
    return "\n\n".join(d if isinstance(d, str) else "\n".join(d) for _, d in blocks)


def oid(n, kind):
    return f"{0x650000000000000000000000 + kind * 0x1000000 + n:024x}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=100)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    target = int(args.mb * 1_000_000)
    users = [{"id": oid(i, 3), "name": f"Author {i}", "slug": f"author-{i}", "email": f"author{i}@mail.example",
              "password": "$2a$10$" + "x" * 53, "status": "active"} for i in range(8)]
    tags = [{"id": oid(i, 2), "name": (f"#internal-{i}" if i % 10 == 0 else f"Topic {i}"),
             "slug": (f"hash-internal-{i}" if i % 10 == 0 else f"topic-{i}"),
             "visibility": "internal" if i % 10 == 0 else "public"} for i in range(60)]
    posts_tags, posts_authors, posts_meta = [], [], []
    written = 0
    n = 0
    with open(args.out, "w", encoding="utf-8") as f:
        head = '{"db":[{"meta":{"exported_on":1710000000000,"version":"5.80.0"},"data":{"posts":['
        f.write(head)
        written += len(head.encode())
        while written < target * 0.97:
            blocks = body(rng, n)
            kind = n % 3
            status = rng.choices(["published", "draft", "scheduled"], [90, 8, 2])[0]
            day = 1_600_000_000 + n * 3600 * 7
            post = {
                "id": oid(n, 1), "uuid": f"00000000-0000-4000-8000-{n:012d}", "title": sentence(rng, rng.randint(3, 9))[:-1],
                "slug": f"post-{n}",
                "mobiledoc": to_mobiledoc(blocks) if kind == 1 else None,
                "lexical": to_lexical(blocks) if kind != 1 else None,
                "html": to_html(blocks) if kind != 2 else None,
                "comment_id": oid(n, 1), "plaintext": plaintext(blocks),
                "feature_image": f"__GHOST_URL__/content/images/2023/01/feature-{n}.jpg" if rng.random() < 0.6 else None,
                "featured": 0, "type": "page" if n % 97 == 0 else "post", "status": status, "locale": None,
                "visibility": "members" if rng.random() < 0.05 else "public", "email_recipient_filter": "all",
                "created_at": f"2020-09-13T12:{n % 60:02d}:00.000Z",
                "updated_at": f"2021-01-01T00:{n % 60:02d}:00.000Z",
                "published_at": None if status == "draft" else f"2020-09-14T{n % 24:02d}:{n % 60:02d}:00.000Z",
                "custom_excerpt": sentence(rng) if rng.random() < 0.3 else None,
                "codeinjection_head": None, "codeinjection_foot": None, "custom_template": None, "canonical_url": None,
                "newsletter_id": None, "show_title_and_feature_image": True,
            }
            text = ("," if n else "") + json.dumps(post, ensure_ascii=False, separators=(",", ":"))
            f.write(text)
            written += len(text.encode())
            for j, t in enumerate(rng.sample(tags, rng.randint(0, 4))):
                posts_tags.append({"id": oid(len(posts_tags), 4), "post_id": oid(n, 1), "tag_id": t["id"], "sort_order": j})
            for j, u in enumerate(rng.sample(users, 1 if rng.random() < 0.9 else 2)):
                posts_authors.append({"id": oid(len(posts_authors), 5), "post_id": oid(n, 1), "author_id": u["id"], "sort_order": j})
            if rng.random() < 0.2:
                posts_meta.append({"id": oid(len(posts_meta), 6), "post_id": oid(n, 1), "og_title": None, "feature_image_alt": "A picture",
                                   "email_only": False})
            n += 1
        tail = {"posts_authors": posts_authors, "posts_meta": posts_meta, "posts_tags": posts_tags,
                "settings": [{"id": oid(0, 7), "group": "site", "key": "title", "value": "A big blog", "type": "string"}],
                "tags": tags, "users": users}
        f.write("]," + json.dumps(tail, ensure_ascii=False, separators=(",", ":"))[1:] + "}]}\n")
    print(f"{args.out}: {n} posts")


if __name__ == "__main__":
    main()
