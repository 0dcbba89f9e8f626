#!/usr/bin/env python3
"""Check the front matter of every Markdown/HTML file under a directory.

Usage:
    check_frontmatter.py [--allow-missing] [--title-optional] [--quiet] DIR

Walks DIR for *.md, *.markdown and *.html files and extracts the front matter:

    ---            YAML, up to the next line that is exactly `---` or `...`
    +++            TOML, up to the next line that is exactly `+++`
    {              a leading JSON object (as Hugo accepts)

YAML is read twice, with PyYAML `safe_load` (YAML 1.1, what Jekyll-era tools and many
scripts use) and with ruamel.yaml (typ='safe', pure=True, version 1.2). TOML is read with
`tomllib`, JSON with `json`.

A file fails when:
  * it has no front matter (unless --allow-missing, which skips such files),
  * a reader cannot parse the front matter (also: unterminated block, duplicate YAML keys),
  * the front matter is not a mapping,
  * `title` is missing (unless --title-optional) or not a string (in either YAML reader),
  * the two YAML readers disagree on any value (`title: No` is False in 1.1 and "No"
    in 1.2; `time: 12:30` is 750 vs "12:30"; `010` is 8 vs 10, ...). Dates and datetimes
    are compared as ISO strings.

Prints one `FAIL path: reason` line per failure, then `N files, N ok, N failed`.
Exit status: 0 when everything passed, 1 on any failure, 2 on usage error.

Requires: pip install pyyaml ruamel.yaml
"""
import argparse
import datetime as dt
import json
import math
import os
import sys
import tomllib

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("check_frontmatter.py: PyYAML is missing: pip install pyyaml ruamel.yaml")
try:
    from ruamel.yaml import YAML
except ImportError:  # pragma: no cover
    sys.exit("check_frontmatter.py: ruamel.yaml is missing: pip install pyyaml ruamel.yaml")

EXTENSIONS = (".md", ".markdown", ".html")
TITLE_REQUIRED = True


class FrontMatterError(Exception):
    pass


def yaml12_loader():
    y = YAML(typ="safe", pure=True)
    y.version = (1, 2)
    return y


YAML12 = yaml12_loader()


def split_front_matter(text):
    """Return (kind, raw) with kind in {'yaml', 'toml', 'json'}, or (None, None)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines:
        return None, None
    first = lines[0].rstrip("\r\n")
    if first.rstrip() in ("---", "+++"):
        fence = first.rstrip()
        closers = ("---", "...") if fence == "---" else ("+++",)
        for i in range(1, len(lines)):
            if lines[i].rstrip("\r\n").rstrip() in closers:
                return ("yaml" if fence == "---" else "toml"), "".join(lines[1:i])
        raise FrontMatterError(f"unterminated {fence} front matter")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            obj, _end = json.JSONDecoder().raw_decode(stripped)
        except json.JSONDecodeError as e:
            raise FrontMatterError(f"JSON front matter does not parse: {e}") from None
        return "json", obj
    return None, None


def normalise(v):
    """Make values from the two YAML readers comparable."""
    if isinstance(v, dt.datetime):
        return "datetime:" + v.isoformat()
    if isinstance(v, dt.date):
        return "date:" + v.isoformat()
    if isinstance(v, float) and math.isnan(v):
        return "float:nan"
    if isinstance(v, dict):
        return {str(normalise(k)): normalise(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [normalise(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        return "bytes:" + bytes(v).hex()
    if isinstance(v, (set, frozenset)):
        return sorted(repr(normalise(x)) for x in v)
    return v


def differences(a, b, path=""):
    """Yield human-readable differences between two normalised values."""
    if type(a) is not type(b):
        yield f"{path or '.'}: {a!r} (YAML 1.1) vs {b!r} (YAML 1.2)"
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                yield f"{path}.{k}: present in only one reader"
            else:
                yield from differences(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        if len(a) != len(b):
            yield f"{path or '.'}: list length {len(a)} vs {len(b)}"
        else:
            for i, (x, y) in enumerate(zip(a, b)):
                yield from differences(x, y, f"{path}[{i}]")
    elif a != b:
        yield f"{path or '.'}: {a!r} (YAML 1.1) vs {b!r} (YAML 1.2)"


def check_title(data, reader):
    if "title" not in data:
        return [f"no title ({reader})"] if TITLE_REQUIRED else []
    t = data["title"]
    if not isinstance(t, str):
        return [f"title is {type(t).__name__} {t!r}, not a string ({reader})"]
    return []


def check_yaml(raw):
    problems = []
    parsed = {}
    for name, load in (("YAML 1.1/PyYAML", yaml.safe_load), ("YAML 1.2/ruamel", YAML12.load)):
        try:
            data = load(raw)
        except Exception as e:  # both libraries raise their own error hierarchies
            msg = " ".join(str(e).split())
            problems.append(f"{name} parse error: {type(e).__name__}: {msg[:300]}")
            continue
        if not isinstance(data, dict):
            problems.append(f"front matter is {type(data).__name__}, not a mapping ({name})")
            continue
        problems += check_title(data, name)
        parsed[name] = data
    if len(parsed) == 2:
        a, b = (normalise(d) for d in parsed.values())
        problems += [f"readers disagree: {d}" for d in differences(a, b)]
    return problems


def check_toml(raw):
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        return [f"TOML parse error: {e}"]
    return check_title(data, "TOML")


def check_json(obj):
    if not isinstance(obj, dict):
        return [f"front matter is {type(obj).__name__}, not a mapping (JSON)"]
    return check_title(obj, "JSON")


def check_file(path, allow_missing):
    """Return a list of problems, or None when the file has no front matter and that is allowed."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except UnicodeDecodeError as e:
        return [f"not UTF-8: {e}"]
    except OSError as e:
        return [f"cannot read: {e}"]
    try:
        kind, raw = split_front_matter(text)
    except FrontMatterError as e:
        return [str(e)]
    if kind is None:
        return None if allow_missing else ["no front matter"]
    return {"yaml": check_yaml, "toml": check_toml, "json": check_json}[kind](raw)


def walk(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(EXTENSIONS):
                yield os.path.join(dirpath, name)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--allow-missing", action="store_true",
                    help="skip files without front matter instead of failing them")
    ap.add_argument("--title-optional", action="store_true",
                    help="accept front matter without a title (a title that is present must still be a string)")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    args = ap.parse_args(argv)
    global TITLE_REQUIRED
    TITLE_REQUIRED = not args.title_optional
    if not os.path.isdir(args.dir):
        print(f"check_frontmatter.py: not a directory: {args.dir}", file=sys.stderr)
        return 2

    total = ok = failed = skipped = 0
    for path in walk(args.dir):
        problems = check_file(path, args.allow_missing)
        if problems is None:
            skipped += 1
            continue
        total += 1
        if problems:
            failed += 1
            if not args.quiet:
                rel = os.path.relpath(path, args.dir)
                for p in problems:
                    print(f"FAIL {rel}: {p}")
        else:
            ok += 1
    extra = f" ({skipped} without front matter skipped)" if skipped else ""
    print(f"{total} files, {ok} ok, {failed} failed{extra}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
