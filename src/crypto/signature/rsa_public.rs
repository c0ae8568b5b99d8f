//! The RSA public operation s^e mod n (RFC 8017 §5.2.2 RSAVP1) in variable time with
//! Montgomery multiplication on 64-bit limbs, for signature verification only.
//!
//! VARIABLE TIME: every input here — modulus, public exponent, signature — is public data, so
//! branches and loop counts depend on them freely. Never call this with a secret (a private
//! exponent, a message to be kept confidential): it would leak through timing.

/// Montgomery arithmetic modulo an odd n of `limbs` 64-bit words, R = 2^(64·limbs).
struct Montgomery {
    /// n, little-endian limbs, the top limb non-zero.
    n: Vec<u64>,
    /// -n⁻¹ mod 2⁶⁴.
    n0_inv: u64,
}

/// Little-endian 64-bit limbs of a big-endian byte string (leading zero bytes dropped).
fn limbs_from_be(bytes: &[u8]) -> Vec<u64> {
    let lead = bytes.iter().take_while(|&&b| b == 0).count();
    let bytes = bytes.get(lead..).unwrap_or_default();
    bytes
        .rchunks(8)
        .map(|chunk| chunk.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
        .collect()
}

/// `a >= b` for equal-length little-endian limb slices.
fn ge(a: &[u64], b: &[u64]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x > y;
        }
    }
    true
}

/// `a -= b` (equal lengths), returning the borrow.
fn sub_in_place(a: &mut [u64], b: &[u64]) -> bool {
    let mut borrow = false;
    for (x, &y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(y);
        let (d2, b2) = d1.overflowing_sub(u64::from(borrow));
        *x = d2;
        borrow = b1 || b2;
    }
    borrow
}

impl Montgomery {
    /// The context for an odd modulus n > 1 (big-endian); `None` otherwise.
    fn new(n_be: &[u8]) -> Option<Self> {
        let n = limbs_from_be(n_be);
        let n0 = *n.first()?;
        if n0 & 1 == 0 || (n.len() == 1 && n0 == 1) {
            return None;
        }
        // Newton iteration for n0⁻¹ mod 2⁶⁴: each step doubles the correct low bits.
        let mut inv = 1u64;
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(n0.wrapping_mul(inv)));
        }
        Some(Self {
            n,
            n0_inv: inv.wrapping_neg(),
        })
    }

    fn limbs(&self) -> usize {
        self.n.len()
    }

    /// out = a·b·R⁻¹ mod n for a, b < n (CIOS, Koç–Acar–Kaliski 1996). `t` is scratch space of
    /// at least `limbs` words.
    fn mul(&self, a: &[u64], b: &[u64], out: &mut [u64], t: &mut [u64]) {
        let s = self.limbs();
        t.iter_mut().for_each(|w| *w = 0);
        let Some(lo) = t.get_mut(..s) else {
            return;
        };
        let Some((&n0, n_rest)) = self.n.split_first() else {
            return;
        };
        // The words above `lo`: t[s] and t[s+1] of the textbook algorithm.
        let mut top: u64 = 0;
        for &ai in a {
            // t += ai·b
            let mut carry = 0u64;
            for (tj, &bj) in lo.iter_mut().zip(b) {
                let uv = u128::from(*tj) + u128::from(ai) * u128::from(bj) + u128::from(carry);
                *tj = uv as u64;
                carry = (uv >> 64) as u64;
            }
            let uv = u128::from(top) + u128::from(carry);
            let (top0, top1) = (uv as u64, (uv >> 64) as u64);
            // t = (t + m·n) / 2⁶⁴ with m chosen so the low word vanishes.
            let Some((t0, t_rest)) = lo.split_first_mut() else {
                return;
            };
            let m = t0.wrapping_mul(self.n0_inv);
            let uv = u128::from(*t0) + u128::from(m) * u128::from(n0);
            let mut carry = (uv >> 64) as u64;
            let mut prev = t0;
            for (tj, &nj) in t_rest.iter_mut().zip(n_rest) {
                let uv = u128::from(*tj) + u128::from(m) * u128::from(nj) + u128::from(carry);
                *prev = uv as u64;
                carry = (uv >> 64) as u64;
                prev = tj;
            }
            let uv = u128::from(top0) + u128::from(carry);
            *prev = uv as u64;
            top = top1 + (uv >> 64) as u64;
        }
        // The result t < 2n: one conditional subtraction.
        if top != 0 || ge(lo, &self.n) {
            sub_in_place(lo, &self.n);
        }
        out.copy_from_slice(lo);
    }

    /// R² mod n: the Montgomery form of R, used to bring values into the Montgomery domain.
    fn r_squared(&self, t: &mut [u64]) -> Vec<u64> {
        let s = self.limbs();
        let total_bits = 64 * s;
        // total_bits = k·2^j with k odd: double the form of 1 (R mod n) k times to reach the
        // form of 2^k, then square j times to reach the form of 2^(k·2^j) = R.
        let j = total_bits.trailing_zeros();
        let k = total_bits >> j;
        let mut x = self.r_mod_n();
        for _ in 0..k {
            self.double(&mut x);
        }
        let mut y = vec![0u64; s];
        for _ in 0..j {
            self.mul(&x, &x, &mut y, t);
            std::mem::swap(&mut x, &mut y);
        }
        x
    }

    /// R mod n: 2^(bits(n)−1) doubled up to 2^(64·limbs), reducing after each step.
    fn r_mod_n(&self) -> Vec<u64> {
        let s = self.limbs();
        let top = self.n.last().copied().unwrap_or(1);
        let top_bits = 64 - top.leading_zeros() as usize;
        let n_bits = 64 * (s - 1) + top_bits;
        let mut x = vec![0u64; s];
        if let Some(w) = x.get_mut((n_bits - 1) / 64) {
            *w = 1u64 << ((n_bits - 1) % 64);
        }
        for _ in n_bits - 1..64 * s {
            self.double(&mut x);
        }
        x
    }

    /// x = 2x mod n for x < n.
    fn double(&self, x: &mut [u64]) {
        let mut carry = 0u64;
        for w in x.iter_mut() {
            let next = *w >> 63;
            *w = (*w << 1) | carry;
            carry = next;
        }
        if carry != 0 || ge(x, &self.n) {
            sub_in_place(x, &self.n);
        }
    }
}

/// s^e mod n as a big-endian string of n's byte length, or `None` when n is even or ≤ 1, e is
/// zero, or s ≥ n (RFC 8017 §5.2.2 step 1: "signature representative out of range").
///
/// Variable time; public inputs only (see the module comment).
pub(super) fn public_op_vartime(n: &[u8], e: &[u8], s: &[u8]) -> Option<Vec<u8>> {
    let ctx = Montgomery::new(n)?;
    let limbs = ctx.limbs();
    let mut sig = limbs_from_be(s);
    if sig.len() > limbs {
        return None;
    }
    sig.resize(limbs, 0);
    if ge(&sig, &ctx.n) {
        return None;
    }
    let e_lead = e.iter().take_while(|&&b| b == 0).count();
    let e = e.get(e_lead..).unwrap_or_default();
    if e.is_empty() {
        return None;
    }

    let mut t = vec![0u64; limbs];
    let rr = ctx.r_squared(&mut t);
    let mut base = vec![0u64; limbs];
    ctx.mul(&sig, &rr, &mut base, &mut t);
    // Left-to-right binary exponentiation over the exponent's bits, starting at its top bit.
    let mut acc = base.clone();
    let mut tmp = vec![0u64; limbs];
    let mut started = false;
    for byte in e {
        for bit in (0..8).rev() {
            let set = (byte >> bit) & 1 == 1;
            if started {
                ctx.mul(&acc, &acc, &mut tmp, &mut t);
                std::mem::swap(&mut acc, &mut tmp);
                if set {
                    ctx.mul(&acc, &base, &mut tmp, &mut t);
                    std::mem::swap(&mut acc, &mut tmp);
                }
            } else if set {
                started = true;
            }
        }
    }
    // Out of the Montgomery domain: multiply by 1.
    let mut one = vec![0u64; limbs];
    if let Some(w) = one.first_mut() {
        *w = 1;
    }
    ctx.mul(&acc, &one, &mut tmp, &mut t);

    let n_len = n.len() - n.iter().take_while(|&&b| b == 0).count();
    let mut out = Vec::with_capacity(limbs * 8);
    for w in tmp.iter().rev() {
        out.extend_from_slice(&w.to_be_bytes());
    }
    Some(out.split_off(out.len().saturating_sub(n_len)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use openssl::bn::{BigNum, BigNumContext};
    use proptest::prelude::*;

    /// OpenSSL's s^e mod n, left-padded to n's length.
    fn oracle(n: &[u8], e: &[u8], s: &[u8]) -> Vec<u8> {
        let mut ctx = BigNumContext::new().unwrap();
        let (n, e, s) = (
            BigNum::from_slice(n).unwrap(),
            BigNum::from_slice(e).unwrap(),
            BigNum::from_slice(s).unwrap(),
        );
        let mut r = BigNum::new().unwrap();
        r.mod_exp(&s, &e, &n, &mut ctx).unwrap();
        r.to_vec_padded(n.num_bytes()).unwrap()
    }

    fn check(n: &[u8], e: &[u8], s: &[u8]) {
        assert_eq!(
            public_op_vartime(n, e, s),
            Some(oracle(n, e, s)),
            "n={} e={} s={}",
            hex::encode(n),
            hex::encode(e),
            hex::encode(s)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn matches_openssl_on_random_inputs(
            mut n in proptest::collection::vec(any::<u8>(), 1..260),
            s_seed in proptest::collection::vec(any::<u8>(), 0..260),
            e in prop_oneof![
                Just(vec![0x01, 0x00, 0x01]),
                Just(vec![0x03]),
                Just(vec![0x01]),
                proptest::collection::vec(any::<u8>(), 1..9),
            ],
        ) {
            // n odd with a non-zero top byte; s < n (taken mod n by truncating and clearing
            // the top byte).
            if let Some(last) = n.last_mut() { *last |= 1; }
            if let Some(first) = n.first_mut() { *first |= 0x80 >> (first.count_ones() % 8); }
            prop_assume!(!(n.len() == 1 && n[0] == 1));
            prop_assume!(e.iter().any(|&b| b != 0));
            let mut s: Vec<u8> = s_seed.into_iter().take(n.len()).collect();
            if s.len() == n.len() && let Some(f) = s.first_mut() { *f = 0; }
            check(&n, &e, &s);
        }
    }

    #[test]
    fn edge_cases_match_openssl() {
        let e = [0x01, 0x00, 0x01];
        for bytes in [8usize, 16, 17, 128, 256, 384, 512] {
            // All-ones modulus (top limb full), and a modulus just above a power of two.
            let ones = vec![0xFFu8; bytes];
            let mut low = vec![0u8; bytes];
            low[0] = 0x80;
            low[bytes - 1] = 1;
            for n in [ones, low] {
                let mut n_minus_1 = n.clone();
                *n_minus_1.last_mut().unwrap() -= 1;
                let two = [2u8];
                for s in [&[][..], &[0u8][..], &[1u8][..], &two[..], &n_minus_1[..]] {
                    check(&n, &e, s);
                    check(&n, &[3], s);
                }
            }
        }
        // Out of range and malformed inputs are refused, never a panic.
        let n = [0xC3u8, 0x51, 0x07];
        assert_eq!(public_op_vartime(&n, &e, &n), None);
        assert_eq!(public_op_vartime(&n, &e, &[0xFF, 0, 0, 0]), None);
        assert_eq!(public_op_vartime(&[0xC3, 0x50], &e, &[1]), None);
        assert_eq!(public_op_vartime(&[], &e, &[1]), None);
        assert_eq!(public_op_vartime(&[0, 1], &e, &[0]), None);
        assert_eq!(public_op_vartime(&n, &[0, 0], &[1]), None);
        // Leading zero bytes on n and s are fine.
        check(&[0, 0xC3, 0x51, 0x07], &e, &[0, 0, 0x42]);
    }
}
