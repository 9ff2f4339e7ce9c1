#!/usr/bin/env python3
"""Writes the texts the page reads at start into one file, `texts.bundle`.

trunk runs this after each build (Trunk.toml's post_build hook), in the
staging folder that becomes the site: the gallery's scenario files
(`scenarios/`), the explanation catalogue (`catalogue/`) and the page's
own strings (`ui/`), each also kept as its own file. The page fetches the
bundle, one request instead of some eighty (www/src/fetch.rs).

Format: for each file, its path from the site's root, a NUL, its text, a
NUL. The texts are UTF-8 and hold no NUL (this script refuses one that
does).
"""
import os
import sys

ROOTS = ("scenarios", "catalogue", "ui")


def main():
    site = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else None)
    if not site:
        sys.exit("bundle-texts: no site folder (TRUNK_STAGING_DIR or an argument)")
    parts = []
    for root in ROOTS:
        base = os.path.join(site, root)
        for folder, dirs, files in os.walk(base):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, site).replace(os.sep, "/")
                with open(path, "rb") as f:
                    data = f.read()
                if b"\0" in data:
                    sys.exit(f"bundle-texts: {rel} holds a NUL byte")
                data.decode("utf-8")
                parts.append(rel.encode() + b"\0" + data + b"\0")
    with open(os.path.join(site, "texts.bundle"), "wb") as f:
        f.write(b"".join(parts))


main()
