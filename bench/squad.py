"""SQuAD v1.1 as one corpus: hit@1 and wall time of `quarry ask --stdin` beside the bm25s peer.

Every paragraph of the SQuAD file becomes one article (`a<article>p<paragraph>.md`, its title the
Wikipedia article's); the questions are asked over all of them at once. A question is a hit when
the first citation comes from its own paragraph and its quote holds one of the answers (case and
white space folded), as `score_qa.py` scores with `docs`.

    target/bench/venv/bin/python bench/squad.py --squad dev-v1.1.json \
        --exclude ../shared/data/squad/squad-v1.1-dev-half-a.json   # half B's questions
    target/bench/venv/bin/python bench/squad.py --squad ../shared/data/squad/squad-v1.1-dev-half-a.json

`--exclude FILE` leaves out the questions whose ids FILE holds (its paragraphs stay in the
corpus). Wall times: quarry's index build (`quarry index`) and its `ask --json --stdin` over all
questions, each a fresh process; the peer (bm25s 0.3.16, English stop words, Snowball stems, run
in this process) splits the paragraphs into sentences, indexes them and the paragraphs, and
answers every question (top sentence by BM25, and by BM25 of the sentence plus that of its
paragraph, each divided by the question's best). Run it with the bench venv's Python
(bench/run.sh makes it), after `cargo build --release`.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

import bm25s
import numpy as np
import Stemmer


def fold(text):
    text = text.lower().replace("\u201c", "").replace("\u201d", "").replace('"', "")
    text = text.replace("\u2018", "'").replace("\u2019", "'")
    return " ".join(text.split())


def holds(text, answers):
    text = fold(text)
    return any(fold(a) in text for a in answers)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["data"]


def write_corpus(data, corpus):
    """One file a paragraph; returns the questions (id, text, answers, doc) and the paragraphs."""
    if os.path.exists(corpus):
        shutil.rmtree(corpus)
    os.makedirs(corpus)
    questions, paragraphs = [], []
    for a, article in enumerate(data):
        title = article["title"].replace("_", " ")
        for p, paragraph in enumerate(article["paragraphs"]):
            doc = f"a{a:02d}p{p:03d}"
            with open(os.path.join(corpus, doc + ".md"), "w", encoding="utf-8") as f:
                f.write(f"+++\ntitle = {json.dumps(title)}\n+++\n{paragraph['context']}\n")
            paragraphs.append((doc, paragraph["context"]))
            for qa in paragraph["qas"]:
                answers = [x["text"] for x in qa["answers"]]
                questions.append((qa["id"], " ".join(qa["question"].split()), answers, doc))
    return questions, paragraphs


def run_quarry(binary, corpus, data, questions):
    if os.path.exists(data):
        shutil.rmtree(data)
    base = [binary, "--corpus", corpus, "--data", data]
    started = time.perf_counter()
    subprocess.run(base + ["index"], check=True, stdout=subprocess.DEVNULL)
    built = time.perf_counter()
    stdin = "".join(q[1] + "\n" for q in questions)
    out = subprocess.run(
        base + ["ask", "--json", "--stdin"], input=stdin, capture_output=True, text=True, check=True
    ).stdout
    asked = time.perf_counter()
    answers = [json.loads(line) for line in out.splitlines() if line.strip()]
    if len(answers) != len(questions):
        sys.exit(f"quarry answered {len(answers)} of {len(questions)} questions")
    hits = answered = 0
    for (_, _, expected, doc), answer in zip(questions, answers):
        citations = answer.get("citations") or []
        answered += bool(answer.get("answered"))
        first = citations[0] if answer.get("answered") and citations else None
        hits += bool(first and first.get("doc") == doc and holds(first.get("quote", ""), expected))
    return {
        "index_s": built - started,
        "ask_s": asked - built,
        "hit1": hits / len(questions),
        "answered": answered / len(questions),
    }


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")


def run_peer(paragraphs, questions):
    started = time.perf_counter()
    sentences, owner = [], []
    for i, (_, text) in enumerate(paragraphs):
        for s in SENTENCE_END.split(text):
            if s.strip():
                sentences.append(s)
                owner.append(i)
    owner = np.array(owner)
    tokenizer = bm25s.tokenization.Tokenizer(stemmer=Stemmer.Stemmer("english"), stopwords="en")
    sentence_ids = tokenizer.tokenize(sentences, update_vocab=True, return_as="ids", show_progress=False)
    paragraph_ids = tokenizer.tokenize(
        [t for _, t in paragraphs], update_vocab=True, return_as="ids", show_progress=False
    )
    by_sentence, by_paragraph = bm25s.BM25(), bm25s.BM25()
    by_sentence.index(sentence_ids, show_progress=False)
    by_paragraph.index(paragraph_ids, show_progress=False)
    built = time.perf_counter()
    plain = fused = 0
    for _, question, expected, doc in questions:
        query = tokenizer.tokenize([question], update_vocab="never", return_as="ids", show_progress=False)[0]
        if not query:
            continue
        s = by_sentence.get_scores(query)
        p = by_paragraph.get_scores(query)
        best = int(np.argmax(s))
        score = s / max(s.max(), 1e-9) + p[owner] / max(p.max(), 1e-9)
        top = int(np.argmax(score))
        for i, counter in ((best, "plain"), (top, "fused")):
            hit = paragraphs[owner[i]][0] == doc and holds(sentences[i], expected)
            if counter == "plain":
                plain += hit
            else:
                fused += hit
    answered = time.perf_counter()
    return {
        "sentences": len(sentences),
        "index_s": built - started,
        "ask_s": answered - built,
        "hit1_sentence": plain / len(questions),
        "hit1_sentence_and_paragraph": fused / len(questions),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--squad", required=True)
    parser.add_argument("--exclude")
    parser.add_argument("--quarry", default="target/release/quarry")
    parser.add_argument("--work", default="target/bench/squad")
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()

    questions, paragraphs = write_corpus(load(args.squad), os.path.join(args.work, "corpus"))
    if args.exclude:
        excluded = {qa["id"] for a in load(args.exclude) for p in a["paragraphs"] for qa in p["qas"]}
        questions = [q for q in questions if q[0] not in excluded]
    report = {"paragraphs": len(paragraphs), "questions": len(questions)}
    report["quarry"] = run_quarry(
        args.quarry, os.path.join(args.work, "corpus"), os.path.join(args.work, "data"), questions
    )
    if not args.no_peer:
        report["peer"] = run_peer(paragraphs, questions)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
