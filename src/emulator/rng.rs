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

/// A deterministic random number generator for tests, benches and the software chip's
/// callers: the same seed gives the same bytes (SHA-256 of seed and counter). It implements
/// the `rand_core` traits the protocols take, so a terminal under test can be driven with
/// reproducible randomness. Never use it for real keys.
#[derive(Debug, Clone)]
pub struct SeededRng(Generator);

impl SeededRng {
    /// A generator from a 32-byte seed.
    pub fn new(seed: [u8; 32]) -> Self {
        SeededRng(Generator::new(seed))
    }

    /// A generator from a small number (the seed's first eight bytes, big-endian).
    pub fn from_u64(n: u64) -> Self {
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&n.to_be_bytes());
        Self::new(seed)
    }
}

impl rand_core::TryRng for SeededRng {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.0.fill(&mut b);
        Ok(u32::from_be_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.0.fill(&mut b);
        Ok(u64::from_be_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.0.fill(dst);
        Ok(())
    }
}

impl rand_core::TryCryptoRng for SeededRng {}
