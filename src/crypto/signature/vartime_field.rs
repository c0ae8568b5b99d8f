//! Montgomery arithmetic modulo a curve's field prime on N 64-bit limbs, fully inlined, for
//! the point arithmetic of ECDSA verification ([`super::ecdsa_vartime`]).
//!
//! VARIABLE TIME: reductions branch on the values. Every value here comes from public data
//! (the public key, the signature, the digest, the curve). Never use this for secrets — PACE,
//! chip authentication and signing keep to the constant-time fields of the curve crates.

use std::marker::PhantomData;
use std::ops::{Add, Mul, Neg, Sub};

/// A field prime p < 2^(64·N), odd, given as little-endian limbs at compile time.
pub(super) trait Modulus<const N: usize>: 'static + Copy + Send + Sync {
    /// p, little-endian 64-bit limbs.
    const P: [u64; N];
}

/// The little-endian limbs of a big-endian hex string (no prefix; leading digits beyond N
/// limbs must be zero — a compile-time error otherwise).
pub(super) const fn limbs_from_hex<const N: usize>(hex: &str) -> [u64; N] {
    let bytes = hex.as_bytes();
    let mut limbs = [0u64; N];
    let mut i = 0;
    while i < bytes.len() {
        // The digit at position i from the right.
        let c = bytes[bytes.len() - 1 - i];
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("not a hex digit"),
        } as u64;
        if i / 16 < N {
            limbs[i / 16] |= d << (4 * (i % 16));
        } else if d != 0 {
            panic!("modulus wider than N limbs");
        }
        i += 1;
    }
    limbs
}

/// x ≥ y for little-endian limbs.
const fn geq<const N: usize>(x: &[u64; N], y: &[u64; N]) -> bool {
    let mut i = N;
    while i > 0 {
        i -= 1;
        if x[i] != y[i] {
            return x[i] > y[i];
        }
    }
    true
}

/// x − y (wrapping) for little-endian limbs.
#[inline(always)]
const fn sub_limbs<const N: usize>(x: &[u64; N], y: &[u64; N]) -> ([u64; N], bool) {
    let mut out = [0u64; N];
    let mut borrow = false;
    let mut i = 0;
    while i < N {
        let (d, b1) = x[i].overflowing_sub(y[i]);
        let (d, b2) = d.overflowing_sub(borrow as u64);
        out[i] = d;
        borrow = b1 | b2;
        i += 1;
    }
    (out, borrow)
}

/// x + y with the carry out of the top limb.
#[inline(always)]
const fn add_limbs<const N: usize>(x: &[u64; N], y: &[u64; N]) -> ([u64; N], bool) {
    let mut out = [0u64; N];
    let mut carry = false;
    let mut i = 0;
    while i < N {
        let (s, c1) = x[i].overflowing_add(y[i]);
        let (s, c2) = s.overflowing_add(carry as u64);
        out[i] = s;
        carry = c1 | c2;
        i += 1;
    }
    (out, carry)
}

/// 2^k mod p for k ≥ bits(p) − 1, by doubling (compile time only).
const fn pow2_mod<const N: usize>(p: &[u64; N], k: usize) -> [u64; N] {
    // Start at the highest power of two below p: 2^(bits(p) − 1).
    let mut top = N - 1;
    while p[top] == 0 {
        top -= 1;
    }
    let bits = 64 * top + (64 - p[top].leading_zeros() as usize);
    let mut x = [0u64; N];
    x[(bits - 1) / 64] = 1 << ((bits - 1) % 64);
    let mut e = bits - 1;
    while e < k {
        let (d, carry) = add_limbs(&x, &x);
        x = if carry || geq(&d, p) {
            sub_limbs(&d, p).0
        } else {
            d
        };
        e += 1;
    }
    x
}

/// An element of GF(p) in Montgomery form x·R mod p, R = 2^(64·N), fully reduced.
pub(super) struct Fe<M, const N: usize>([u64; N], PhantomData<M>);

impl<M, const N: usize> Clone for Fe<M, N> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M, const N: usize> Copy for Fe<M, N> {}

impl<M, const N: usize> PartialEq for Fe<M, N> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<M, const N: usize> Eq for Fe<M, N> {}

impl<M: Modulus<N>, const N: usize> std::fmt::Debug for Fe<M, N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Fe({:x?})", self.0)
    }
}

impl<M: Modulus<N>, const N: usize> Fe<M, N> {
    /// −p⁻¹ mod 2⁶⁴ (Newton iteration: each step doubles the correct low bits).
    const N0: u64 = {
        let p0 = M::P[0];
        let mut inv = 1u64;
        let mut i = 0;
        while i < 6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(p0.wrapping_mul(inv)));
            i += 1;
        }
        inv.wrapping_neg()
    };
    /// R² mod p: brings a value into Montgomery form.
    const R2: [u64; N] = pow2_mod(&M::P, 128 * N);
    /// a·b·R⁻¹ mod p (CIOS, Koç–Acar–Kaliski 1996) for a, b < p.
    #[inline(always)]
    fn mont_mul(a: &[u64; N], b: &[u64; N]) -> [u64; N] {
        let p = &M::P;
        let mut t = [0u64; N];
        let mut t_hi = 0u64;
        for &ai in a {
            let mut carry = 0u64;
            for (tj, &bj) in t.iter_mut().zip(b) {
                let uv = u128::from(*tj) + u128::from(ai) * u128::from(bj) + u128::from(carry);
                *tj = uv as u64;
                carry = (uv >> 64) as u64;
            }
            let uv = u128::from(t_hi) + u128::from(carry);
            let (hi0, hi1) = (uv as u64, (uv >> 64) as u64);
            // t = (t + m·p) / 2⁶⁴ with m chosen so the low word vanishes.
            let m = t[0].wrapping_mul(Self::N0);
            let uv = u128::from(t[0]) + u128::from(m) * u128::from(p[0]);
            let mut carry = (uv >> 64) as u64;
            for j in 1..N {
                let uv = u128::from(t[j]) + u128::from(m) * u128::from(p[j]) + u128::from(carry);
                t[j - 1] = uv as u64;
                carry = (uv >> 64) as u64;
            }
            let uv = u128::from(hi0) + u128::from(carry);
            t[N - 1] = uv as u64;
            t_hi = hi1 + (uv >> 64) as u64;
        }
        if t_hi != 0 || geq(&t, p) {
            sub_limbs(&t, p).0
        } else {
            t
        }
    }
}

/// The field operations the point arithmetic needs.
pub(super) trait VtField:
    Copy
    + PartialEq
    + std::fmt::Debug
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Neg<Output = Self>
    + Send
    + Sync
    + 'static
{
    /// Zero.
    const ZERO: Self;
    /// One.
    const ONE: Self;
    /// The square.
    fn square(&self) -> Self;
    /// 2·self.
    fn double(&self) -> Self;
    /// Whether this is zero.
    fn is_zero(&self) -> bool;
    /// The element for a big-endian integer (leading zero bytes allowed), `None` unless it is
    /// below p.
    fn from_be_bytes(bytes: &[u8]) -> Option<Self>;
    /// The small integer `v` (below p).
    fn from_u64(v: u64) -> Self;
    /// The value as a big-endian integer, right-aligned in `out` (which must hold it).
    #[cfg(test)]
    fn write_be_bytes(&self, out: &mut [u8]);
    /// The inverse, `None` for zero.
    fn invert(&self) -> Option<Self>;
}

impl<M: Modulus<N>, const N: usize> VtField for Fe<M, N> {
    /// Zero.
    const ZERO: Self = Self([0; N], PhantomData);
    /// One (R mod p).
    const ONE: Self = Self(pow2_mod(&M::P, 64 * N), PhantomData);

    /// The square.
    #[inline(always)]
    fn square(&self) -> Self {
        Self(Self::mont_mul(&self.0, &self.0), PhantomData)
    }

    /// 2·self.
    #[inline(always)]
    fn double(&self) -> Self {
        *self + *self
    }

    /// Whether this is zero.
    #[inline(always)]
    fn is_zero(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }

    /// The element for a big-endian integer (leading zero bytes allowed), `None` unless it is
    /// below p.
    fn from_be_bytes(bytes: &[u8]) -> Option<Self> {
        let lead = bytes.iter().take_while(|&&b| b == 0).count();
        let bytes = bytes.get(lead..)?;
        if bytes.len() > 8 * N {
            return None;
        }
        let mut limbs = [0u64; N];
        for (limb, chunk) in limbs.iter_mut().zip(bytes.rchunks(8)) {
            *limb = chunk.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        }
        if geq(&limbs, &M::P) {
            return None;
        }
        Some(Self(Self::mont_mul(&limbs, &Self::R2), PhantomData))
    }

    /// The small integer `v` (below p).
    fn from_u64(v: u64) -> Self {
        let mut limbs = [0u64; N];
        limbs[0] = v;
        Self(Self::mont_mul(&limbs, &Self::R2), PhantomData)
    }

    /// The value as a big-endian integer, right-aligned in `out` (which must hold it).
    #[cfg(test)]
    fn write_be_bytes(&self, out: &mut [u8]) {
        let mut one = [0u64; N];
        one[0] = 1;
        let plain = Self::mont_mul(&self.0, &one);
        out.fill(0);
        let bytes = plain.iter().flat_map(|w| w.to_le_bytes());
        for (dst, b) in out.iter_mut().rev().zip(bytes) {
            *dst = b;
        }
    }

    /// The inverse (Fermat: self^(p−2)), `None` for zero.
    fn invert(&self) -> Option<Self> {
        if self.is_zero() {
            return None;
        }
        let (e, _) = sub_limbs(&M::P, &{
            let mut two = [0u64; N];
            two[0] = 2;
            two
        });
        let mut acc = Self::ONE;
        for limb in e.iter().rev() {
            for bit in (0..64).rev() {
                acc = acc.square();
                if (limb >> bit) & 1 == 1 {
                    acc = acc * *self;
                }
            }
        }
        Some(acc)
    }
}

impl<M: Modulus<N>, const N: usize> Add for Fe<M, N> {
    type Output = Self;
    #[inline(always)]
    fn add(self, rhs: Self) -> Self {
        let (s, carry) = add_limbs(&self.0, &rhs.0);
        Self(
            if carry || geq(&s, &M::P) {
                sub_limbs(&s, &M::P).0
            } else {
                s
            },
            PhantomData,
        )
    }
}

impl<M: Modulus<N>, const N: usize> Sub for Fe<M, N> {
    type Output = Self;
    #[inline(always)]
    fn sub(self, rhs: Self) -> Self {
        let (d, borrow) = sub_limbs(&self.0, &rhs.0);
        Self(if borrow { add_limbs(&d, &M::P).0 } else { d }, PhantomData)
    }
}

impl<M: Modulus<N>, const N: usize> Neg for Fe<M, N> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        Self::ZERO - self
    }
}

impl<M: Modulus<N>, const N: usize> Mul for Fe<M, N> {
    type Output = Self;
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        Self(Self::mont_mul(&self.0, &rhs.0), PhantomData)
    }
}
