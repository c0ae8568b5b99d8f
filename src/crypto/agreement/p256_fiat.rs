//! Constant-time scalar multiplication on NIST P-256 over fiat-crypto's formally verified
//! Montgomery field arithmetic (negation, selection, conversions) and this crate's
//! multiplication, squaring, addition and subtraction specialised to the P-256 prime ([`super::p256_field`], tested
//! against fiat-crypto's): the hot path of PACE and chip authentication on the curve most
//! documents use. Complete projective formulas for a = −3 (Renes, Costello, Batina, "Complete
//! addition formulas for prime order elliptic curves", 2016, Algorithms 4 and 6), signed
//! radix-16 digits, and table lookups that read every entry.
//!
//! No branch and no memory address depends on the scalar. The base point is public and has
//! been checked to lie on the curve by the caller ([`super::ec`]).

use super::p256_field;
use crate::crypto::curves::NamedCurve;
use fiat_crypto::p256_64::{
    fiat_p256_from_bytes, fiat_p256_from_montgomery,
    fiat_p256_montgomery_domain_field_element as Mont,
    fiat_p256_non_montgomery_domain_field_element as Plain, fiat_p256_nonzero, fiat_p256_opp,
    fiat_p256_selectznz, fiat_p256_set_one, fiat_p256_to_bytes, fiat_p256_to_montgomery,
};
use std::sync::OnceLock;
use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroizing;

/// Bytes of a field element or scalar.
const LEN: usize = 32;
/// Signed radix-16 digits of a scalar below 2²⁵⁶: 64 nibbles and the final carry.
const DIGITS: usize = 65;

/// A field element in the Montgomery domain.
#[derive(Clone, Copy)]
struct Fe(Mont);

impl Fe {
    const ZERO: Fe = Fe(Mont([0; 4]));

    fn one() -> Fe {
        let mut out = Mont([0; 4]);
        fiat_p256_set_one(&mut out);
        Fe(out)
    }

    /// A big-endian value below p.
    fn from_be(be: &[u8; LEN]) -> Fe {
        let mut le = *be;
        le.reverse();
        let mut limbs = [0u64; 4];
        fiat_p256_from_bytes(&mut limbs, &le);
        let mut out = Mont([0; 4]);
        fiat_p256_to_montgomery(&mut out, &Plain(limbs));
        Fe(out)
    }

    fn to_be(self) -> [u8; LEN] {
        let mut plain = Plain([0; 4]);
        fiat_p256_from_montgomery(&mut plain, &self.0);
        let mut out = [0u8; LEN];
        fiat_p256_to_bytes(&mut out, &plain.0);
        out.reverse();
        out
    }

    fn mul(&self, rhs: &Fe) -> Fe {
        Fe(Mont(p256_field::mul(&self.0.0, &rhs.0.0)))
    }

    fn square(&self) -> Fe {
        Fe(Mont(p256_field::square(&self.0.0)))
    }

    fn add(&self, rhs: &Fe) -> Fe {
        Fe(Mont(p256_field::add(&self.0.0, &rhs.0.0)))
    }

    fn sub(&self, rhs: &Fe) -> Fe {
        Fe(Mont(p256_field::sub(&self.0.0, &rhs.0.0)))
    }

    fn neg(&self) -> Fe {
        let mut out = Mont([0; 4]);
        fiat_p256_opp(&mut out, &self.0);
        Fe(out)
    }

    /// `b` when `choice` is set, else `a`.
    fn select(a: &Fe, b: &Fe, choice: Choice) -> Fe {
        let mut out = [0u64; 4];
        fiat_p256_selectznz(&mut out, choice.unwrap_u8(), &a.0.0, &b.0.0);
        Fe(Mont(out))
    }

    fn is_zero(&self) -> bool {
        self.is_zero_ct().into()
    }

    fn is_zero_ct(&self) -> Choice {
        let mut nz = 0u64;
        fiat_p256_nonzero(&mut nz, &self.0.0);
        nz.ct_eq(&0)
    }
}

/// A point (X : Y : Z) in homogeneous projective coordinates; Z = 0 is the identity.
#[derive(Clone, Copy)]
struct Point {
    x: Fe,
    y: Fe,
    z: Fe,
}

/// The curve's constants, in the Montgomery domain.
struct Curve {
    b: Fe,
    /// `j`·16ⁱ·G for window i and j = 0..=8 (see [`mul_generator_add`]).
    generator_table: Vec<[Point; 9]>,
}

impl Point {
    fn identity() -> Point {
        Point {
            x: Fe::ZERO,
            y: Fe::one(),
            z: Fe::ZERO,
        }
    }

    /// Complete addition for a = −3: correct for every pair, the identity and doubling
    /// included (Renes–Costello–Batina, Algorithm 4).
    fn add(&self, q: &Point, b: &Fe) -> Point {
        let (x1, y1, z1) = (&self.x, &self.y, &self.z);
        let (x2, y2, z2) = (&q.x, &q.y, &q.z);
        let mut t0 = x1.mul(x2);
        let mut t1 = y1.mul(y2);
        let mut t2 = z1.mul(z2);
        let mut t3 = x1.add(y1);
        let mut t4 = x2.add(y2);
        t3 = t3.mul(&t4);
        t4 = t0.add(&t1);
        t3 = t3.sub(&t4);
        t4 = y1.add(z1);
        let mut x3 = y2.add(z2);
        t4 = t4.mul(&x3);
        x3 = t1.add(&t2);
        t4 = t4.sub(&x3);
        x3 = x1.add(z1);
        let mut y3 = x2.add(z2);
        x3 = x3.mul(&y3);
        y3 = t0.add(&t2);
        y3 = x3.sub(&y3);
        let mut z3 = b.mul(&t2);
        x3 = y3.sub(&z3);
        z3 = x3.add(&x3);
        x3 = x3.add(&z3);
        z3 = t1.sub(&x3);
        x3 = t1.add(&x3);
        y3 = b.mul(&y3);
        t1 = t2.add(&t2);
        t2 = t1.add(&t2);
        y3 = y3.sub(&t2);
        y3 = y3.sub(&t0);
        t1 = y3.add(&y3);
        y3 = t1.add(&y3);
        t1 = t0.add(&t0);
        t0 = t1.add(&t0);
        t0 = t0.sub(&t2);
        t1 = t4.mul(&y3);
        t2 = t0.mul(&y3);
        y3 = x3.mul(&z3);
        y3 = y3.add(&t2);
        x3 = t3.mul(&x3);
        x3 = x3.sub(&t1);
        z3 = t4.mul(&z3);
        t1 = t3.mul(&t0);
        z3 = z3.add(&t1);
        Point {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// Doubling for a = −3, complete (Renes–Costello–Batina, Algorithm 6).
    fn double(&self, b: &Fe) -> Point {
        let (x, y, z) = (&self.x, &self.y, &self.z);
        let mut t0 = x.square();
        let t1 = y.square();
        let mut t2 = z.square();
        let mut t3 = x.mul(y);
        t3 = t3.add(&t3);
        let mut z3 = x.mul(z);
        z3 = z3.add(&z3);
        let mut y3 = b.mul(&t2);
        y3 = y3.sub(&z3);
        let mut x3 = y3.add(&y3);
        y3 = x3.add(&y3);
        x3 = t1.sub(&y3);
        y3 = t1.add(&y3);
        y3 = x3.mul(&y3);
        x3 = x3.mul(&t3);
        t3 = t2.add(&t2);
        t2 = t2.add(&t3);
        z3 = b.mul(&z3);
        z3 = z3.sub(&t2);
        z3 = z3.sub(&t0);
        t3 = z3.add(&z3);
        z3 = z3.add(&t3);
        t3 = t0.add(&t0);
        t0 = t3.add(&t0);
        t0 = t0.sub(&t2);
        t0 = t0.mul(&z3);
        y3 = y3.add(&t0);
        t0 = y.mul(z);
        t0 = t0.add(&t0);
        z3 = t0.mul(&z3);
        x3 = x3.sub(&z3);
        z3 = t0.mul(&t1);
        z3 = z3.add(&z3);
        z3 = z3.add(&z3);
        Point {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// The same point in Jacobian coordinates: (X : Y : Z) is (X·Z : Y·Z² : Z).
    #[cfg(test)]
    fn to_jacobian(self) -> Jacobian {
        Jacobian {
            x: self.x.mul(&self.z),
            y: self.y.mul(&self.z.square()),
            z: self.z,
        }
    }

    /// Four doublings, `16`·P, in Jacobian coordinates (see [`Jacobian::double`]).
    #[cfg(test)]
    fn double_four_times(&self) -> Point {
        self.to_jacobian()
            .double()
            .double()
            .double()
            .double()
            .to_point()
    }

    fn negate_if(&self, choice: Choice) -> Point {
        Point {
            x: self.x,
            y: Fe::select(&self.y, &self.y.neg(), choice),
            z: self.z,
        }
    }

    /// An uncompressed SEC1 point; the caller has checked it is on the curve.
    fn decode(bytes: &[u8]) -> Option<Point> {
        if bytes.len() != 1 + 2 * LEN || bytes.first() != Some(&4) {
            return None;
        }
        let x: &[u8; LEN] = bytes.get(1..1 + LEN)?.try_into().ok()?;
        let y: &[u8; LEN] = bytes.get(1 + LEN..)?.try_into().ok()?;
        Some(Point {
            x: Fe::from_be(x),
            y: Fe::from_be(y),
            z: Fe::one(),
        })
    }

    /// The uncompressed SEC1 encoding; `None` for the identity.
    fn encode(&self) -> Option<Vec<u8>> {
        if self.z.is_zero() {
            return None;
        }
        let z_inv = invert(&self.z);
        let mut out = Vec::with_capacity(1 + 2 * LEN);
        out.push(4);
        out.extend_from_slice(&self.x.mul(&z_inv).to_be());
        out.extend_from_slice(&self.y.mul(&z_inv).to_be());
        Some(out)
    }
}

/// A point (X : Y : Z) in Jacobian coordinates, x = X/Z² and y = Y/Z³; Z = 0 is the identity.
/// Used for the doublings and mixed additions of the variable-base loop.
#[derive(Clone, Copy)]
struct Jacobian {
    x: Fe,
    y: Fe,
    z: Fe,
}

/// An affine point (x, y), never the identity.
#[derive(Clone, Copy)]
struct Affine {
    x: Fe,
    y: Fe,
}

impl Jacobian {
    /// `a`, or the identity when `identity` is set.
    fn from_affine(a: &Affine, identity: Choice) -> Jacobian {
        Jacobian {
            x: a.x,
            y: a.y,
            z: Fe::select(&Fe::one(), &Fe::ZERO, identity),
        }
    }

    /// `b` when `choice` is set, else `a`.
    fn select(a: &Jacobian, b: &Jacobian, choice: Choice) -> Jacobian {
        Jacobian {
            x: Fe::select(&a.x, &b.x, choice),
            y: Fe::select(&a.y, &b.y, choice),
            z: Fe::select(&a.z, &b.z, choice),
        }
    }

    /// Doubling for a = −3 in 3M + 5S ("dbl-2001-b", Bernstein–Lange Explicit-Formulas
    /// Database) instead of the complete formula's 10M + 3S. Doubling has no exceptional case
    /// on a prime-order curve: no point has y = 0, and Z = 0 (the identity) stays 0.
    fn double(&self) -> Jacobian {
        let (x, y, z) = (&self.x, &self.y, &self.z);
        let delta = z.square();
        let gamma = y.square();
        let beta = x.mul(&gamma);
        let t = x.sub(&delta).mul(&x.add(&delta));
        let alpha = t.add(&t).add(&t);
        let beta4 = beta.add(&beta);
        let beta4 = beta4.add(&beta4);
        let x3 = alpha.square().sub(&beta4.add(&beta4));
        let z3 = y.add(z).square().sub(&gamma).sub(&delta);
        let gamma2 = gamma.square();
        let gamma8 = gamma2.add(&gamma2);
        let gamma8 = gamma8.add(&gamma8);
        let gamma8 = gamma8.add(&gamma8);
        Jacobian {
            x: x3,
            y: alpha.mul(&beta4.sub(&x3)).sub(&gamma8),
            z: z3,
        }
    }

    /// `self` + `q` in 7M + 4S ("madd-2007-bl"). Not complete: wrong when `self` is the
    /// identity, ±`q`; [`mul`] only calls it where neither can happen, or selects past it.
    fn add_affine(&self, q: &Affine) -> Jacobian {
        let (x1, y1, z1) = (&self.x, &self.y, &self.z);
        let z1z1 = z1.square();
        let u2 = q.x.mul(&z1z1);
        let s2 = q.y.mul(z1).mul(&z1z1);
        let h = u2.sub(x1);
        let hh = h.square();
        let i = hh.add(&hh);
        let i = i.add(&i);
        let j = h.mul(&i);
        let r = s2.sub(y1);
        let r = r.add(&r);
        let v = x1.mul(&i);
        let x3 = r.square().sub(&j).sub(&v.add(&v));
        let y1j = y1.mul(&j);
        let y3 = r.mul(&v.sub(&x3)).sub(&y1j.add(&y1j));
        let z3 = z1.add(&h).square().sub(&z1z1).sub(&hh);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// The same point in homogeneous coordinates, (X·Z : Y : Z³); the identity becomes
    /// (0 : 1 : 0).
    fn to_point(self) -> Point {
        let is_identity = self.z.is_zero_ct();
        Point {
            x: self.x.mul(&self.z),
            y: Fe::select(&self.y, &Fe::one(), is_identity),
            z: self.z.square().mul(&self.z),
        }
    }
}

/// `j`·P for j = 1..=8 in affine coordinates: the multiples with the complete formulas, then
/// one inversion for all eight (Montgomery's trick). P must not be the identity.
fn affine_multiples(p: &Point, b: &Fe) -> [Affine; 8] {
    let table = multiples(p, b);
    let entries = &table[1..];
    // prefix[j] = z₁·…·z_{j+1}
    let mut prefix = [Fe::one(); 8];
    let mut acc = Fe::one();
    for (pre, e) in prefix.iter_mut().zip(entries) {
        acc = acc.mul(&e.z);
        *pre = acc;
    }
    let mut inv = invert(&acc);
    let mut out = [Affine {
        x: Fe::ZERO,
        y: Fe::ZERO,
    }; 8];
    for j in (0..8).rev() {
        let z_inv = if j == 0 { inv } else { inv.mul(&prefix[j - 1]) };
        inv = inv.mul(&entries[j].z);
        out[j] = Affine {
            x: entries[j].x.mul(&z_inv),
            y: entries[j].y.mul(&z_inv),
        };
    }
    out
}

/// The entry `|digit|` of `table` (1..=8), negated when `digit` < 0, and whether `digit` is
/// 0 (then the entry is meaningless); every entry is read.
fn lookup_affine(table: &[Affine; 8], digit: i8) -> (Affine, Choice) {
    let (sign, magnitude) = sign_and_magnitude(digit);
    let mut out = table[0];
    for (j, entry) in (1u8..).zip(table.iter()) {
        let hit = magnitude.ct_eq(&j);
        out = Affine {
            x: Fe::select(&out.x, &entry.x, hit),
            y: Fe::select(&out.y, &entry.y, hit),
        };
    }
    out.y = Fe::select(&out.y, &out.y.neg(), sign);
    (out, magnitude.ct_eq(&0))
}

/// `x`^(2ⁿ).
fn square_n(x: &Fe, n: usize) -> Fe {
    let mut acc = *x;
    for _ in 0..n {
        acc = acc.square();
    }
    acc
}

/// `x`⁻¹ = `x`^(p − 2) by Fermat's little theorem, with an addition chain over the public
/// exponent p − 2 = 2²⁵⁶ − 2²²⁴ + 2¹⁹² + 2⁹⁶ − 3 (255 squarings, 12 multiplications); 0 gives 0.
fn invert(x: &Fe) -> Fe {
    // x_k = x^(2^k − 1): a run of k one bits.
    let x2 = x.square().mul(x);
    let x3 = x2.square().mul(x);
    let x6 = square_n(&x3, 3).mul(&x3);
    let x12 = square_n(&x6, 6).mul(&x6);
    let x15 = square_n(&x12, 3).mul(&x3);
    let x30 = square_n(&x15, 15).mul(&x15);
    let x32 = square_n(&x30, 2).mul(&x2);
    // p − 2 from the top: 32 ones, 31 zeros and a one, 96 zeros, 94 ones, a zero and a one.
    let mut acc = square_n(&x32, 32).mul(x);
    acc = square_n(&acc, 96);
    acc = square_n(&acc, 32).mul(&x32);
    acc = square_n(&acc, 32).mul(&x32);
    acc = square_n(&acc, 30).mul(&x30);
    square_n(&acc, 2).mul(x)
}

/// Whether a signed digit is negative, and its absolute value, without a branch.
fn sign_and_magnitude(digit: i8) -> (Choice, u8) {
    let mask = digit >> 7;
    (
        Choice::from(mask as u8 & 1),
        (digit ^ mask).wrapping_sub(mask) as u8,
    )
}

/// The entry `|digit|` of `table` (0..=8), negated when `digit` < 0; every entry is read.
fn lookup(table: &[Point; 9], digit: i8) -> Point {
    let (sign, magnitude) = sign_and_magnitude(digit);
    let mut out = Point::identity();
    for (j, entry) in (0u8..).zip(table.iter()) {
        let hit = magnitude.ct_eq(&j);
        out = Point {
            x: Fe::select(&out.x, &entry.x, hit),
            y: Fe::select(&out.y, &entry.y, hit),
            z: Fe::select(&out.z, &entry.z, hit),
        };
    }
    out.negate_if(sign)
}

/// Signed radix-16 digits in −8..=8 of a big-endian scalar, least significant first:
/// k = Σ dᵢ·16ⁱ. Arithmetic only, no branch on the scalar.
fn recode(k: &[u8; LEN]) -> Zeroizing<[i8; DIGITS]> {
    let mut digits = Zeroizing::new([0i8; DIGITS]);
    let mut carry = 0u8;
    for (i, d) in digits.iter_mut().take(DIGITS - 1).enumerate() {
        let byte = k.get(LEN - 1 - i / 2).copied().unwrap_or(0);
        let nibble = (byte >> (4 * (i % 2))) & 0x0F;
        let v = nibble + carry;
        carry = (v + 8) >> 4;
        *d = v.wrapping_sub(carry << 4) as i8;
    }
    if let Some(last) = digits.last_mut() {
        *last = carry as i8;
    }
    digits
}

/// `j`·P for j = 0..=8.
fn multiples(p: &Point, b: &Fe) -> [Point; 9] {
    let mut table = [Point::identity(); 9];
    table[1] = *p;
    for j in 2..9 {
        table[j] = table[j - 1].add(p, b);
    }
    table
}

fn curve() -> &'static Curve {
    static CURVE: OnceLock<Curve> = OnceLock::new();
    CURVE.get_or_init(|| {
        let params = NamedCurve::P256.params();
        let fe = |hex: &str| {
            let bytes = super::unhex(hex);
            let mut be = [0u8; LEN];
            let start = LEN.saturating_sub(bytes.len());
            if let Some(dst) = be.get_mut(start..) {
                dst.copy_from_slice(bytes.get(bytes.len().saturating_sub(LEN)..).unwrap_or(&[]));
            }
            be
        };
        let b = Fe::from_be(&fe(params.b));
        let generator = Point {
            x: Fe::from_be(&fe(params.gx)),
            y: Fe::from_be(&fe(params.gy)),
            z: Fe::one(),
        };
        let mut generator_table = Vec::with_capacity(DIGITS);
        let mut base = generator;
        for _ in 0..DIGITS {
            generator_table.push(multiples(&base, &b));
            for _ in 0..4 {
                base = base.double(&b);
            }
        }
        Curve { b, generator_table }
    })
}

/// `k`·P for an uncompressed point P on P-256 and a big-endian scalar `k` below the order;
/// `None` when P is malformed or the result is the identity.
pub(crate) fn mul(point: &[u8], k: &[u8; LEN]) -> Option<Vec<u8>> {
    let c = curve();
    let p = Point::decode(point)?;
    let table = affine_multiples(&p, &c.b);
    let digits = recode(k);
    let (top, zero) = lookup_affine(&table, digits[DIGITS - 1]);
    let mut acc = Jacobian::from_affine(&top, zero);
    // Windows 63..1 with the cheaper incomplete addition. Before adding dᵢ the accumulator is
    // 16a·P with a the value of the higher digits; for i ≥ 1, 16 ≤ |16a| < n/2 when a ≠ 0 and
    // |dᵢ| ≤ 8, so 16a·P is never ±dᵢ·P: the only special cases are a = 0 (the identity) and
    // dᵢ = 0, both resolved by constant-time selection.
    for &d in digits.iter().take(DIGITS - 1).skip(1).rev() {
        acc = acc.double().double().double().double();
        let (t, zero) = lookup_affine(&table, d);
        let sum = acc.add_affine(&t);
        let fresh = Jacobian::select(
            &sum,
            &Jacobian::from_affine(&t, Choice::from(0)),
            acc.z.is_zero_ct(),
        );
        acc = Jacobian::select(&fresh, &acc, zero);
    }
    // The last digit can meet 16a ≡ ±d₀ (mod n) (k = n − 2 does): the complete formula.
    let acc = acc.double().double().double().double().to_point();
    let (t, zero) = lookup_affine(&table, digits[0]);
    let last = Point {
        x: Fe::select(&t.x, &Fe::ZERO, zero),
        y: Fe::select(&t.y, &Fe::one(), zero),
        z: Fe::select(&Fe::one(), &Fe::ZERO, zero),
    };
    acc.add(&last, &c.b).encode()
}

/// `k`·G, plus the uncompressed point `add` when given (PACE's Generic Mapping s·G + H), from
/// a table of the generator's multiples: one lookup and one addition per digit, no doubling.
pub(crate) fn mul_generator_add(k: &[u8; LEN], add: Option<&[u8]>) -> Option<Vec<u8>> {
    let c = curve();
    let digits = recode(k);
    let mut acc = match add {
        Some(bytes) => Point::decode(bytes)?,
        None => Point::identity(),
    };
    for (table, &d) in c.generator_table.iter().zip(digits.iter()) {
        acc = acc.add(&lookup(table, d), &c.b);
    }
    acc.encode()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recoding_gives_back_the_scalar() {
        for k in [[0u8; LEN], [0xFF; LEN], [0x88; LEN], [0x77; LEN], {
            let mut k = [0u8; LEN];
            k[0] = 0x80;
            k
        }] {
            let digits = recode(&k);
            assert!(digits.iter().all(|d| (-8..=8).contains(d)));
            // Rebuild k from the digits, most significant first, in i32 nibbles with borrow.
            let mut value = vec![0i64; LEN + 1];
            for (i, &d) in digits.iter().enumerate() {
                let (byte, shift) = (i / 2, 4 * (i % 2));
                value[byte] += i64::from(d) << shift;
            }
            for i in 0..LEN {
                let carry = value[i].div_euclid(256);
                value[i] = value[i].rem_euclid(256);
                value[i + 1] += carry;
            }
            assert_eq!(value[LEN], 0);
            let rebuilt: Vec<u8> = value[..LEN].iter().rev().map(|&v| v as u8).collect();
            assert_eq!(rebuilt, k);
        }
    }

    #[test]
    fn inversion_gives_the_inverse() {
        let one = Fe::one();
        let mut x = Fe::from_be(&[0x5A; LEN]);
        for _ in 0..20 {
            assert_eq!(x.mul(&invert(&x)).to_be(), one.to_be());
            x = x.square().add(&one);
        }
        // p − 1 = −1 is its own inverse; 0 maps to 0.
        let minus_one = one.neg();
        assert_eq!(invert(&minus_one).to_be(), minus_one.to_be());
        assert!(invert(&Fe::ZERO).is_zero());
    }

    #[test]
    fn jacobian_doublings_equal_four_complete_doublings() {
        let c = curve();
        let mut points = vec![Point::identity()];
        for table in c.generator_table.iter().take(5) {
            points.extend_from_slice(&table[1..]);
        }
        for p in points {
            let mut four = p;
            for _ in 0..4 {
                four = four.double(&c.b);
            }
            assert_eq!(
                p.double_four_times().encode(),
                four.encode(),
                "16·P differs"
            );
        }
        // The identity stays a valid identity: adding it changes nothing.
        let g = &c.generator_table[0][1];
        let sum = Point::identity().double_four_times().add(g, &c.b);
        assert_eq!(sum.encode(), g.encode());
    }

    #[test]
    fn the_generator_round_trips_and_the_identity_does_not_encode() {
        let c = curve();
        let g = c.generator_table[0][1].encode().unwrap();
        assert_eq!(Point::decode(&g).unwrap().encode().unwrap(), g);
        assert!(Point::identity().encode().is_none());
        // 0·G is the identity.
        assert!(mul_generator_add(&[0; LEN], None).is_none());
        assert!(mul(&g, &[0; LEN]).is_none());
        assert!(mul(&g[..64], &[1; LEN]).is_none());
    }
}
