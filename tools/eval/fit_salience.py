#!/usr/bin/env python3
"""Fit the salience thresholds of `[frame]` in crates/text/lexicon/cues.toml on the fitting half
of the news dev set, and write the best pair back.

Usage (from the repository root):
  tools/eval/fit_salience.py [SHARED_DIR]        # default ../shared

For each (salience_recent_sentences, salience_recent_bonus) of a small grid it rebuilds the
`commitments_jsonl` example, extracts the news dev set and scores the fitting half only
(tools/eval/split_commitments.py); ties go to the smaller values. The held-back half is never read.
About a minute a point: the lexicon is compiled in.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile

GRID_SENTENCES = [1, 2]
GRID_BONUS = [0, 1, 3, 6]
LEXICON = "crates/text/lexicon/cues.toml"


def set_values(sentences: int, bonus: int) -> None:
    with open(LEXICON, encoding="utf-8") as fh:
        text = fh.read()
    text = re.sub(r"(?m)^salience_recent_sentences = \d+$", f"salience_recent_sentences = {sentences}", text)
    text = re.sub(r"(?m)^salience_recent_bonus = \d+$", f"salience_recent_bonus = {bonus}", text)
    with open(LEXICON, "w", encoding="utf-8") as fh:
        fh.write(text)


def f1_on(fit: str, shared: str, tmp: str) -> float:
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "quarry-engine", "--example",
                    "commitments_jsonl"], check=True)
    pred = os.path.join(tmp, "pred.jsonl")
    with open(pred, "w", encoding="utf-8") as fh:
        subprocess.run(["target/release/examples/commitments_jsonl",
                        os.path.join(shared, "data/news-dev")], stdout=fh, check=True)
    out = subprocess.run([sys.executable, os.path.join(shared, "eval/score_commitments.py"), fit, pred,
                          "--corpus", os.path.join(shared, "data/news-dev")],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"^F1 ([0-9.]+)", out.strip().splitlines()[-1]).group(1))


def main(argv: list[str]) -> int:
    shared = argv[1] if len(argv) > 1 else "../shared"
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(here, "split_commitments.py"),
                        os.path.join(shared, "eval/commitments_news_dev.toml"), tmp],
                       check=True, stdout=subprocess.DEVNULL)
        fit = os.path.join(tmp, "fit.toml")
        results = []
        for sentences in GRID_SENTENCES:
            for bonus in GRID_BONUS:
                set_values(sentences, bonus)
                f1 = f1_on(fit, shared, tmp)
                print(f"salience_recent_sentences = {sentences}, salience_recent_bonus = {bonus}: fit F1 {f1:.3f}")
                results.append((f1, -sentences, -bonus))
        f1, sentences, bonus = max(results)
        set_values(-sentences, -bonus)
        print(f"best: salience_recent_sentences = {-sentences}, salience_recent_bonus = {-bonus} (fit F1 {f1:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
