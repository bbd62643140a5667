#!/usr/bin/env python3
"""Split a QA set (score_qa.py's TOML format) into a fitting half and a held-back half.

Usage: split_qa.py QA.toml OUT_DIR   -> OUT_DIR/<name>_fit.toml, OUT_DIR/<name>_held.toml

A question's id is the SHA-256 of its text; its first byte decides the half (even: fitting,
odd: held back), so the split never depends on the order of the file or on what else is in it,
and a question keeps its half when others are added. Answerable and unanswerable questions are
split by the same rule. Python 3.11+, standard library only; the halves are written where you
say (never into the repository: the dev sets are not committed).
"""
import hashlib
import json
import pathlib
import sys
import tomllib


def held_back(question: str) -> bool:
    return hashlib.sha256(question.encode("utf-8")).digest()[0] % 2 == 1


def value(v) -> str:
    # JSON string and list syntax is valid TOML for the strings and string lists these sets hold.
    return json.dumps(v, ensure_ascii=False)


def write(path: pathlib.Path, questions, unanswerable) -> None:
    lines = [f"# Written by tools/fit/split_qa.py; {len(questions)} answerable, {len(unanswerable)} unanswerable.\n"]
    for table, items in (("question", questions), ("unanswerable", unanswerable)):
        for item in items:
            lines.append(f"\n[[{table}]]\n")
            lines.extend(f"{key} = {value(v)}\n" for key, v in item.items())
    path.write_text("".join(lines), encoding="utf-8")


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    with source.open("rb") as f:
        qa = tomllib.load(f)
    out.mkdir(parents=True, exist_ok=True)
    name = source.stem
    for half, keep in (("fit", False), ("held", True)):
        questions = [q for q in qa.get("question", []) if held_back(q["q"]) == keep]
        unanswerable = [q for q in qa.get("unanswerable", []) if held_back(q["q"]) == keep]
        write(out / f"{name}_{half}.toml", questions, unanswerable)
        print(f"{out / f'{name}_{half}.toml'}: {len(questions)} answerable, {len(unanswerable)} unanswerable")
    return 0


if __name__ == "__main__":
    sys.exit(main())
