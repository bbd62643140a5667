#!/usr/bin/env bash
# Commitment figures of a quarry binary: seed gold, news-dev on its fitting and held-back halves
# (tools/eval/split_commitments.py) and news-dev as a whole.
# usage: tools/eval/score_commitments.sh [BINARY] [SHARED_DIR]
set -euo pipefail
bin=${1:-target/release/quarry}
shared=${2:-../shared}
here=$(cd "$(dirname "$0")" && pwd)
score="$shared/eval/score_commitments.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/split_commitments.py" "$shared/eval/commitments_news_dev.toml" "$tmp/split" >/dev/null
"$bin" --corpus "$shared/articles" --data "$tmp/seed" commitments --json >"$tmp/seed.jsonl" 2>/dev/null
"$bin" --corpus "$shared/data/news-dev" --data "$tmp/dev" commitments --json >"$tmp/dev.jsonl" 2>/dev/null
figures() { python3 "$score" "$@" 2>&1 | grep -E '^(status accuracy|F1)' | tr '\n' ' '; echo; }
echo "seed:      $(figures "$shared/eval/commitments.toml" "$tmp/seed.jsonl" --corpus "$shared/articles")"
echo "news fit:  $(figures "$tmp/split/fit.toml" "$tmp/dev.jsonl" --corpus "$shared/data/news-dev")"
echo "news held: $(figures "$tmp/split/held.toml" "$tmp/dev.jsonl" --corpus "$shared/data/news-dev")"
echo "news all:  $(figures "$shared/eval/commitments_news_dev.toml" "$tmp/dev.jsonl" --corpus "$shared/data/news-dev")"
