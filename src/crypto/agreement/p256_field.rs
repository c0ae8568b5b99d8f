//! Montgomery multiplication and squaring, addition and subtraction modulo the NIST P-256 prime
//! p = 2²⁵⁶ − 2²²⁴ + 2¹⁹² + 2⁹⁶ − 1 (FIPS 186-5 / SP 800-186 §3.2.1.3), specialised to the
//! prime's shape, on the same representation as fiat-crypto's `p256_64` (four little-endian
//! 64-bit limbs, Montgomery domain with R = 2²⁵⁶, fully reduced below p).
//!
//! fiat-crypto's generic word-by-word reduction multiplies by every limb of p; here the shape
//! does most of that work: −p⁻¹ ≡ 1 (mod 2⁶⁴), so each reduction round's multiplier m is the
//! lowest remaining limb, and m·(p₀ + p₁·2⁶⁴) with p₀ = 2⁶⁴ − 1, p₁ = 2³² − 1 is
//! m·2⁹⁶ − m: a shift. Only m·p₃ needs a multiplication, so a product takes 16 + 4
//! multiplications and a square 10 + 4, against fiat's 16 + 12 for both.
//!
//! Constant time: no branch and no memory access depends on the values; the final
//! subtraction of p is a mask select. Cross-checked against fiat-crypto's formally verified
//! functions in the tests below (edge values and a seeded random run).

/// p in little-endian limbs.
const P: [u64; 4] = [
    0xFFFF_FFFF_FFFF_FFFF,
    0x0000_0000_FFFF_FFFF,
    0,
    0xFFFF_FFFF_0000_0001,
];

/// `a`·`b` + `c` + `d` as (low, high); never overflows.
#[inline(always)]
fn mac(a: u64, b: u64, c: u64, d: u64) -> (u64, u64) {
    let t = u128::from(a) * u128::from(b) + u128::from(c) + u128::from(d);
    (t as u64, (t >> 64) as u64)
}

/// `a` + `b` + `c` as (sum, carry).
#[inline(always)]
fn adc(a: u64, b: u64, c: u64) -> (u64, u64) {
    let t = u128::from(a) + u128::from(b) + u128::from(c);
    (t as u64, (t >> 64) as u64)
}

/// `a` − `b` − borrow, where `borrow` is 0 or all ones; returns (difference, borrow mask).
#[inline(always)]
fn sbb(a: u64, b: u64, borrow: u64) -> (u64, u64) {
    let t = u128::from(a).wrapping_sub(u128::from(b) + u128::from(borrow >> 63));
    (t as u64, (t >> 64) as u64)
}

/// One round of Montgomery's REDC at limb `i` of a double-width value `t`: adds
/// m·p·2⁶⁴ⁱ with m = tᵢ, which clears tᵢ. `top` carries the previous round's overflow into
/// limb i + 4; the return value is this round's.
#[inline(always)]
fn reduce_round(t: &mut [u64; 8], i: usize, top: u64) -> u64 {
    let m = t[i];
    // tᵢ + m·p₀ = m·2⁶⁴ exactly (tᵢ = m): limb i becomes 0 and m is carried. With p₁ = 2³² − 1
    // the next limb gains m·p₁ + m = m·2³².
    let s = u128::from(t[i + 1]) + (u128::from(m) << 32);
    t[i + 1] = s as u64;
    let (t2, c) = adc(t[i + 2], (s >> 64) as u64, 0);
    t[i + 2] = t2;
    let (t3, c) = mac(m, P[3], t[i + 3], c);
    t[i + 3] = t3;
    let (t4, top) = adc(t[i + 4], c, top);
    t[i + 4] = t4;
    top
}

/// `t`·R⁻¹ mod p for `t` < p·R (a product of two values below p), fully reduced.
#[inline(always)]
fn reduce(mut t: [u64; 8]) -> [u64; 4] {
    let mut top = 0;
    for i in 0..4 {
        top = reduce_round(&mut t, i, top);
    }
    // (t + M·p)/R < 2p.
    below_p([t[4], t[5], t[6], t[7]], top)
}

/// `v` + `top`·2²⁵⁶ mod p for a value below 2p (`top` is 0 or 1): p is subtracted once
/// unless that borrows, chosen by mask.
#[inline(always)]
fn below_p(v: [u64; 4], top: u64) -> [u64; 4] {
    let (r0, b) = sbb(v[0], P[0], 0);
    let (r1, b) = sbb(v[1], P[1], b);
    let (r2, b) = sbb(v[2], P[2], b);
    let (r3, b) = sbb(v[3], P[3], b);
    let (_, keep) = sbb(top, 0, b);
    [
        (v[0] & keep) | (r0 & !keep),
        (v[1] & keep) | (r1 & !keep),
        (v[2] & keep) | (r2 & !keep),
        (v[3] & keep) | (r3 & !keep),
    ]
}

/// `a`·`b`·R⁻¹ mod p for `a`, `b` below p.
#[inline]
pub(super) fn mul(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let [a0, a1, a2, a3] = *a;
    let [b0, b1, b2, b3] = *b;
    let (t0, c) = mac(a0, b0, 0, 0);
    let (t1, c) = mac(a0, b1, 0, c);
    let (t2, c) = mac(a0, b2, 0, c);
    let (t3, t4) = mac(a0, b3, 0, c);
    let (t1, c) = mac(a1, b0, t1, 0);
    let (t2, c) = mac(a1, b1, t2, c);
    let (t3, c) = mac(a1, b2, t3, c);
    let (t4, t5) = mac(a1, b3, t4, c);
    let (t2, c) = mac(a2, b0, t2, 0);
    let (t3, c) = mac(a2, b1, t3, c);
    let (t4, c) = mac(a2, b2, t4, c);
    let (t5, t6) = mac(a2, b3, t5, c);
    let (t3, c) = mac(a3, b0, t3, 0);
    let (t4, c) = mac(a3, b1, t4, c);
    let (t5, c) = mac(a3, b2, t5, c);
    let (t6, t7) = mac(a3, b3, t6, c);
    reduce([t0, t1, t2, t3, t4, t5, t6, t7])
}

/// `a`²·R⁻¹ mod p for `a` below p: the six cross products once, doubled, plus the squares.
#[inline]
pub(super) fn square(a: &[u64; 4]) -> [u64; 4] {
    let [a0, a1, a2, a3] = *a;
    let (t1, c) = mac(a0, a1, 0, 0);
    let (t2, c) = mac(a0, a2, 0, c);
    let (t3, t4) = mac(a0, a3, 0, c);
    let (t3, c) = mac(a1, a2, t3, 0);
    let (t4, t5) = mac(a1, a3, t4, c);
    let (t5, t6) = mac(a2, a3, t5, 0);
    let t7 = t6 >> 63;
    let t6 = (t6 << 1) | (t5 >> 63);
    let t5 = (t5 << 1) | (t4 >> 63);
    let t4 = (t4 << 1) | (t3 >> 63);
    let t3 = (t3 << 1) | (t2 >> 63);
    let t2 = (t2 << 1) | (t1 >> 63);
    let t1 = t1 << 1;
    let (t0, c) = mac(a0, a0, 0, 0);
    let (t1, c) = adc(t1, c, 0);
    let (t2, c) = mac(a1, a1, t2, c);
    let (t3, c) = adc(t3, c, 0);
    let (t4, c) = mac(a2, a2, t4, c);
    let (t5, c) = adc(t5, c, 0);
    let (t6, c) = mac(a3, a3, t6, c);
    let (t7, _) = adc(t7, c, 0);
    reduce([t0, t1, t2, t3, t4, t5, t6, t7])
}

/// `a` + `b` mod p for `a`, `b` below p.
#[inline]
pub(super) fn add(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let (s0, c) = adc(a[0], b[0], 0);
    let (s1, c) = adc(a[1], b[1], c);
    let (s2, c) = adc(a[2], b[2], c);
    let (s3, top) = adc(a[3], b[3], c);
    below_p([s0, s1, s2, s3], top)
}

/// `a` − `b` mod p for `a`, `b` below p.
#[inline]
pub(super) fn sub(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let (d0, borrow) = sbb(a[0], b[0], 0);
    let (d1, borrow) = sbb(a[1], b[1], borrow);
    let (d2, borrow) = sbb(a[2], b[2], borrow);
    let (d3, borrow) = sbb(a[3], b[3], borrow);
    // Add p back when the difference went below zero (borrow is then all ones).
    let (r0, c) = adc(d0, P[0] & borrow, 0);
    let (r1, c) = adc(d1, P[1] & borrow, c);
    let (r2, c) = adc(d2, P[2] & borrow, c);
    let (r3, _) = adc(d3, P[3] & borrow, c);
    [r0, r1, r2, r3]
}

#[cfg(test)]
mod tests {
    use super::*;
    use fiat_crypto::p256_64::{
        fiat_p256_add, fiat_p256_montgomery_domain_field_element as Mont, fiat_p256_mul,
        fiat_p256_square, fiat_p256_sub,
    };

    fn fiat_add(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
        let mut out = Mont([0; 4]);
        fiat_p256_add(&mut out, &Mont(*a), &Mont(*b));
        out.0
    }

    fn fiat_sub(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
        let mut out = Mont([0; 4]);
        fiat_p256_sub(&mut out, &Mont(*a), &Mont(*b));
        out.0
    }

    fn fiat_mul(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
        let mut out = Mont([0; 4]);
        fiat_p256_mul(&mut out, &Mont(*a), &Mont(*b));
        out.0
    }

    fn fiat_square(a: &[u64; 4]) -> [u64; 4] {
        let mut out = Mont([0; 4]);
        fiat_p256_square(&mut out, &Mont(*a));
        out.0
    }

    /// xorshift64: reproducible inputs without a dependency.
    struct Xorshift(u64);

    impl Xorshift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        /// A uniformly random value below p (rejection sampling).
        fn below_p(&mut self) -> [u64; 4] {
            loop {
                let v = [self.next(), self.next(), self.next(), self.next()];
                if below(&v, &P) {
                    return v;
                }
            }
        }
    }

    fn below(a: &[u64; 4], b: &[u64; 4]) -> bool {
        a.iter().rev().cmp(b.iter().rev()).is_lt()
    }

    /// Values where carries and the final subtraction are at their limits.
    fn edges() -> Vec<[u64; 4]> {
        let max = u64::MAX;
        vec![
            [0; 4],
            [1, 0, 0, 0],
            [2, 0, 0, 0],
            [P[0] - 1, P[1], P[2], P[3]],
            [P[0] - 2, P[1], P[2], P[3]],
            [max, max, max, P[3] - 1],
            [max, max - 1, max, P[3] - 1],
            [0, 0, 0, P[3]],
            [max, 0, 0, 0],
            [0, 1 << 32, 0, 0],
            [0, 0, 1, 0],
            [0, 0, 0, 1 << 63],
            [max, P[1], 0, 0],
            [1, 0, 0, P[3]],
        ]
    }

    #[test]
    fn edge_values_agree_with_fiat_crypto() {
        let edges = edges();
        for a in &edges {
            assert!(below(a, &P));
            assert_eq!(square(a), fiat_square(a), "{a:x?}²");
            for b in &edges {
                assert_eq!(mul(a, b), fiat_mul(a, b), "{a:x?}·{b:x?}");
                assert_eq!(add(a, b), fiat_add(a, b), "{a:x?} + {b:x?}");
                assert_eq!(sub(a, b), fiat_sub(a, b), "{a:x?} − {b:x?}");
            }
        }
    }

    #[test]
    fn random_values_agree_with_fiat_crypto() {
        let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..200_000 {
            let (a, b) = (rng.below_p(), rng.below_p());
            assert_eq!(mul(&a, &b), fiat_mul(&a, &b), "{a:x?}·{b:x?}");
            assert_eq!(square(&a), fiat_square(&a), "{a:x?}²");
            assert_eq!(add(&a, &b), fiat_add(&a, &b), "{a:x?} + {b:x?}");
            assert_eq!(sub(&a, &b), fiat_sub(&a, &b), "{a:x?} − {b:x?}");
        }
    }

    #[test]
    fn long_chains_agree_with_fiat_crypto() {
        // Results fed back as inputs, as in a scalar multiplication.
        let mut rng = Xorshift(7);
        let (mut x, mut y) = (rng.below_p(), rng.below_p());
        let (mut fx, mut fy) = (x, y);
        for _ in 0..100_000 {
            x = sub(&mul(&square(&x), &y), &add(&x, &x));
            y = add(&square(&mul(&x, &y)), &y);
            fx = fiat_sub(&fiat_mul(&fiat_square(&fx), &fy), &fiat_add(&fx, &fx));
            fy = fiat_add(&fiat_square(&fiat_mul(&fx, &fy)), &fy);
        }
        assert_eq!((x, y), (fx, fy));
    }
}
