//! Feature keys: every feature is one `u64`, a hash of its template and values, so
//! weight tables need no string storage.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
    })
}

pub(crate) fn fnv_str(s: &str) -> u64 {
    fnv(s.as_bytes())
}

/// Combines a value into a running hash (the multiply spreads low bits upward).
#[inline]
pub(crate) fn combine(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// SplitMix64's finaliser: keys feed an identity hasher, so they must be well mixed.
#[inline]
pub(crate) fn finish(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Key of a feature made of a template id and its values.
#[inline]
pub(crate) fn key(template: u64, values: &[u64]) -> u64 {
    finish(
        values
            .iter()
            .fold(template.wrapping_mul(0x9e37_79b9_7f4a_7c15), |h, &v| {
                combine(h, v)
            }),
    )
}

/// Hasher for keys that are already well-mixed `u64`s.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(bytes);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;
