//! The software chip's randomness (RND.IC, K.IC): a deterministic generator from a seed the
//! test passes in, SHA-256(seed ‖ counter) block by block. Not for production keys.

use sha2::{Digest, Sha256};
use zeroize::Zeroize;

/// A deterministic byte generator.
#[derive(Clone)]
pub(crate) struct Generator {
    seed: [u8; 32],
    counter: u64,
}

impl Drop for Generator {
    fn drop(&mut self) {
        self.seed.zeroize();
    }
}

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Generator { .. }")
    }
}

impl Generator {
    pub(crate) fn new(seed: [u8; 32]) -> Self {
        Generator { seed, counter: 0 }
    }

    pub(crate) fn fill(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(32) {
            let mut h = Sha256::new();
            h.update(self.seed);
            h.update(self.counter.to_be_bytes());
            self.counter = self.counter.wrapping_add(1);
            let block = h.finalize();
            for (o, b) in chunk.iter_mut().zip(block.iter()) {
                *o = *b;
            }
        }
    }
}
