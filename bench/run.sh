#!/usr/bin/env bash
# Runs every quarry benchmark beside the bm25s peer and writes target/bench-report.md.
#   bench/run.sh                         # 1.3k real articles and 10k
#   bench/run.sh --sizes 1000,10000,100000
# Any quarry-bench option may follow (see `target/release/quarry-bench --help`).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/bench/venv
# The peer's Python packages, pinned in bench/requirements.txt, in a venv of their own.
if ! cmp -s bench/requirements.txt "$venv/requirements.txt" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements.txt
  cp bench/requirements.txt "$venv/requirements.txt"
fi

cargo build --release --bins
exec target/release/quarry-bench --python "$venv/bin/python" --peer bench/peer_bm25s.py "$@"
