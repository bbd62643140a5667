#!/usr/bin/env python3
"""Split a commitments gold file by article into a fitting half and a held-back half.

Usage:
  split_commitments.py GOLD.toml OUT_DIR        # writes OUT_DIR/fit.toml and OUT_DIR/held.toml

The split is fixed: the gold's articles sorted by their number (the NNN of "section/NNN.txt"),
the first half fits, the second half is held back. Each half keeps the gold's header comments and
names its articles in `docs = [...]`, so score_commitments.py ignores predictions for the other
half's articles. Fit rules and thresholds on fit.toml only; report both halves. Never commit the
halves: they are copies of the dev gold. Python 3.11, stdlib only.
"""
from __future__ import annotations

import os
import re
import sys
import tomllib


def article_number(doc: str) -> tuple[int, str]:
    m = re.search(r"(\d+)", os.path.basename(doc))
    return (int(m.group(1)) if m else 0, doc)


def blocks(text: str) -> tuple[str, list[str]]:
    """The header (up to the first table) and each [[...]] table with the comments before it."""
    starts = [m.start() for m in re.finditer(r"(?m)^\[\[", text)]
    if not starts:
        return text, []
    header = text[: starts[0]]
    tables = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    return header, tables


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    gold_path, out_dir = argv[1], argv[2]
    with open(gold_path, encoding="utf-8") as fh:
        text = fh.read()
    data = tomllib.loads(text)
    docs = list(data.get("docs", []))
    for kind in ("commitment", "non_commitment"):
        docs += [item["doc"] for item in data.get(kind, [])]
    docs = sorted(set(docs), key=article_number)
    half = (len(docs) + 1) // 2
    halves = {"fit": docs[:half], "held": docs[half:]}
    header, tables = blocks(text)
    header = re.sub(r"(?m)^docs\s*=\s*\[[^\]]*\]\s*\n", "", header)
    os.makedirs(out_dir, exist_ok=True)
    for name, chosen in halves.items():
        keep = set(chosen)
        body = []
        for table in tables:
            doc = re.search(r'(?m)^doc\s*=\s*"([^"]+)"', table)
            if doc and doc.group(1) in keep:
                body.append(table)
        listed = ", ".join(f'"{d}"' for d in chosen)
        out = f"{header.rstrip()}\n\ndocs = [{listed}]\n\n{''.join(body)}"
        tomllib.loads(out)  # the half must stay valid TOML
        path = os.path.join(out_dir, f"{name}.toml")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(out)
        print(f"{path}: {len(chosen)} articles, {len(body)} tables")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
