"""The peer for quarry-bench: bm25s (BM25 on sparse matrices) over the same passages and questions.

Reads the passages (one per sentence, JSON Lines {"doc", "text"}) and the questions (JSON Lines
{"question", "doc"}) that quarry-bench exported from the corpus, builds a bm25s index in memory and
answers every question one at a time, as quarry does. Prints one JSON object on stdout.
"""

import argparse
import json
import resource
import statistics
import time

import bm25s
import Stemmer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--passages", required=True)
    parser.add_argument("--questions", required=True)
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()

    # Build: read the passages, tokenise (English stop words, Snowball stems), index.
    started, started_cpu = time.perf_counter(), time.process_time()
    docs, texts = [], []
    with open(args.passages, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            docs.append(row["doc"])
            texts.append(row["text"])
    loaded = time.perf_counter()
    tokenizer = bm25s.tokenization.Tokenizer(stemmer=Stemmer.Stemmer("english"), stopwords="en")
    ids = tokenizer.tokenize(texts, update_vocab=True, return_as="ids", show_progress=False)
    tokenized = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(ids, show_progress=False)
    built, built_cpu = time.perf_counter(), time.process_time()

    with open(args.questions, encoding="utf-8") as f:
        questions = [json.loads(line) for line in f if line.strip()]

    def answer(question):
        query = tokenizer.tokenize([question], update_vocab="never", return_as="ids", show_progress=False)
        if not query[0]:
            return []
        k = min(args.k, len(texts))
        results, _scores = retriever.retrieve(query, k=k, show_progress=False, n_threads=1)
        return [int(i) for i in results[0]]

    for q in questions:  # warm-up pass, as quarry gets one
        answer(q["question"])
    latencies, cpu, hits = [], [], 0
    for q in questions:
        t, c = time.perf_counter(), time.process_time()
        top = answer(q["question"])
        latencies.append((time.perf_counter() - t) * 1000.0)
        cpu.append((time.process_time() - c) * 1000.0)
        hits += any(q["sentence"] == texts[i] for i in top[:3])

    print(json.dumps({
        "passages": len(texts),
        "load_s": loaded - started,
        "tokenize_s": tokenized - loaded,
        "index_s": built - tokenized,
        "build_s": built - started,
        "build_cpu_s": built_cpu - started_cpu,
        "latencies_ms": latencies,
        "cpu_ms": cpu,
        "p50_ms": statistics.median(latencies) if latencies else 0.0,
        "top3_source_hits": hits,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }))


if __name__ == "__main__":
    main()
