#!/usr/bin/env python3
"""Print Python model2vec's vectors for texts, to check a Rust loader against them.

Reads one text a line from standard input and prints one JSON object a line:
    {"text": "...", "vec": [0.0123, ...]}
Usage:
    python tools/distill/reference_vectors.py [MODEL_DIR] < texts.txt > reference.jsonl
MODEL_DIR defaults to models/minilm-static. Vectors are L2-normalised as the model's config says.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"

from model2vec import StaticModel  # noqa: E402

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "minilm-static"


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_MODEL
    if not folder.is_dir():
        sys.exit(f"error: no model folder at {folder}")
    texts = sys.stdin.read().splitlines()
    model = StaticModel.from_pretrained(str(folder))
    vectors = model.encode(texts, show_progress_bar=False) if texts else []
    for text, vec in zip(texts, vectors):
        print(json.dumps({"text": text, "vec": [round(float(x), 7) for x in vec]}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
