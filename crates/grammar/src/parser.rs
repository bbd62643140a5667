//! Greedy arc-hybrid dependency parser with an averaged perceptron, trained with the
//! dynamic oracle of Goldberg & Nivre (2013) so it learns to recover from its own
//! mistakes. The artificial root sits at the end of the buffer and may only take the
//! last word left on the stack: every parse is a tree with exactly one root.

use crate::error::GrammarError;
use crate::hash::key;
use crate::model::{Reader, Writer};
use crate::perceptron::{Trainer, Weights};
use crate::rng::Rng;

const NONE: usize = usize::MAX;

/// On EWT dev, 8-bit parser weights parse as well as 13- or 16-bit ones, and most of
/// them fit in one varint byte.
const PARSER_QUANT_MAX: i16 = 127;

/// What the parser sees of a word: its lowercased form and lemma (hashed) and its tag
/// class. Lemmas let `agreed` learn from `agrees`.
#[derive(Clone, Copy)]
pub(crate) struct ParserWord {
    pub(crate) form: u64,
    pub(crate) lemma: u64,
    pub(crate) tag: u8,
}

/// A training sentence: words with (predicted) tags and the gold tree.
pub(crate) struct ParserExample {
    pub(crate) words: Vec<ParserWord>,
    /// Head of each word, `words.len()` for the root.
    pub(crate) heads: Vec<usize>,
    pub(crate) labels: Vec<u8>,
}

pub(crate) struct ParserOptions {
    pub(crate) epochs: usize,
    pub(crate) seed: u64,
    pub(crate) min_weight: i32,
    pub(crate) min_updates: u32,
    /// Epochs trained on the oracle's path before the parser follows its own choices.
    pub(crate) explore_after: usize,
    pub(crate) explore_rate: f64,
}

pub(crate) struct Parser {
    pub(crate) labels: Vec<String>,
    root_label: u8,
    weights: Weights,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Move {
    Shift,
    Left,
    Right,
}

/// Actions are numbered: 0 shift, then one left arc per label, then one right arc.
fn decode(action: usize, n_labels: usize) -> (Move, u8) {
    if action == 0 {
        (Move::Shift, 0)
    } else if action <= n_labels {
        (Move::Left, (action - 1) as u8)
    } else {
        (Move::Right, (action - 1 - n_labels) as u8)
    }
}

struct State {
    /// Index of the root: one past the last word.
    n: usize,
    stack: Vec<usize>,
    /// Front of the buffer; `n` when only the root is left.
    b: usize,
    heads: Vec<usize>,
    labels: Vec<u8>,
    left1: Vec<usize>,
    left2: Vec<usize>,
    right1: Vec<usize>,
    right2: Vec<usize>,
    n_left: Vec<u8>,
    n_right: Vec<u8>,
    left_labels: Vec<u64>,
    right_labels: Vec<u64>,
}

impl State {
    fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::with_capacity(n),
            b: 0,
            heads: vec![NONE; n + 1],
            labels: vec![0; n + 1],
            left1: vec![NONE; n + 1],
            left2: vec![NONE; n + 1],
            right1: vec![NONE; n + 1],
            right2: vec![NONE; n + 1],
            n_left: vec![0; n + 1],
            n_right: vec![0; n + 1],
            left_labels: vec![0; n + 1],
            right_labels: vec![0; n + 1],
        }
    }

    fn done(&self) -> bool {
        self.b == self.n && self.stack.is_empty()
    }

    fn s(&self, depth: usize) -> usize {
        self.stack
            .len()
            .checked_sub(depth + 1)
            .map_or(NONE, |i| self.stack[i])
    }

    fn valid(&self, m: Move, label: u8, root_label: u8) -> bool {
        match m {
            Move::Shift => self.b < self.n,
            // The root takes a dependent only when one word is left, and only as `root`.
            Move::Left if self.b == self.n => self.stack.len() == 1 && label == root_label,
            Move::Left => !self.stack.is_empty() && label != root_label,
            Move::Right => self.stack.len() >= 2 && label != root_label,
        }
    }

    fn apply(&mut self, m: Move, label: u8) {
        match m {
            Move::Shift => {
                self.stack.push(self.b);
                self.b += 1;
            }
            Move::Left => {
                if let Some(d) = self.stack.pop() {
                    self.attach(self.b, d, label);
                }
            }
            Move::Right => {
                if let Some(d) = self.stack.pop() {
                    let h = self.s(0);
                    self.attach(h, d, label);
                }
            }
        }
    }

    fn attach(&mut self, h: usize, d: usize, label: u8) {
        self.heads[d] = h;
        self.labels[d] = label;
        let bit = 1u64 << (label % 64);
        if d < h {
            if self.left1[h] == NONE || d < self.left1[h] {
                self.left2[h] = self.left1[h];
                self.left1[h] = d;
            }
            self.n_left[h] = self.n_left[h].saturating_add(1);
            self.left_labels[h] |= bit;
        } else {
            if self.right1[h] == NONE || d > self.right1[h] {
                self.right2[h] = self.right1[h];
                self.right1[h] = d;
            }
            self.n_right[h] = self.n_right[h].saturating_add(1);
            self.right_labels[h] |= bit;
        }
    }

    /// Gold arcs each move would make unreachable (the arc-hybrid dynamic oracle).
    fn costs(&self, gold_heads: &[usize]) -> [u32; 3] {
        let (s0, s1, b, n) = (self.s(0), self.s(1), self.b, self.n);
        let deps_in_buffer = |x: usize| (b..n).filter(|&d| gold_heads[d] == x).count() as u32;
        let mut shift = 0;
        if b < n {
            for &k in &self.stack {
                shift += u32::from(gold_heads[b] == k && k != s0) + u32::from(gold_heads[k] == b);
            }
        }
        let (mut left, mut right) = (0, 0);
        if s0 != NONE {
            let h = gold_heads[s0];
            let lost_deps = deps_in_buffer(s0);
            left = lost_deps + u32::from(h != b && ((s1 != NONE && h == s1) || h > b));
            right = lost_deps + u32::from(h >= b);
        }
        [shift, left, right]
    }
}

/// Which actions a state allows. That depends only on the move and on whether the
/// label is `root`, so it is worked out six times per state rather than once per
/// action.
struct Validity {
    /// Per move: for labels other than `root`, and for `root`.
    moves: [[bool; 2]; 3],
    root_label: u8,
    n_labels: usize,
}

impl Validity {
    fn of(state: &State, root_label: u8, n_labels: usize) -> Validity {
        let other = u8::from(root_label == 0);
        Validity {
            moves: [Move::Shift, Move::Left, Move::Right].map(|m| {
                [
                    state.valid(m, other, root_label),
                    state.valid(m, root_label, root_label),
                ]
            }),
            root_label,
            n_labels,
        }
    }

    fn allows(&self, action: usize) -> bool {
        let (m, label) = decode(action, self.n_labels);
        self.moves[m as usize][usize::from(label == self.root_label)]
    }

    /// Number of valid actions: shift is one action, each arc one per label.
    fn count(&self) -> usize {
        let [shift, left, right] = self.moves;
        let others = self.n_labels - 1;
        usize::from(shift[0] || shift[1])
            + usize::from(left[0]) * others
            + usize::from(left[1])
            + usize::from(right[0]) * others
            + usize::from(right[1])
    }

    /// The highest-scoring valid action, the lowest-numbered one on ties. Actions are
    /// visited in order: shift, then the left arcs, then the right arcs, by label.
    fn best(&self, scores: &[i32]) -> Option<usize> {
        let mut best: Option<(usize, i32)> = None;
        let mut consider = |a: usize| {
            if best.is_none_or(|(_, top)| scores[a] > top) {
                best = Some((a, scores[a]));
            }
        };
        let [shift, left, right] = self.moves;
        if shift[0] || shift[1] {
            consider(0);
        }
        for (first, valid) in [(1, left), (1 + self.n_labels, right)] {
            for label in 0..self.n_labels {
                if valid[usize::from(label == usize::from(self.root_label))] {
                    consider(first + label);
                }
            }
        }
        best.map(|(a, _)| a)
    }
}

impl Parser {
    pub(crate) fn train(
        examples: &[ParserExample],
        labels: Vec<String>,
        opts: &ParserOptions,
    ) -> Result<Parser, GrammarError> {
        let root_label = root_label(&labels)?;
        let n_labels = labels.len();
        let n_actions = 1 + 2 * n_labels;
        let mut trainer = Trainer::new(n_actions);
        let mut rng = Rng::new(opts.seed);
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut features = Vec::with_capacity(128);
        let mut scores = vec![0i64; n_actions];
        let mut costs = vec![0u32; n_actions];
        for epoch in 0..opts.epochs {
            rng.shuffle(&mut order);
            let explore = epoch >= opts.explore_after;
            let (mut wrong, mut total) = (0usize, 0usize);
            for &e in &order {
                let ex = &examples[e];
                let mut state = State::new(ex.words.len());
                while !state.done() {
                    features.clear();
                    push_features(&ex.words, &state, &mut features);
                    trainer.scores(&features, &mut scores);
                    let unlabelled = state.costs(&ex.heads);
                    let mut best_cost = u32::MAX;
                    for (a, cost) in costs.iter_mut().enumerate() {
                        let (m, label) = decode(a, n_labels);
                        *cost = if state.valid(m, label, root_label) {
                            let arc_head = match m {
                                Move::Shift => NONE,
                                Move::Left => state.b,
                                Move::Right => state.s(1),
                            };
                            let d = state.s(0);
                            let wrong_label = arc_head != NONE
                                && ex.heads[d] == arc_head
                                && ex.labels[d] != label;
                            unlabelled[m as usize] + u32::from(wrong_label)
                        } else {
                            u32::MAX
                        };
                        best_cost = best_cost.min(*cost);
                    }
                    let pick = |only_best: bool| {
                        (0..n_actions)
                            .filter(|&a| {
                                costs[a] != u32::MAX && (!only_best || costs[a] == best_cost)
                            })
                            .max_by_key(|&a| (scores[a], std::cmp::Reverse(a)))
                            .unwrap_or(0)
                    };
                    let guess = pick(false);
                    let gold = pick(true);
                    trainer.tick();
                    if costs[guess] > best_cost {
                        trainer.update(&features, gold, guess);
                        wrong += 1;
                    }
                    total += 1;
                    let next = if explore && rng.next_f64() < opts.explore_rate {
                        guess
                    } else {
                        gold
                    };
                    let (m, label) = decode(next, n_labels);
                    state.apply(m, label);
                }
            }
            tracing::debug!(
                epoch,
                error_rate = wrong as f64 / total.max(1) as f64,
                "parser epoch"
            );
        }
        Ok(Parser {
            labels,
            root_label,
            weights: trainer.average(PARSER_QUANT_MAX, opts.min_weight, opts.min_updates)?,
        })
    }

    /// Head (`words.len()` for the root) and label index of each word.
    pub(crate) fn parse(&self, words: &[ParserWord]) -> (Vec<usize>, Vec<u8>) {
        let n_labels = self.labels.len();
        let mut state = State::new(words.len());
        let mut features = Vec::with_capacity(128);
        let mut scores = vec![0i32; self.weights.n_classes()];
        while !state.done() {
            let valid = Validity::of(&state, self.root_label, n_labels);
            // A forced move (an empty stack must shift, a last word left must become
            // the root) needs no scores: it would win whatever they were.
            let best = if valid.count() == 1 {
                (0..scores.len()).find(|&a| valid.allows(a))
            } else {
                features.clear();
                push_features(words, &state, &mut features);
                self.weights.scores(&features, &mut scores);
                valid.best(&scores)
            };
            // Some move is always valid until the end state, so `None` cannot happen;
            // stopping there still leaves a usable, if partial, result.
            let Some(best) = best else { break };
            let (m, label) = decode(best, n_labels);
            state.apply(m, label);
        }
        let n = words.len();
        let heads = state.heads[..n]
            .iter()
            .map(|&h| if h == NONE { n } else { h })
            .collect();
        (heads, state.labels[..n].to_vec())
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.varint(self.labels.len() as u64);
        for l in &self.labels {
            w.str(l);
        }
        self.weights.write(w);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Parser, GrammarError> {
        let n = r.count()?;
        let labels = (0..n).map(|_| r.str()).collect::<Result<Vec<_>, _>>()?;
        let root_label = root_label(&labels)?;
        let weights = Weights::read(r)?;
        if weights.n_classes() != 1 + 2 * labels.len() {
            return Err(GrammarError::Model("parser actions mismatch".into()));
        }
        Ok(Parser {
            labels,
            root_label,
            weights,
        })
    }

    pub(crate) fn n_weights(&self) -> usize {
        self.weights.n_weights()
    }
}

fn root_label(labels: &[String]) -> Result<u8, GrammarError> {
    if labels.len() > 127 {
        return Err(GrammarError::Model(format!("{} labels", labels.len())));
    }
    labels
        .iter()
        .position(|l| l == "root")
        .map(|i| i as u8)
        .ok_or_else(|| GrammarError::Model("no root label".into()))
}

fn distance(a: usize, b: usize) -> u64 {
    if a == NONE || b == NONE {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64 + 1,
        5..=6 => 6,
        7..=9 => 7,
        _ => 8,
    }
}

/// Zhang & Nivre (2011) style templates adapted to arc-hybrid: words, tags, labels of
/// the stack and buffer tops and their outermost children, distances, valencies and
/// label sets. Absent words get their own value so "nothing there" is a signal too.
fn push_features(words: &[ParserWord], st: &State, out: &mut Vec<u64>) {
    let n = st.n;
    let w = |i: usize| -> u64 {
        match i {
            NONE => 1,
            i if i == n => 2,
            i => words[i].form,
        }
    };
    let t = |i: usize| -> u64 {
        match i {
            NONE => 1,
            i if i == n => 2,
            i => u64::from(words[i].tag) + 3,
        }
    };
    let lem = |i: usize| -> u64 {
        match i {
            NONE => 1,
            i if i == n => 2,
            i => words[i].lemma,
        }
    };
    let l = |i: usize| -> u64 {
        if i == NONE || st.heads[i] == NONE {
            0
        } else {
            u64::from(st.labels[i]) + 1
        }
    };
    let child = |v: &Vec<usize>, i: usize| if i == NONE { NONE } else { v[i] };
    let count = |v: &Vec<u8>, i: usize| if i == NONE { 0 } else { u64::from(v[i]) + 1 };
    let set = |v: &Vec<u64>, i: usize| if i == NONE { 0 } else { v[i] };

    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let b0 = st.b;
    let b1 = if b0 < n { b0 + 1 } else { NONE };
    let b2 = if b1 != NONE && b1 < n { b1 + 1 } else { NONE };
    let (s0l, s0l2) = (child(&st.left1, s0), child(&st.left2, s0));
    let (s0r, s0r2) = (child(&st.right1, s0), child(&st.right2, s0));
    let (s1l, s1r) = (child(&st.left1, s1), child(&st.right1, s1));
    let s1r2 = child(&st.right2, s1);
    let (b0l, b0l2) = (child(&st.left1, b0), child(&st.left2, b0));

    let (s0w, s0t, s1w, s1t, s2w, s2t) = (w(s0), t(s0), w(s1), t(s1), w(s2), t(s2));
    let (b0w, b0t, b1w, b1t, b2w, b2t) = (w(b0), t(b0), w(b1), t(b1), w(b2), t(b2));
    let d0 = distance(s0, b0);
    let d1 = distance(s1, s0);

    let mut f = |tpl: u64, v: &[u64]| out.push(key(tpl, v));
    f(0, &[]);
    // single words
    f(1, &[s0w]);
    f(2, &[s0t]);
    f(3, &[s0w, s0t]);
    f(4, &[s1w]);
    f(5, &[s1t]);
    f(6, &[s1w, s1t]);
    f(7, &[s2w]);
    f(8, &[s2t]);
    f(9, &[b0w]);
    f(10, &[b0t]);
    f(11, &[b0w, b0t]);
    f(12, &[b1w]);
    f(13, &[b1t]);
    f(14, &[b1w, b1t]);
    f(15, &[b2w]);
    f(16, &[b2t]);
    // children
    for (base, c) in [(20, s0l), (24, s0r), (28, s1l), (32, s1r), (36, b0l)] {
        f(base, &[w(c)]);
        f(base + 1, &[t(c)]);
        f(base + 2, &[l(c)]);
        f(base + 3, &[t(c), l(c)]);
    }
    for (base, c) in [(40, s0l2), (42, s0r2), (44, b0l2), (46, s1r2)] {
        f(base, &[t(c)]);
        f(base + 1, &[l(c)]);
    }
    // pairs
    f(50, &[s0w, s0t, b0w, b0t]);
    f(51, &[s0w, s0t, b0w]);
    f(52, &[s0w, b0w, b0t]);
    f(53, &[s0w, s0t, b0t]);
    f(54, &[s0t, b0w, b0t]);
    f(55, &[s0w, b0w]);
    f(56, &[s0t, b0t]);
    f(57, &[b0t, b1t]);
    f(58, &[s1w, s1t, s0w, s0t]);
    f(59, &[s1w, s1t, s0w]);
    f(60, &[s1w, s0w, s0t]);
    f(61, &[s1w, s1t, s0t]);
    f(62, &[s1t, s0w, s0t]);
    f(63, &[s1w, s0w]);
    f(64, &[s1t, s0t]);
    f(65, &[b0w, b1w]);
    f(66, &[s0w, b1w]);
    f(67, &[s0t, b1t]);
    // tag triples
    f(70, &[b0t, b1t, b2t]);
    f(71, &[s0t, b0t, b1t]);
    f(72, &[s1t, s0t, b0t]);
    f(73, &[s2t, s1t, s0t]);
    f(74, &[s0t, t(s0l), b0t]);
    f(75, &[s0t, t(s0r), b0t]);
    f(76, &[s0t, b0t, t(b0l)]);
    f(77, &[s1t, s0t, t(s0l)]);
    f(78, &[s1t, s0t, t(s0r)]);
    f(79, &[s1t, t(s1r), s0t]);
    f(80, &[s1t, t(s1l), s0t]);
    f(81, &[s0t, t(s0l), t(s0l2)]);
    f(82, &[s0t, t(s0r), t(s0r2)]);
    f(83, &[b0t, t(b0l), t(b0l2)]);
    f(84, &[s1t, t(s1r), t(s1r2)]);
    f(85, &[s1t, s0t, b1t]);
    f(86, &[s2t, s1t, b0t]);
    // words with children
    f(90, &[s0w, t(s0l)]);
    f(91, &[s0w, t(s0r)]);
    f(92, &[b0w, t(b0l)]);
    f(93, &[s1w, t(s1r)]);
    f(94, &[s0w, l(s0l)]);
    f(95, &[s0w, l(s0r)]);
    f(96, &[b0w, l(b0l)]);
    // distance
    f(100, &[d0, s0w]);
    f(101, &[d0, s0t]);
    f(102, &[d0, b0w]);
    f(103, &[d0, b0t]);
    f(104, &[d0, s0t, b0t]);
    f(105, &[d0, s0w, b0w]);
    f(106, &[d1, s1t, s0t]);
    f(107, &[d1, s1w]);
    f(108, &[d1, s0w]);
    f(109, &[d1, s1w, s0w]);
    f(110, &[d1, s1t, s0t, b0t]);
    // valency
    f(120, &[s0w, count(&st.n_right, s0)]);
    f(121, &[s0t, count(&st.n_right, s0)]);
    f(122, &[s0w, count(&st.n_left, s0)]);
    f(123, &[s0t, count(&st.n_left, s0)]);
    f(124, &[b0w, count(&st.n_left, b0)]);
    f(125, &[b0t, count(&st.n_left, b0)]);
    f(126, &[s1w, count(&st.n_right, s1)]);
    f(127, &[s1t, count(&st.n_right, s1)]);
    f(128, &[s1t, count(&st.n_left, s1)]);
    // label sets and label pairs
    f(130, &[s0t, set(&st.left_labels, s0)]);
    f(131, &[s0t, set(&st.right_labels, s0)]);
    f(132, &[b0t, set(&st.left_labels, b0)]);
    f(133, &[s1t, set(&st.right_labels, s1)]);
    f(134, &[s1t, set(&st.left_labels, s1)]);
    f(135, &[s0t, l(s0l), l(s0l2)]);
    f(136, &[s0t, l(s0r), l(s0r2)]);
    f(137, &[b0t, l(b0l), l(b0l2)]);
    f(138, &[s0w, set(&st.left_labels, s0)]);
    f(139, &[b0w, set(&st.left_labels, b0)]);
    // stack depth: whether the root is near
    f(140, &[st.stack.len().min(4) as u64, b0t]);
    f(141, &[st.stack.len().min(4) as u64, s0t, b0t]);
    // the rest of Zhang & Nivre's set: second children's words, right label set
    f(142, &[s0w, set(&st.right_labels, s0)]);
    f(143, &[w(s0l2)]);
    f(144, &[w(s0r2)]);
    f(145, &[w(b0l2)]);
    // lemmas
    f(150, &[lem(s0), s0t]);
    f(151, &[lem(b0), b0t]);
    f(152, &[lem(s1), s1t]);
    f(153, &[lem(s0), lem(b0)]);
    f(154, &[lem(s1), lem(s0)]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_walk_with_zero_cost_moves_rebuilds_a_projective_tree() {
        // "She gave him books ." with gave as root; label 0 is `root`, 1 any other.
        let heads = [1usize, 5, 1, 1, 1];
        let mut st = State::new(5);
        let label = |st: &State, m: Move| u8::from(!(m == Move::Left && st.b == 5));
        while !st.done() {
            let costs = st.costs(&heads);
            let m = [Move::Shift, Move::Left, Move::Right]
                .into_iter()
                .find(|&m| st.valid(m, label(&st, m), 0) && costs[m as usize] == 0)
                .expect("a zero-cost move exists for a projective tree");
            st.apply(m, label(&st, m));
        }
        assert_eq!(&st.heads[..5], &heads);
    }
}
