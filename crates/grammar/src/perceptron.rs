//! Averaged perceptron: an integer-weight trainer with lazy averaging, and the compact,
//! quantised weight table that ships in the model.

use crate::error::GrammarError;
use std::collections::BTreeMap;

use crate::hash::KeyMap;
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
    pub(crate) fn average(
        &self,
        quant_max: i16,
        min_weight: i32,
        min_updates: u32,
    ) -> Result<Weights, GrammarError> {
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
        let mut weights = WeightsBuilder::new(self.n_classes);
        let mut row = Vec::new();
        for (key, entries) in merged {
            row.clear();
            for (class, w) in entries {
                let q = (w * scale).round() as i32;
                if q.abs() >= min_weight.max(1) {
                    row.push(Entry {
                        class,
                        value: q as i16,
                    });
                }
            }
            if !row.is_empty() {
                weights.push(key, &row)?;
            }
        }
        Ok(weights.build())
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

/// One weight of a feature: how much it adds to the score of `class`.
#[derive(Clone, Copy)]
struct Entry {
    value: i16,
    class: u8,
}

/// Rows with at least this many weights are stored dense, one value per class. The
/// features that fire most often carry weights for nearly every class, and adding a
/// contiguous row compiles to vector instructions instead of one scattered add per
/// weight; the few thousand such rows cost under a megabyte per table.
const DENSE_MIN: usize = 12;

/// Bits of a sparse row's code holding its length (below `DENSE_MIN`).
const LEN_BITS: u32 = 4;
const _: () = assert!(DENSE_MIN <= 1 << LEN_BITS);
/// Row code flag: the rest is the index of a dense row.
const DENSE: u32 = 1 << 31;
/// Dense rows are padded to a multiple of this many values, so they are added in
/// whole vectors with no remainder.
const LANES: usize = 16;
/// Longest padded row: classes are numbered by a byte.
const MAX_STRIDE: usize = 256;
/// Features looked up together (see `Weights::scores`).
const CHUNK: usize = 128;
/// Row code of an unused slot.
const EMPTY: u32 = u32::MAX;

/// A slot of the open-addressing table: a feature key and its row code, so a lookup
/// touches one cache line of the table before reading the row itself.
#[derive(Clone, Copy)]
struct TableSlot {
    key: u32,
    row: u32,
}

/// Frozen weights: for each feature key, its weights per class. Scores are integer
/// sums, so the quantisation scale never needs to be applied, and the order in which
/// weights are added does not change them.
pub(crate) struct Weights {
    n_classes: usize,
    n_weights: usize,
    /// Keys in ascending order, kept for writing deterministic files.
    keys: Vec<u32>,
    /// Linear probing over a power-of-two table at most two-thirds full.
    slots: Vec<TableSlot>,
    shift: u32,
    /// Short rows: `(start << LEN_BITS) | len` in the row code.
    sparse: Vec<Entry>,
    /// Long rows, `stride` values each, zeros included.
    dense: Vec<i16>,
    /// `n_classes` rounded up to whole vector registers.
    stride: usize,
    /// Largest weight magnitude: it bounds every partial sum (see `Weights::scores`).
    max_abs: i32,
}

/// Rows arrive in ascending key order, as they are written in a model file.
struct WeightsBuilder {
    n_classes: usize,
    stride: usize,
    n_weights: usize,
    max_abs: i32,
    keys: Vec<u32>,
    rows: Vec<u32>,
    sparse: Vec<Entry>,
    dense: Vec<i16>,
}

impl WeightsBuilder {
    fn new(n_classes: usize) -> WeightsBuilder {
        WeightsBuilder {
            n_classes,
            stride: n_classes.next_multiple_of(LANES),
            n_weights: 0,
            max_abs: 0,
            keys: Vec::new(),
            rows: Vec::new(),
            sparse: Vec::new(),
            dense: Vec::new(),
        }
    }

    fn push(&mut self, key: u32, entries: &[Entry]) -> Result<(), GrammarError> {
        let too_many = || GrammarError::Model("too many weights".into());
        let code = if entries.len() >= DENSE_MIN {
            let index = u32::try_from(self.dense.len() / self.stride)
                .ok()
                .filter(|&i| i < DENSE - 1)
                .ok_or_else(too_many)?;
            let start = self.dense.len();
            self.dense.resize(start + self.stride, 0);
            for e in entries {
                self.dense[start + usize::from(e.class)] = e.value;
            }
            DENSE | index
        } else {
            let start = u32::try_from(self.sparse.len())
                .ok()
                .filter(|&s| s < DENSE >> LEN_BITS)
                .ok_or_else(too_many)?;
            self.sparse.extend_from_slice(entries);
            (start << LEN_BITS) | entries.len() as u32
        };
        self.n_weights += entries.len();
        self.max_abs = entries
            .iter()
            .fold(self.max_abs, |m, e| m.max(i32::from(e.value).abs()));
        self.keys.push(key);
        self.rows.push(code);
        Ok(())
    }

    fn build(self) -> Weights {
        let capacity = (self.keys.len() * 3 / 2).next_power_of_two().max(2);
        let mut weights = Weights {
            n_classes: self.n_classes,
            n_weights: self.n_weights,
            keys: self.keys,
            slots: vec![TableSlot { key: 0, row: EMPTY }; capacity],
            shift: 64 - capacity.trailing_zeros(),
            sparse: self.sparse,
            dense: self.dense,
            stride: self.stride,
            max_abs: self.max_abs,
        };
        let mask = capacity - 1;
        for (&key, &row) in weights.keys.iter().zip(&self.rows) {
            let mut i = weights.home(key);
            while weights.slots[i].row != EMPTY {
                i = (i + 1) & mask;
            }
            weights.slots[i] = TableSlot { key, row };
        }
        weights
    }
}

/// Adds `group` into `totals` and clears it.
#[inline]
fn move_into(group: &mut [i16], totals: &mut [i32]) {
    for (t, g) in totals.iter_mut().zip(group.iter_mut()) {
        *t += i32::from(*g);
        *g = 0;
    }
}

impl Weights {
    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    pub(crate) fn n_weights(&self) -> usize {
        self.n_weights
    }

    #[inline]
    fn home(&self, key: u32) -> usize {
        (u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Row code of `key`, `EMPTY` if the feature has no weights.
    #[inline]
    fn row(&self, key: u32) -> u32 {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let slot = self.slots[i];
            if slot.key == key || slot.row == EMPTY {
                return slot.row;
            }
            i = (i + 1) & mask;
        }
    }

    /// Weights of a row as (class, value), classes ascending.
    fn entries(&self, row: u32) -> Vec<Entry> {
        if row == EMPTY {
            Vec::new()
        } else if row & DENSE != 0 {
            let start = (row & !DENSE) as usize * self.stride;
            self.dense[start..start + self.n_classes]
                .iter()
                .enumerate()
                .filter(|(_, &v)| v != 0)
                .map(|(c, &value)| Entry {
                    class: c as u8,
                    value,
                })
                .collect()
        } else {
            self.sparse_row(row).to_vec()
        }
    }

    #[inline]
    fn sparse_row(&self, row: u32) -> &[Entry] {
        let start = (row >> LEN_BITS) as usize;
        let len = (row & ((1 << LEN_BITS) - 1)) as usize;
        &self.sparse[start..start + len]
    }

    /// Sum of the weights of `features` for each class; `out` holds `n_classes` scores.
    ///
    /// The tables are larger than the CPU caches, so nearly every lookup misses. Each
    /// chunk of features is therefore read in passes: plain loads of every slot, then
    /// the probes with a plain load of every row found, then the sums. The loads of a
    /// pass do not depend on one another, so their misses wait for memory together
    /// instead of one after the other.
    pub(crate) fn scores(&self, features: &[u64], out: &mut [i32]) {
        let mut rows = [EMPTY; CHUNK];
        // Rows are summed in i16 lanes, twice as many per vector instruction as i32,
        // and moved into i32 totals before the sum of `per_group` rows could leave
        // the i16 range: one group for the parser's 8-bit weights, groups of eight
        // for the tagger's 13-bit ones. Integer sums, so the results are the same.
        let per_group = (i32::from(i16::MAX) / self.max_abs.max(1)).max(1) as usize;
        let mut group = [0i16; MAX_STRIDE];
        let group = &mut group[..self.stride];
        let mut in_group = 0;
        let mut totals = [0i32; MAX_STRIDE];
        let totals = &mut totals[..self.stride];
        for chunk in features.chunks(CHUNK) {
            let touched = chunk.iter().fold(0u32, |acc, f| {
                acc ^ self.slots[self.home(short_key(*f))].key
            });
            std::hint::black_box(touched);
            let rows = &mut rows[..chunk.len()];
            let mut touched = 0i16;
            for (row, f) in rows.iter_mut().zip(chunk) {
                *row = self.row(short_key(*f));
                touched ^= self.first_weight(*row);
            }
            std::hint::black_box(touched);
            for &row in rows.iter() {
                if row == EMPTY {
                    continue;
                }
                if in_group == per_group {
                    move_into(group, totals);
                    in_group = 0;
                }
                self.add_row(row, group);
                in_group += 1;
            }
        }
        move_into(group, totals);
        out[..self.n_classes].copy_from_slice(&totals[..self.n_classes]);
    }

    #[inline]
    fn first_weight(&self, row: u32) -> i16 {
        if row == EMPTY {
            0
        } else if row & DENSE != 0 {
            self.dense[(row & !DENSE) as usize * self.stride]
        } else {
            self.sparse[(row >> LEN_BITS) as usize].value
        }
    }

    #[inline]
    fn add_row(&self, row: u32, sums: &mut [i16]) {
        if row & DENSE != 0 {
            let start = (row & !DENSE) as usize * self.stride;
            let dense = &self.dense[start..start + self.stride];
            for (s, v) in sums.chunks_exact_mut(LANES).zip(dense.chunks_exact(LANES)) {
                for (s, &v) in s.iter_mut().zip(v) {
                    *s += v;
                }
            }
        } else {
            for e in self.sparse_row(row) {
                sums[usize::from(e.class)] += e.value;
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
            let entries = self.entries(self.row(key));
            w.varint(entries.len() as u64);
            for e in entries {
                w.u8(e.class);
                w.ivarint(i64::from(e.value));
            }
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Weights, GrammarError> {
        let n_classes = r.varint()? as usize;
        if n_classes == 0 || n_classes > 256 {
            return Err(GrammarError::Model(format!("{n_classes} classes")));
        }
        let n_keys = r.count()?;
        let mut weights = WeightsBuilder::new(n_classes);
        weights.keys.reserve(n_keys);
        weights.rows.reserve(n_keys);
        let mut key = 0u32;
        let mut row = Vec::with_capacity(n_classes);
        for k in 0..n_keys {
            key = u32::try_from(r.varint()?)
                .ok()
                .filter(|&delta| k == 0 || delta > 0)
                .and_then(|delta| key.checked_add(delta))
                .ok_or_else(|| GrammarError::Model("feature keys out of order".into()))?;
            let len = r.varint()?;
            if len == 0 || len > n_classes as u64 {
                return Err(GrammarError::Model(format!("feature with {len} weights")));
            }
            row.clear();
            for _ in 0..len {
                let class = r.u8()?;
                if usize::from(class) >= n_classes {
                    return Err(GrammarError::Model(format!("class {class} out of range")));
                }
                // Rows are written with classes ascending and no zero weight, which
                // the dense layout relies on to write back the same bytes.
                if row.last().is_some_and(|e: &Entry| e.class >= class) {
                    return Err(GrammarError::Model("weight classes out of order".into()));
                }
                let value = i16::try_from(r.ivarint()?)
                    .ok()
                    .filter(|&v| v != 0)
                    .ok_or_else(|| GrammarError::Model("weight out of range".into()))?;
                row.push(Entry { class, value });
            }
            weights.push(key, &row)?;
        }
        Ok(weights.build())
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
        let w = t.average(i16::MAX, 1, 1).expect("small table");
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
