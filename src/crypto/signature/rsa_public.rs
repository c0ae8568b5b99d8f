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

/// `acc += m·b` over `b.len()` words of `acc`, returning the carry word out of the top.
#[inline(always)]
fn mul_add_row(acc: &mut [u64], m: u64, b: &[u64]) -> u64 {
    let mut carry = 0u64;
    for (t, &bj) in acc.iter_mut().zip(b) {
        let uv = u128::from(*t) + u128::from(m) * u128::from(bj) + u128::from(carry);
        *t = uv as u64;
        carry = (uv >> 64) as u64;
    }
    carry
}

impl Montgomery {
    /// The context for an odd modulus n > 1 (big-endian); `None` otherwise. Cheap: one Newton
    /// iteration on a word; nothing here depends on the modulus size beyond copying it.
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

    /// out = t·R⁻¹ mod n for t < n·R of 2·limbs words (Montgomery's REDC, word by word); `t`
    /// is overwritten.
    fn redc(&self, t: &mut [u64], out: &mut [u64]) {
        let s = self.limbs();
        // The carry out of t[i + s], added in with the next row (which ends one word higher).
        let mut pending = 0u64;
        for i in 0..s {
            let Some(window) = t.get_mut(i..=i + s) else {
                return;
            };
            let Some((top, row)) = window.split_last_mut() else {
                return;
            };
            let m = row.first().copied().unwrap_or(0).wrapping_mul(self.n0_inv);
            let carry = mul_add_row(row, m, &self.n);
            let uv = u128::from(*top) + u128::from(carry) + u128::from(pending);
            *top = uv as u64;
            pending = (uv >> 64) as u64;
        }
        // t/R < 2n: one conditional subtraction.
        let Some(hi) = t.get_mut(s..2 * s) else {
            return;
        };
        if pending != 0 || ge(hi, &self.n) {
            sub_in_place(hi, &self.n);
        }
        out.copy_from_slice(hi);
    }

    /// out = a·b·R⁻¹ mod n for a, b < n. `t` is scratch space of 2·limbs words.
    fn mul(&self, a: &[u64], b: &[u64], out: &mut [u64], t: &mut [u64]) {
        let s = self.limbs();
        t.fill(0);
        for (i, &ai) in a.iter().enumerate() {
            let Some(row) = t.get_mut(i..i + s) else {
                return;
            };
            let carry = mul_add_row(row, ai, b);
            if let Some(w) = t.get_mut(i + s) {
                *w = carry;
            }
        }
        self.redc(t, out);
    }

    /// out = a²·R⁻¹ mod n for a < n: the square with each cross product computed once (about
    /// half the word products of [`Self::mul`] before the reduction). `t`: 2·limbs words.
    fn square(&self, a: &[u64], out: &mut [u64], t: &mut [u64]) {
        let s = self.limbs();
        t.fill(0);
        // Σ_{i<j} a_i·a_j·2^(64(i+j)).
        for (i, &ai) in a.iter().enumerate() {
            let (Some(row), Some(rest)) = (t.get_mut(2 * i + 1..i + s), a.get(i + 1..)) else {
                continue;
            };
            let carry = mul_add_row(row, ai, rest);
            if let Some(w) = t.get_mut(i + s) {
                *w = carry;
            }
        }
        // Doubled, plus the squares a_i² on the diagonal.
        let mut shifted_out = 0u64;
        for w in t.iter_mut() {
            let next = *w >> 63;
            *w = (*w << 1) | shifted_out;
            shifted_out = next;
        }
        let mut carry = 0u64;
        for (pair, &ai) in t.chunks_exact_mut(2).zip(a) {
            let sq = u128::from(ai) * u128::from(ai);
            if let [lo, hi] = pair {
                let v = u128::from(*lo) + (sq & u128::from(u64::MAX)) + u128::from(carry);
                *lo = v as u64;
                let v = u128::from(*hi) + (sq >> 64) + (v >> 64);
                *hi = v as u64;
                carry = (v >> 64) as u64;
            }
        }
        self.redc(t, out);
    }

    /// x·R mod n for x < n (into the Montgomery domain) by dividing x·2^(64·limbs) by n
    /// (Knuth, TAOCP vol. 2, §4.3.1, Algorithm D): about half the word products of one
    /// multiplication, where going through R² mod n would cost several.
    fn to_montgomery(&self, x: &[u64]) -> Option<Vec<u64>> {
        let s = self.limbs();
        let n_top = *self.n.last()?;
        if s == 1 {
            let n = u128::from(n_top);
            let r = (u128::from(*x.first()?) << 64) % n;
            return Some(vec![r as u64]);
        }
        // Normalize: shift n (and the dividend) left until n's top bit is set.
        let shift = n_top.leading_zeros();
        let shl = |words: &[u64], extra: usize| -> Vec<u64> {
            let mut out = Vec::with_capacity(words.len() + extra);
            let mut carry = 0u64;
            for &w in words {
                out.push(if shift == 0 { w } else { (w << shift) | carry });
                carry = if shift == 0 { 0 } else { w >> (64 - shift) };
            }
            if extra > 0 {
                out.push(carry);
            }
            out
        };
        let v = shl(&self.n, 0);
        // The dividend x·b^s shifted: s zero words, then x shifted, then its overflow word.
        let mut u = vec![0u64; s];
        u.extend(shl(x, 1));
        let v_top = u128::from(*v.get(s - 1)?);
        let v_next = u128::from(*v.get(s - 2)?);
        const B: u128 = 1 << 64;
        // x < n, so the quotient has s digits: j = s−1 … 0 (digit j = s is zero).
        for j in (0..s).rev() {
            let num = (u128::from(*u.get(j + s)?) << 64) | u128::from(*u.get(j + s - 1)?);
            let mut qhat = num / v_top;
            let mut rhat = num % v_top;
            let u_next = u128::from(*u.get(j + s - 2)?);
            while qhat >= B || qhat * v_next > ((rhat << 64) | u_next) {
                qhat -= 1;
                rhat += v_top;
                if rhat >= B {
                    break;
                }
            }
            // u[j ..= j+s] −= qhat·v.
            let window = u.get_mut(j..=j + s)?;
            let (top, low) = window.split_last_mut()?;
            let mut borrow = 0u64;
            let mut carry = 0u64;
            for (uw, &vw) in low.iter_mut().zip(&v) {
                let p = qhat * u128::from(vw) + u128::from(carry);
                carry = (p >> 64) as u64;
                let (d1, b1) = uw.overflowing_sub(p as u64);
                let (d2, b2) = d1.overflowing_sub(borrow);
                *uw = d2;
                borrow = u64::from(b1) + u64::from(b2);
            }
            let (d1, b1) = top.overflowing_sub(carry);
            let (d2, b2) = d1.overflowing_sub(borrow);
            *top = d2;
            if b1 || b2 {
                // qhat was one too large (rare): add v back.
                let mut c = false;
                for (uw, &vw) in low.iter_mut().zip(&v) {
                    let (a1, c1) = uw.overflowing_add(vw);
                    let (a2, c2) = a1.overflowing_add(u64::from(c));
                    *uw = a2;
                    c = c1 || c2;
                }
                *top = top.wrapping_add(u64::from(c));
            }
        }
        // The remainder is u[0..s], un-normalized.
        let mut r = u.get(..=s)?.to_vec();
        if shift != 0 {
            for i in 0..s {
                let hi = *r.get(i + 1)?;
                let w = r.get_mut(i)?;
                *w = (*w >> shift) | (hi << (64 - shift));
            }
        }
        r.truncate(s);
        Some(r)
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

    let base = ctx.to_montgomery(&sig)?;
    // Scratch for the double-width products; nothing is allocated in the loop.
    let mut t = vec![0u64; 2 * limbs];
    // Left-to-right binary exponentiation over the exponent's bits, starting at its top bit
    // (65537: sixteen squarings and one multiplication).
    let mut acc = base.clone();
    let mut tmp = vec![0u64; limbs];
    let mut started = false;
    for byte in e {
        for bit in (0..8).rev() {
            let set = (byte >> bit) & 1 == 1;
            if started {
                ctx.square(&acc, &mut tmp, &mut t);
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
    // Out of the Montgomery domain: one reduction of acc.
    t.fill(0);
    t.get_mut(..limbs)?.copy_from_slice(&acc);
    ctx.redc(&mut t, &mut tmp);

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
