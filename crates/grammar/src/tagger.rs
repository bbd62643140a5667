//! Greedy left-to-right averaged-perceptron tagger. Each class is a (UPOS, XPOS) pair
//! seen in training: the Penn tag is nearly free to predict this way and gives the
//! parser finer distinctions (VBN against VBD, ...) than UPOS alone.

use std::collections::HashMap;

use crate::conllu::TreebankSentence;
use crate::error::GrammarError;
use crate::hash::{fnv_str, key, KeyMap};
use crate::model::{Reader, Writer};
use crate::perceptron::{Trainer, Weights};
use crate::rng::Rng;
use crate::upos::Upos;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Tag {
    pub(crate) upos: Upos,
    pub(crate) xpos: String,
}

/// Words seen this often get an ambiguity class (the set of tags they took); rarer
/// words are left out so the model also learns to tag words it has no entry for.
const AMBIGUITY_MIN_COUNT: u32 = 2;
/// A tag joins a word's ambiguity class when it covers this share of its uses.
const AMBIGUITY_MIN_SHARE: f64 = 0.05;

/// The tagger is small, so its weights keep 13 bits and none is pruned: coarser or
/// fewer weights measurably cost accuracy here, unlike in the parser.
const TAGGER_QUANT_MAX: i16 = 4095;

/// How far below the best tag a base-form verb may score and still be read after a verb
/// and "to": EWT dev UPOS is best at this value (0.9495 with no rule, 0.9497), and it
/// takes "to cap" and "to scrap" as verbs while leaving "went to school" and "led to
/// job losses" alone.
const INFINITIVE_MARGIN: i32 = 1000;

/// How far below its best reading a word's finite-verb reading may score and still be
/// taken as the verb of a statement the model read with none ("Tony Blair set out plans",
/// "set" read as a noun). Chosen on EWT dev by LAS: no rule 0.8135 (UPOS 0.9497); 500,
/// 1000, 2000, 3000, 5000: 0.8135, 0.8137, 0.8140 (UPOS 0.9495), 0.8137, 0.8112.
const VERBLESS_MARGIN: i32 = 2000;

pub(crate) struct Tagger {
    pub(crate) tags: Vec<Tag>,
    ambiguity: KeyMap<u32>,
    weights: Weights,
}

pub(crate) struct TaggerOptions {
    pub(crate) epochs: usize,
    pub(crate) seed: u64,
}

/// Per-word values that features combine, computed once per sentence.
#[derive(Clone, Copy)]
struct WordInfo {
    lower: u64,
    exact: u64,
    prefix: [u64; 3],
    suffix: [u64; 4],
    shape: u64,
    flags: u64,
    ambiguity: u64,
}

const PAD_BEFORE: WordInfo = pad(1);
const PAD_AFTER: WordInfo = pad(2);

const fn pad(v: u64) -> WordInfo {
    WordInfo {
        lower: v,
        exact: v,
        prefix: [v; 3],
        suffix: [v; 4],
        shape: v,
        flags: v,
        ambiguity: v,
    }
}

/// The tag inventory of a treebank, in a fixed order.
pub(crate) fn inventory(sentences: &[TreebankSentence]) -> Vec<Tag> {
    let mut tags: Vec<Tag> = sentences
        .iter()
        .flat_map(|s| &s.words)
        .map(|w| Tag {
            upos: w.upos,
            xpos: w.xpos.clone(),
        })
        .collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}

pub(crate) fn tag_index(tags: &[Tag]) -> HashMap<(Upos, &str), u8> {
    tags.iter()
        .enumerate()
        .map(|(i, t)| ((t.upos, t.xpos.as_str()), i as u8))
        .collect()
}

impl Tagger {
    pub(crate) fn train(
        sentences: &[TreebankSentence],
        tags: &[Tag],
        opts: &TaggerOptions,
    ) -> Result<Tagger, GrammarError> {
        if tags.is_empty() || tags.len() > 256 {
            return Err(GrammarError::Model(format!("{} tags", tags.len())));
        }
        let index = tag_index(tags);
        let gold: Vec<Vec<u8>> = sentences
            .iter()
            .map(|s| {
                s.words
                    .iter()
                    .map(|w| index.get(&(w.upos, w.xpos.as_str())).copied().unwrap_or(0))
                    .collect()
            })
            .collect();
        let mut tagger = Tagger {
            tags: tags.to_vec(),
            ambiguity: ambiguity_classes(sentences, &gold),
            weights: Trainer::new(tags.len()).average(TAGGER_QUANT_MAX, 1, 1)?,
        };
        let infos: Vec<Vec<WordInfo>> = sentences
            .iter()
            .map(|s| {
                let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
                tagger.word_infos(&forms, false)
            })
            .collect();
        let mut trainer = Trainer::new(tags.len());
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut rng = Rng::new(opts.seed);
        let mut features = Vec::with_capacity(64);
        let mut scores = vec![0i64; tags.len()];
        for epoch in 0..opts.epochs {
            rng.shuffle(&mut order);
            let (mut right, mut total) = (0usize, 0usize);
            for &s in &order {
                let (info, gold) = (&infos[s], &gold[s]);
                let (mut p1, mut p2) = (START, START);
                for (i, &truth) in gold.iter().enumerate() {
                    features.clear();
                    push_features(info, i, p1, p2, &mut features);
                    trainer.scores(&features, &mut scores);
                    let guess = argmax(&scores);
                    let truth = usize::from(truth);
                    trainer.tick();
                    trainer.update(&features, truth, guess);
                    right += usize::from(guess == truth);
                    total += 1;
                    p2 = p1;
                    p1 = guess as u64 + 3;
                }
            }
            tracing::debug!(
                epoch,
                accuracy = right as f64 / total.max(1) as f64,
                "tagger epoch"
            );
        }
        tagger.weights = trainer.average(TAGGER_QUANT_MAX, 1, 1)?;
        Ok(tagger)
    }

    /// The class of the tag pair (`upos`, `xpos`), if the model has it.
    pub(crate) fn class_of(&self, upos: Upos, xpos: &str) -> Option<u8> {
        let at = self
            .tags
            .iter()
            .position(|t| t.upos == upos && t.xpos == xpos)?;
        u8::try_from(at).ok()
    }

    /// Tag class of each word; `opening_name` when the first word is known to be a name,
    /// whose capital is then a name's, not the sentence's.
    pub(crate) fn tag(&self, words: &[&str], opening_name: bool) -> Vec<u8> {
        let info = self.word_infos(words, opening_name);
        let tags = self.tag_with(words, &info, None);
        let has_verb = tags
            .iter()
            .any(|&t| matches!(self.tags[usize::from(t)].upos, Upos::Verb | Upos::Aux));
        if has_verb || !is_statement(words) {
            return tags;
        }
        match self.closest_finite_verb(words, &info, &tags) {
            Some((margin, at, verb)) if margin <= VERBLESS_MARGIN => {
                self.tag_with(words, &info, Some((at, verb)))
            }
            _ => tags,
        }
    }

    /// The lower-case word whose best finite-verb reading (a statement's verb is finite)
    /// scores closest to its best reading, after the tags read before it, as (margin, word,
    /// class).
    fn closest_finite_verb(
        &self,
        words: &[&str],
        info: &[WordInfo],
        tags: &[u8],
    ) -> Option<(i32, usize, usize)> {
        let mut features = Vec::with_capacity(64);
        let mut scores = vec![0i32; self.weights.n_classes()];
        let previous = |j: Option<usize>| j.map_or(START, |j| u64::from(tags[j]) + 3);
        (0..words.len())
            .filter(|&i| words[i].starts_with(char::is_lowercase))
            .filter_map(|i| {
                features.clear();
                let (p1, p2) = (previous(i.checked_sub(1)), previous(i.checked_sub(2)));
                push_features(info, i, p1, p2, &mut features);
                self.weights.scores(&features, &mut scores);
                let verb = top(&scores, &|c| {
                    self.tags[c].upos == Upos::Verb
                        && matches!(self.tags[c].xpos.as_str(), "VBD" | "VBZ" | "VBP")
                })?;
                let best = top(&scores, &|_| true)?;
                Some((scores[best] - scores[verb], i, verb))
            })
            .min_by_key(|&(margin, i, _)| (margin, i))
    }

    /// Tags greedily, with the class at `forced` (word, class) fixed.
    fn tag_with(
        &self,
        words: &[&str],
        info: &[WordInfo],
        forced: Option<(usize, usize)>,
    ) -> Vec<u8> {
        let mut features = Vec::with_capacity(64);
        let mut scores = vec![0i32; self.weights.n_classes()];
        let mut out = Vec::with_capacity(words.len());
        let (mut p1, mut p2) = (START, START);
        for i in 0..info.len() {
            features.clear();
            push_features(info, i, p1, p2, &mut features);
            self.weights.scores(&features, &mut scores);
            // A lower-case word the model reads as a proper noun ("would pledge") is no name.
            let lower_case = words[i].starts_with(char::is_lowercase);
            // A verb there acts on something after it; "will acceptable to" is a slip.
            let object = words
                .get(i + 1)
                .is_some_and(|w| w.starts_with(char::is_alphanumeric) && *w != "to");
            // A sum or a figure right after: "will unveil $2bn", never "will also $2bn".
            let figure = words.get(i + 1).is_some_and(|w| {
                w.starts_with(|c: char| c.is_ascii_digit() || crate::tokenize::is_currency(c))
            });
            // The modal this word may be the verb of, adverbs between ("would also scrap").
            let modal = out
                .iter()
                .rposition(|&t| self.tags[usize::from(t)].xpos != "RB")
                .filter(|&m| self.tags[usize::from(out[m])].xpos == "MD");
            let mut best = match forced {
                Some((at, class)) if at == i => class,
                _ => self.best(&scores, modal, i, object, figure, lower_case),
            };
            // "a £800m offer", "its $5bn bid": after a figure that a determiner opens comes a
            // noun, never a base-form verb (after a figure at all, 2 in 3,900 in EWT's
            // training set, both slips; "Does 5 make a chain?" has the figure for subject).
            if self.tags[best].xpos == "VB" && self.figure_in_noun_phrase(&out) {
                best = top(&scores, &|c| {
                    self.tags[c].upos == Upos::Noun && self.tags[c].xpos == "NN"
                })
                .unwrap_or(best);
            }
            if i >= 2 && words[i - 1].eq_ignore_ascii_case("to") {
                let before_to = &self.tags[usize::from(out[i - 2])];
                // "is to scrap", "are to fund": the British plan to come, whose verb the model
                // reads as a noun as readily as after "plans to" ("been to Leeds" is motion).
                let planned = before_to.upos == Upos::Aux
                    && matches!(before_to.xpos.as_str(), "VBZ" | "VBP" | "VBD");
                // "Verizon plans to swap": a plural-noun form right after the name that opens
                // the sentence is its verb when an infinitive follows.
                let named_subject = self.named_subject_before(&out, i - 2);
                let after_verb = before_to.upos == Upos::Verb || planned || named_subject;
                if let Some(verb) = self.infinitive(&scores, best, after_verb) {
                    best = verb;
                }
                // A base-form verb makes the "to" before it the infinitive marker, which
                // the model, deciding on "to" first, may have taken for a preposition.
                if self.tags[best].xpos == "VB" {
                    if let Some(to) = self.tag_of(Upos::Part, "TO") {
                        out[i - 1] = to;
                    }
                    if self.aside_ends_before(words, &out, i - 2) || named_subject {
                        if let Some(present) = self.tag_of(Upos::Verb, "VBZ") {
                            out[i - 2] = present;
                        }
                    }
                }
            }
            out.push(best as u8);
            p2 = p1;
            p1 = best as u64 + 3;
        }
        out
    }

    /// The best-scoring tag; after a modal (at `modal`, adverbs between), a word read as a
    /// noun is read as the verb the modal governs ("would scrap tuition fees", "will aim"):
    /// English puts no noun there, while many verbs are also nouns the model sees more often.
    /// So is a word read as an adjective ("would also abolish", a verb the model guesses by
    /// its "-ish"), unless the modal opens the sentence and asks ("Would British firms ...").
    fn best(
        &self,
        scores: &[i32],
        modal: Option<usize>,
        i: usize,
        object: bool,
        figure: bool,
        lower_case: bool,
    ) -> usize {
        let best = top(scores, &|_| true).unwrap_or(0);
        let verb_slot = match self.tags[best].upos {
            Upos::Noun => modal.is_some_and(|m| m + 1 == i),
            Upos::Propn => lower_case && modal.is_some_and(|m| m + 1 == i),
            Upos::Adj => object && modal.is_some_and(|m| m > 0),
            // An adverb there would leave the modal no verb, as a figure cannot be one.
            Upos::Adv => figure && modal.is_some_and(|m| m + 1 == i),
            _ => false,
        };
        if verb_slot {
            return top(scores, &|c| self.tags[c].upos == Upos::Verb).unwrap_or(best);
        }
        best
    }

    /// After a verb and "to" (`after_verb`: a verb, a finite "be", or a plural form right
    /// after the opening name), a word read as a noun or adjective is the base-form verb of
    /// an infinitive complement ("aims to double profits", "pledged to scrap the fees")
    /// when the scores leave that reading close: the model often takes such a "to" for a
    /// preposition, and what follows for its object.
    fn infinitive(&self, scores: &[i32], best: usize, after_verb: bool) -> Option<usize> {
        if !after_verb || !matches!(self.tags[best].upos, Upos::Noun | Upos::Adj) {
            return None;
        }
        let verb = (0..scores.len())
            .filter(|&c| self.tags[c].upos == Upos::Verb && self.tags[c].xpos == "VB")
            .max_by_key(|&c| (scores[c], std::cmp::Reverse(c)))?;
        (scores[verb] >= scores[best] - INFINITIVE_MARGIN).then_some(verb)
    }

    /// Whether the plural noun at `j` follows the comma, bracket or dash that closes an
    /// aside: "Tesco, the UK's biggest retailer, plans to open", "The group, which owns 30
    /// stores, aims to double". There a plural noun before "to" and a base verb is the
    /// subject's verb, which the model, reading the aside's noun phrase, takes for a noun.
    fn aside_ends_before(&self, words: &[&str], out: &[u8], j: usize) -> bool {
        j >= 1
            && self.tags[usize::from(out[j])].xpos == "NNS"
            && matches!(words[j - 1], "," | ")" | "-" | "–" | "—")
    }

    /// Whether the plural noun at `j` follows a name that opens the sentence ("Verizon plans
    /// to", "Royal Mail aims to"): with nothing else before it, the name is the subject and
    /// the plural form its verb.
    fn named_subject_before(&self, out: &[u8], j: usize) -> bool {
        j >= 1
            && self.tags[usize::from(out[j])].xpos == "NNS"
            && out[..j]
                .iter()
                .all(|&t| matches!(self.tags[usize::from(t)].xpos.as_str(), "NNP" | "NNPS"))
    }

    /// Whether the words tagged so far end in a figure (numbers, currency signs) that a
    /// determiner or a possessive opens.
    fn figure_in_noun_phrase(&self, out: &[u8]) -> bool {
        let xpos = |t: u8| self.tags[usize::from(t)].xpos.as_str();
        let figure = out
            .iter()
            .rev()
            .take_while(|&&t| matches!(xpos(t), "CD" | "$"))
            .count();
        figure > 0
            && out
                .len()
                .checked_sub(figure + 1)
                .is_some_and(|j| matches!(xpos(out[j]), "DT" | "PRP$" | "POS"))
    }

    fn tag_of(&self, upos: Upos, xpos: &str) -> Option<u8> {
        let found = self
            .tags
            .iter()
            .position(|t| t.upos == upos && t.xpos == xpos)?;
        u8::try_from(found).ok()
    }

    fn word_infos(&self, words: &[&str], opening_name: bool) -> Vec<WordInfo> {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let plain = crate::tokenize::plain_apostrophes(w);
                let w = plain.as_ref();
                let lower = w.to_lowercase();
                // Byte offset of each character, and of the end.
                let bounds: Vec<usize> = lower
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([lower.len()])
                    .collect();
                let lower_hash = fnv_str(&lower);
                let affix = |range: std::ops::Range<usize>| -> u64 {
                    fnv_str(&lower[bounds[range.start]..bounds[range.end]])
                };
                let n = bounds.len() - 1;
                WordInfo {
                    lower: lower_hash,
                    exact: fnv_str(w),
                    prefix: [1, 2, 3].map(|k| affix(0..k.min(n))),
                    suffix: [1, 2, 3, 4].map(|k| affix(n.saturating_sub(k)..n)),
                    shape: fnv_str(&shape(w)),
                    flags: flags(w, i == 0 && !opening_name),
                    ambiguity: self
                        .ambiguity
                        .get(&lower_hash)
                        .map_or(3, |&a| u64::from(a) + 4),
                }
            })
            .collect()
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.varint(self.tags.len() as u64);
        for t in &self.tags {
            w.u8(t.upos.index() as u8);
            w.str(&t.xpos);
        }
        let mut amb: Vec<(u64, u32)> = self.ambiguity.iter().map(|(&k, &v)| (k, v)).collect();
        amb.sort_unstable();
        w.varint(amb.len() as u64);
        for (k, v) in amb {
            w.u64(k);
            w.u32(v);
        }
        self.weights.write(w);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Tagger, GrammarError> {
        let n = r.count()?;
        let mut tags = Vec::with_capacity(n);
        for _ in 0..n {
            let upos = Upos::from_index(usize::from(r.u8()?))
                .ok_or_else(|| GrammarError::Model("bad UPOS index".into()))?;
            tags.push(Tag {
                upos,
                xpos: r.str()?,
            });
        }
        let n = r.count()?;
        let mut ambiguity = KeyMap::default();
        ambiguity.reserve(n);
        for _ in 0..n {
            let k = r.u64()?;
            ambiguity.insert(k, r.u32()?);
        }
        let weights = Weights::read(r)?;
        if weights.n_classes() != tags.len() {
            return Err(GrammarError::Model("tagger classes mismatch".into()));
        }
        Ok(Tagger {
            tags,
            ambiguity,
            weights,
        })
    }

    pub(crate) fn n_weights(&self) -> usize {
        self.weights.n_weights()
    }
}

const START: u64 = 1;

fn argmax(scores: &[i64]) -> usize {
    (0..scores.len())
        .max_by_key(|&c| (scores[c], std::cmp::Reverse(c)))
        .unwrap_or(0)
}

fn ambiguity_classes(sentences: &[TreebankSentence], gold: &[Vec<u8>]) -> KeyMap<u32> {
    let mut counts: HashMap<String, HashMap<u8, u32>> = HashMap::new();
    for (s, tags) in sentences.iter().zip(gold) {
        for (w, &t) in s.words.iter().zip(tags) {
            *counts
                .entry(w.form.to_lowercase())
                .or_default()
                .entry(t)
                .or_default() += 1;
        }
    }
    let mut out = KeyMap::default();
    for (form, by_tag) in counts {
        let total: u32 = by_tag.values().sum();
        if total < AMBIGUITY_MIN_COUNT {
            continue;
        }
        let mut class: Vec<u8> = by_tag
            .iter()
            .filter(|(_, &c)| f64::from(c) >= AMBIGUITY_MIN_SHARE * f64::from(total))
            .map(|(&t, _)| t)
            .collect();
        class.sort_unstable();
        out.insert(fnv_str(&form), crate::hash::fnv(&class) as u32);
    }
    out
}

/// `Xxxx`, `dd.d`, ...: character classes with runs cut to two.
fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        run = if s == last { run + 1 } else { 1 };
        last = s;
        if run <= 2 {
            out.push(s);
        }
    }
    out
}

fn flags(word: &str, first: bool) -> u64 {
    let mut f = 0u64;
    let mut chars = word.chars();
    let initial_upper = chars.next().is_some_and(char::is_uppercase);
    if word.chars().any(|c| c.is_numeric()) {
        f |= 1;
    }
    if word.contains('-') {
        f |= 2;
    }
    if initial_upper {
        f |= if first { 4 } else { 8 };
    }
    if word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase) {
        f |= 16;
    }
    if word.contains('.') {
        f |= 32;
    }
    f
}

fn push_features(info: &[WordInfo], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    let at = |j: isize| -> &WordInfo {
        if j < 0 {
            &PAD_BEFORE
        } else {
            info.get(j as usize).unwrap_or(&PAD_AFTER)
        }
    };
    let i = i as isize;
    let (w, m1, m2, n1, n2) = (at(i), at(i - 1), at(i - 2), at(i + 1), at(i + 2));
    let mut f = |t: u64, v: &[u64]| out.push(key(t, v));
    f(0, &[]);
    f(1, &[w.lower]);
    f(2, &[w.exact]);
    for (k, s) in w.suffix.iter().enumerate() {
        f(3 + k as u64, &[*s]);
    }
    for (k, p) in w.prefix.iter().enumerate() {
        f(7 + k as u64, &[*p]);
    }
    f(10, &[w.shape]);
    f(11, &[w.flags]);
    f(12, &[p1]);
    f(13, &[p2]);
    f(14, &[p1, p2]);
    f(15, &[p1, w.lower]);
    f(16, &[m1.lower]);
    f(17, &[m2.lower]);
    f(18, &[n1.lower]);
    f(19, &[n2.lower]);
    f(20, &[m1.suffix[2]]);
    f(21, &[n1.suffix[2]]);
    f(22, &[n1.shape]);
    f(23, &[m1.shape]);
    f(24, &[w.ambiguity]);
    f(25, &[n1.ambiguity]);
    f(26, &[n2.ambiguity]);
    f(27, &[w.ambiguity, n1.ambiguity]);
    f(28, &[p1, w.ambiguity]);
    f(29, &[w.lower, n1.lower]);
    f(30, &[m1.lower, w.lower]);
    f(31, &[p1, n1.ambiguity]);
    f(32, &[p1, w.suffix[2]]);
    f(33, &[w.suffix[2], n1.ambiguity]);
    f(34, &[p1, p2, w.ambiguity]);
    f(35, &[w.shape, n1.shape]);
}

/// Whether the words make a full statement: four words or more closed by a full stop. News
/// writes its body in such sentences, each with a verb; headlines, list items and questions
/// may go without.
fn is_statement(words: &[&str]) -> bool {
    const MIN_WORDS: usize = 4;
    let opens_list = words.first().is_some_and(|w| matches!(*w, "-" | "*" | "•"));
    words.len() > MIN_WORDS && words.last() == Some(&".") && !opens_list
}

/// The best-scoring tag class among those `allowed`.
fn top(scores: &[i32], allowed: &dyn Fn(usize) -> bool) -> Option<usize> {
    (0..scores.len())
        .filter(|&c| allowed(c))
        .max_by_key(|&c| (scores[c], std::cmp::Reverse(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_cut_runs() {
        assert_eq!(shape("Manchester"), "Xxx");
        assert_eq!(shape("1,000.5"), "d,dd.d");
        assert_eq!(shape("U.S."), "X.X.");
    }
}
