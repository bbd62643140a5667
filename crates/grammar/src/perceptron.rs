//! Averaged perceptron: an integer-weight trainer with lazy averaging, and the compact,
//! quantised weight table that ships in the model.

use crate::error::GrammarError;
use std::collections::BTreeMap;

use crate::hash::{KeyMap, ShortKeyMap};
use crate::model::{Reader, Writer};

#[derive(Clone, Copy)]
struct Slot {
    class: u16,
    weight: i32,
    /// Sum of `weight` over all steps up to `stamp`: averaging without touching every
    /// weight at every step.
    total: i64,
    stamp: u32,
}

impl Slot {
    fn settle(&mut self, now: u32) {
        self.total += i64::from(now - self.stamp) * i64::from(self.weight);
        self.stamp = now;
    }
}

/// Integer weights keep training exact, hence byte-for-byte reproducible.
pub(crate) struct Trainer {
    n_classes: usize,
    table: KeyMap<Feature>,
    step: u32,
}

#[derive(Default)]
struct Feature {
    /// Updates that touched this feature: rare ones are dropped from the model.
    updates: u32,
    slots: Vec<Slot>,
}

/// Frozen tables key features by 32 bits of their hash: the odd collision among a few
/// million features costs nothing measurable and halves the key storage.
fn short_key(key: u64) -> u32 {
    (key >> 32) as u32
}

impl Trainer {
    pub(crate) fn new(n_classes: usize) -> Trainer {
        Trainer {
            n_classes,
            table: KeyMap::default(),
            step: 0,
        }
    }

    pub(crate) fn scores(&self, features: &[u64], out: &mut [i64]) {
        out.fill(0);
        for f in features {
            if let Some(feature) = self.table.get(f) {
                for s in &feature.slots {
                    out[usize::from(s.class)] += i64::from(s.weight);
                }
            }
        }
    }

    /// Counts one training example (updated or not) for the average.
    pub(crate) fn tick(&mut self) {
        self.step += 1;
    }

    pub(crate) fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let now = self.step;
        for &f in features {
            let feature = self.table.entry(f).or_default();
            feature.updates = feature.updates.saturating_add(1);
            bump(&mut feature.slots, truth, 1, now);
            bump(&mut feature.slots, guess, -1, now);
        }
    }

    /// Averages, then quantises to integers of magnitude at most `quant_max` (one scale
    /// per table). Features updated
    /// fewer than `min_updates` times, and weights whose quantised magnitude is below
    /// `min_weight`, are dropped: they are many and hardly move a score.
    pub(crate) fn average(&self, quant_max: i16, min_weight: i32, min_updates: u32) -> Weights {
        let now = self.step.max(1);
        let mut merged: BTreeMap<u32, BTreeMap<u8, f64>> = BTreeMap::new();
        let mut keys: Vec<u64> = self.table.keys().copied().collect();
        keys.sort_unstable();
        for key in keys {
            let Some(feature) = self.table.get(&key) else {
                continue;
            };
            if feature.updates < min_updates {
                continue;
            }
            let entry = merged.entry(short_key(key)).or_default();
            for s in &feature.slots {
                let mut s = *s;
                s.settle(now);
                *entry.entry(s.class as u8).or_default() += s.total as f64 / f64::from(now);
            }
        }
        let max_abs = merged
            .values()
            .flat_map(|e| e.values())
            .fold(0f64, |m, w| m.max(w.abs()));
        let scale = if max_abs > 0.0 {
            f64::from(quant_max) / max_abs
        } else {
            1.0
        };
        let mut weights = Weights::empty(self.n_classes);
        for (key, entries) in merged {
            let start = weights.classes.len();
            for (class, w) in entries {
                let q = (w * scale).round() as i32;
                if q.abs() >= min_weight.max(1) {
                    weights.classes.push(class);
                    weights.values.push(q as i16);
                }
            }
            let len = weights.classes.len() - start;
            if len > 0 {
                weights.index.insert(key, (start as u32, len as u16));
                weights.keys.push(key);
            }
        }
        weights
    }
}

fn bump(slots: &mut Vec<Slot>, class: usize, delta: i32, now: u32) {
    let class = class as u16;
    match slots.iter_mut().find(|s| s.class == class) {
        Some(s) => {
            s.settle(now);
            s.weight += delta;
        }
        None => slots.push(Slot {
            class,
            weight: delta,
            total: 0,
            stamp: now,
        }),
    }
}

/// Frozen weights: for each feature key, a run of (class, quantised weight). Scores
/// are integer sums, so the quantisation scale never needs to be applied.
pub(crate) struct Weights {
    n_classes: usize,
    /// Keys in ascending order, kept for writing deterministic files.
    keys: Vec<u32>,
    index: ShortKeyMap<(u32, u16)>,
    classes: Vec<u8>,
    values: Vec<i16>,
}

impl Weights {
    fn empty(n_classes: usize) -> Weights {
        Weights {
            n_classes,
            keys: Vec::new(),
            index: ShortKeyMap::default(),
            classes: Vec::new(),
            values: Vec::new(),
        }
    }

    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    pub(crate) fn n_weights(&self) -> usize {
        self.values.len()
    }

    pub(crate) fn scores(&self, features: &[u64], out: &mut [i32]) {
        out.fill(0);
        for f in features {
            if let Some(&(start, len)) = self.index.get(&short_key(*f)) {
                let range = start as usize..start as usize + usize::from(len);
                for (&c, &v) in self.classes[range.clone()].iter().zip(&self.values[range]) {
                    out[usize::from(c)] += i32::from(v);
                }
            }
        }
    }

    /// Keys are delta-coded and weights zig-zag varints: most weights are small.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.varint(self.n_classes as u64);
        w.varint(self.keys.len() as u64);
        let mut prev = 0u32;
        for &key in &self.keys {
            w.varint(u64::from(key - prev));
            prev = key;
            let Some(&(start, len)) = self.index.get(&key) else {
                continue;
            };
            w.varint(u64::from(len));
            let range = start as usize..start as usize + usize::from(len);
            for (&c, &v) in self.classes[range.clone()].iter().zip(&self.values[range]) {
                w.u8(c);
                w.ivarint(i64::from(v));
            }
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Weights, GrammarError> {
        let n_classes = r.varint()? as usize;
        if n_classes == 0 || n_classes > 256 {
            return Err(GrammarError::Model(format!("{n_classes} classes")));
        }
        let n_keys = r.count()?;
        let mut weights = Weights::empty(n_classes);
        weights.keys.reserve(n_keys);
        weights.index.reserve(n_keys);
        let mut key = 0u32;
        for _ in 0..n_keys {
            key = u32::try_from(r.varint()?)
                .ok()
                .and_then(|delta| key.checked_add(delta))
                .ok_or_else(|| GrammarError::Model("feature keys out of order".into()))?;
            let len = r.varint()?;
            if len == 0 || len > n_classes as u64 {
                return Err(GrammarError::Model(format!("feature with {len} weights")));
            }
            let start = weights.classes.len();
            for _ in 0..len {
                let class = r.u8()?;
                if usize::from(class) >= n_classes {
                    return Err(GrammarError::Model(format!("class {class} out of range")));
                }
                let v = i16::try_from(r.ivarint()?)
                    .map_err(|_| GrammarError::Model("weight out of range".into()))?;
                weights.classes.push(class);
                weights.values.push(v);
            }
            weights.keys.push(key);
            weights.index.insert(key, (start as u32, len as u16));
        }
        Ok(weights)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let mut t = Trainer::new(3);
        let f = |v: u64| crate::hash::key(0, &[v]);
        let data = [
            (vec![f(1), f(10)], 0usize),
            (vec![f(2), f(10)], 1),
            (vec![f(3), f(10)], 2),
        ];
        let mut scores = [0i64; 3];
        for _ in 0..5 {
            for (f, y) in &data {
                t.scores(f, &mut scores);
                let guess = argmax(&scores);
                t.tick();
                t.update(f, *y, guess);
            }
        }
        let w = t.average(i16::MAX, 1, 1);
        let mut buf = Writer::default();
        w.write(&mut buf);
        let bytes = buf.into_bytes();
        let back = Weights::read(&mut Reader::new(&bytes)).expect("round trip");
        let mut s = [0i32; 3];
        for (f, y) in &data {
            back.scores(f, &mut s);
            let best = (0..3).max_by_key(|&c| (s[c], std::cmp::Reverse(c)));
            assert_eq!(best, Some(*y));
        }
    }

    fn argmax(s: &[i64]) -> usize {
        (0..s.len())
            .max_by_key(|&c| (s[c], std::cmp::Reverse(c)))
            .unwrap_or(0)
    }
}
