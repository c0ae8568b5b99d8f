//! ECDSA verification's double scalar multiplication u1·G + u2·Q in variable time, with
//! Jacobian coordinates and interleaved wNAFs, for every curve with `primeorder` arithmetic.
//!
//! VARIABLE TIME: branches, table indices and loop lengths depend on u1, u2 and Q. In ECDSA
//! verification all of them are public (derived from the public key, the signature and the
//! message digest). Never use this for a secret scalar — PACE, chip authentication and
//! signing keep to the constant-time arithmetic of the curve crates.
//!
//! u1·G uses a width-8 NAF over 64 affine odd multiples of G, built once per curve (mixed
//! Jacobian + affine additions); u2·Q a width-5 NAF over 8 Jacobian odd multiples of Q. The
//! result is compared with r without leaving Jacobian coordinates (no field inversion). The
//! field arithmetic is [`super::vartime_field`]'s (inlined Montgomery multiplication), the
//! curve crates supplying only the constants.

use super::vartime_field::{Fe, Modulus, VtField, limbs_from_hex};
use elliptic_curve::ff::{Field, PrimeField};
use elliptic_curve::point::AffineCoordinates;
use elliptic_curve::{FieldBytes, Scalar};
use primeorder::{AffinePoint, PrimeCurveParams};
use std::sync::OnceLock;

/// Width of u2's NAF: odd digits in (−2⁴, 2⁴), a table of 8 points of Q per verification.
const Q_WINDOW: u32 = 5;
const Q_TABLE: usize = 1 << (Q_WINDOW - 2);
/// Width of u1's NAF: odd digits in (−2⁷, 2⁷), a table of 64 affine points of G per curve.
const G_WINDOW: u32 = 8;
const G_TABLE: usize = 1 << (G_WINDOW - 2);

/// A point (X : Y : Z) standing for (X/Z², Y/Z³); Z = 0 is the point at infinity.
#[derive(Clone, Copy)]
pub(super) struct Jacobian<F> {
    x: F,
    y: F,
    z: F,
}

/// An affine point (never the point at infinity).
#[derive(Clone, Copy)]
struct Affine<F> {
    x: F,
    y: F,
}

/// What a curve needs beyond its parameters, computed once: G's table and the constants of the
/// x-coordinate comparison.
pub(super) struct CurveData<C: VartimeCurve> {
    /// G, 3G, 5G, …, (2·G_TABLE − 1)G.
    g_table: Vec<Affine<C::Field>>,
    /// The curve's `a`, and whether it is −3 (the NIST curves and none of the brainpool ones).
    a: C::Field,
    minus_three: bool,
    /// n as a field element and p − n (big-endian, field length) when n < p: an x-coordinate
    /// in [n, p) is r + n.
    wrap: Option<(C::Field, FieldBytes<C>)>,
}

/// A curve with its variable-time field and its [`CurveData`] in a static (one per curve,
/// built on first use).
pub(super) trait VartimeCurve: PrimeCurveParams {
    /// The field GF(p) of [`super::vartime_field`].
    type Field: VtField;
    /// The curve's data, built on first use.
    fn data() -> &'static CurveData<Self>;
}

macro_rules! vartime_curves {
    ($($curve:ty => $modulus:ident, $limbs:literal;)*) => {
        $(
            /// The field prime of the curve, from the curve crate's field modulus.
            #[derive(Clone, Copy, PartialEq, Eq, Debug)]
            pub(super) struct $modulus;

            impl Modulus<$limbs> for $modulus {
                const P: [u64; $limbs] = limbs_from_hex(
                    <<$curve as elliptic_curve::hazmat::FieldArithmetic>::FieldElement
                        as PrimeField>::MODULUS,
                );
            }

            impl VartimeCurve for $curve {
                type Field = Fe<$modulus, $limbs>;
                fn data() -> &'static CurveData<Self> {
                    static DATA: OnceLock<CurveData<$curve>> = OnceLock::new();
                    DATA.get_or_init(CurveData::<$curve>::new)
                }
            }
        )*
    };
}

vartime_curves! {
    p256::NistP256 => P256Modulus, 4;
    p384::NistP384 => P384Modulus, 6;
    p521::NistP521 => P521Modulus, 9;
    bp256::BrainpoolP256r1 => Bp256Modulus, 4;
    bp384::BrainpoolP384r1 => Bp384Modulus, 6;
    p224::NistP224 => P224Modulus, 4;
    crate::crypto::curves::p192::NistP192 => P192Modulus, 3;
    crate::crypto::curves::bp192::BrainpoolP192r1 => Bp192Modulus, 3;
    crate::crypto::curves::bp224::BrainpoolP224r1 => Bp224Modulus, 4;
    crate::crypto::curves::bp320::BrainpoolP320r1 => Bp320Modulus, 5;
    crate::crypto::curves::bp512::BrainpoolP512r1 => Bp512Modulus, 8;
}

/// Big-endian a − b for equal-length byte strings with a ≥ b.
fn sub_be(a: &[u8], b: &[u8], out: &mut [u8]) {
    let mut borrow = 0u16;
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b).rev() {
        let d = u16::from(x).wrapping_sub(u16::from(y) + borrow);
        *o = d as u8;
        borrow = d >> 15;
    }
}

/// Big-endian `x + 1` in place (wrapping).
fn increment_be(x: &mut [u8]) {
    for b in x.iter_mut().rev() {
        let (v, carry) = b.overflowing_add(1);
        *b = v;
        if !carry {
            break;
        }
    }
}

/// A field element of the curve crate in [`VartimeCurve::Field`] (both reduced mod p).
fn convert<C: VartimeCurve>(x: &C::FieldElement) -> C::Field {
    C::Field::from_be_bytes(&x.to_repr()).unwrap_or(C::Field::ZERO)
}

impl<C: VartimeCurve> CurveData<C> {
    fn new() -> Self {
        let a = convert::<C>(&C::EQUATION_A);
        let minus_three = (a + C::Field::from_u64(3)).is_zero();
        let (gx, gy) = C::GENERATOR;
        let g = Jacobian {
            x: convert::<C>(&gx),
            y: convert::<C>(&gy),
            z: C::Field::ONE,
        };
        let jacobian = odd_multiples::<_, G_TABLE>(&g, a, minus_three);
        let g_table = to_affine(&jacobian);
        // p and n from p − 1 and n − 1 (the field's and the scalars' −1).
        let mut p = (-C::FieldElement::ONE).to_repr();
        increment_be(p.as_mut());
        let mut n: FieldBytes<C> = (-Scalar::<C>::ONE).to_repr();
        increment_be(n.as_mut());
        let wrap = (n.as_slice() < p.as_slice()).then(|| {
            let mut p_minus_n = FieldBytes::<C>::default();
            sub_be(p.as_ref(), &n, &mut p_minus_n);
            C::Field::from_be_bytes(&n).map(|n| (n, p_minus_n))
        });
        Self {
            g_table,
            a,
            minus_three,
            wrap: wrap.flatten(),
        }
    }
}

impl<F: VtField> Jacobian<F> {
    const INFINITY: Self = Self {
        x: F::ONE,
        y: F::ONE,
        z: F::ZERO,
    };

    fn is_infinity(&self) -> bool {
        self.z.is_zero()
    }

    fn neg(&self) -> Self {
        Self {
            y: -self.y,
            ..*self
        }
    }

    /// 2P: dbl-2001-b (a = −3, 3M + 5S) or dbl-2007-bl (any a), explicit-formulas database.
    fn double(&self, a: F, minus_three: bool) -> Self {
        if self.is_infinity() || self.y.is_zero() {
            return Self::INFINITY;
        }
        let (x1, y1, z1) = (self.x, self.y, self.z);
        if minus_three {
            let delta = z1.square();
            let gamma = y1.square();
            let beta = x1 * gamma;
            let t = (x1 - delta) * (x1 + delta);
            let alpha = t.double() + t;
            let beta4 = beta.double().double();
            let x3 = alpha.square() - beta4.double();
            let z3 = (y1 + z1).square() - gamma - delta;
            let gamma_sq8 = gamma.square().double().double().double();
            let y3 = alpha * (beta4 - x3) - gamma_sq8;
            return Self {
                x: x3,
                y: y3,
                z: z3,
            };
        }
        let xx = x1.square();
        let yy = y1.square();
        let yyyy = yy.square();
        let zz = z1.square();
        let s = ((x1 + yy).square() - xx - yyyy).double();
        let m = xx.double() + xx + a * zz.square();
        let x3 = m.square() - s.double();
        let y3 = m * (s - x3) - yyyy.double().double().double();
        let z3 = (y1 + z1).square() - yy - zz;
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q for Jacobian Q: add-2007-bl (11M + 5S), with the doubling and inverse cases.
    fn add(&self, other: &Self, a: F, minus_three: bool) -> Self {
        if self.is_infinity() {
            return *other;
        }
        if other.is_infinity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = other.z.square();
        let u1 = self.x * z2z2;
        let u2 = other.x * z1z1;
        let s1 = self.y * other.z * z2z2;
        let s2 = other.y * self.z * z1z1;
        let h = u2 - u1;
        let r = s2 - s1;
        if h.is_zero() {
            return if r.is_zero() {
                self.double(a, minus_three)
            } else {
                Self::INFINITY
            };
        }
        let i = h.double().square();
        let j = h * i;
        let r = r.double();
        let v = u1 * i;
        let x3 = r.square() - j - v.double();
        let y3 = r * (v - x3) - (s1 * j).double();
        let z3 = ((self.z + other.z).square() - z1z1 - z2z2) * h;
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q for affine Q (Z = 1): madd-2004-hmv (8M + 3S), with the doubling and inverse
    /// cases.
    fn add_affine(&self, other: &Affine<F>, a: F, minus_three: bool) -> Self {
        if self.is_infinity() {
            return Self {
                x: other.x,
                y: other.y,
                z: F::ONE,
            };
        }
        let z1z1 = self.z.square();
        let u2 = other.x * z1z1;
        let s2 = other.y * self.z * z1z1;
        let h = u2 - self.x;
        let r = s2 - self.y;
        if h.is_zero() {
            return if r.is_zero() {
                self.double(a, minus_three)
            } else {
                Self::INFINITY
            };
        }
        let hh = h.square();
        let hhh = h * hh;
        let v = self.x * hh;
        let x3 = r.square() - hhh - v.double();
        let y3 = r * (v - x3) - self.y * hhh;
        let z3 = self.z * h;
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }
}

/// The width-`w` NAF of a big-endian integer, least significant digit first; digits are zero
/// or odd in (−2^(w−1), 2^(w−1)), w ≤ 8.
fn wnaf(be: &[u8], w: u32) -> Vec<i8> {
    // Little-endian 64-bit limbs with one spare limb for the carry of negative digits.
    let mut k: Vec<u64> = be
        .rchunks(8)
        .map(|c| c.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
        .collect();
    k.push(0);
    let window = 1u64 << w;
    let mut digits = Vec::with_capacity(be.len() * 8 + 1);
    while k.iter().any(|&w| w != 0) {
        let low = k.first().copied().unwrap_or(0);
        let mut digit = 0i64;
        if low & 1 == 1 {
            let m = (low & (window - 1)) as i64;
            digit = if m >= (window as i64) / 2 {
                m - window as i64
            } else {
                m
            };
            // k −= digit: subtract a small positive value or add a small one.
            if digit > 0 {
                let mut borrow = digit.unsigned_abs();
                for w in k.iter_mut() {
                    let (v, b) = w.overflowing_sub(borrow);
                    *w = v;
                    borrow = u64::from(b);
                    if borrow == 0 {
                        break;
                    }
                }
            } else {
                let mut carry = digit.unsigned_abs();
                for w in k.iter_mut() {
                    let (v, c) = w.overflowing_add(carry);
                    *w = v;
                    carry = u64::from(c);
                    if carry == 0 {
                        break;
                    }
                }
            }
        }
        digits.push(digit as i8);
        // k >>= 1, or by more over a run of zero bits (each one a zero digit).
        let zeros = if digit == 0 { 1 } else { w };
        digits.extend(std::iter::repeat_n(0, zeros as usize - 1));
        let mut carry = 0u64;
        for limb in k.iter_mut().rev() {
            let next = *limb & ((1u64 << zeros) - 1);
            *limb = (*limb >> zeros) | (carry << (64 - zeros));
            carry = next;
        }
    }
    while digits.last() == Some(&0) {
        digits.pop();
    }
    digits
}

/// P, 3P, 5P, …, (2N − 1)P.
fn odd_multiples<F: VtField, const N: usize>(
    p: &Jacobian<F>,
    a: F,
    minus_three: bool,
) -> [Jacobian<F>; N] {
    let twice = p.double(a, minus_three);
    let mut table = [*p; N];
    let mut current = *p;
    for slot in table.iter_mut().skip(1) {
        current = current.add(&twice, a, minus_three);
        *slot = current;
    }
    table
}

/// Jacobian points (none at infinity: the odd multiples of a point of prime order below the
/// order never are) to affine with one field inversion (Montgomery's trick).
fn to_affine<F: VtField>(points: &[Jacobian<F>]) -> Vec<Affine<F>> {
    // prefix[i] = z_0 ⋯ z_(i−1); then walk back with the inverse of the whole product.
    let mut prefix = Vec::with_capacity(points.len());
    let mut product = F::ONE;
    for p in points {
        prefix.push(product);
        product = product * p.z;
    }
    let mut inv = product.invert().unwrap_or(F::ZERO);
    let mut z_inv = vec![F::ZERO; points.len()];
    for ((slot, p), before) in z_inv.iter_mut().zip(points).zip(&prefix).rev() {
        *slot = inv * *before;
        inv = inv * p.z;
    }
    points
        .iter()
        .zip(z_inv)
        .map(|(p, zi)| {
            let zi2 = zi.square();
            Affine {
                x: p.x * zi2,
                y: p.y * zi2 * zi,
            }
        })
        .collect()
}

fn lookup<F: VtField>(table: &[Jacobian<F>], digit: i8) -> Option<Jacobian<F>> {
    let point = table.get(usize::from(digit.unsigned_abs() / 2))?;
    Some(if digit < 0 { point.neg() } else { *point })
}

fn lookup_affine<F: VtField>(table: &[Affine<F>], digit: i8) -> Option<Affine<F>> {
    let point = table.get(usize::from(digit.unsigned_abs() / 2))?;
    Some(if digit < 0 {
        Affine {
            x: point.x,
            y: -point.y,
        }
    } else {
        *point
    })
}

/// u1·G + u2·Q in Jacobian coordinates, or `None` for the point at infinity.
fn mul_add<C: VartimeCurve>(
    u1: &Scalar<C>,
    u2: &Scalar<C>,
    q: &AffinePoint<C>,
) -> Option<Jacobian<C::Field>> {
    let data = C::data();
    let (a, m3) = (data.a, data.minus_three);
    let (qx, qy) = (
        C::Field::from_be_bytes(&q.x())?,
        C::Field::from_be_bytes(&q.y())?,
    );
    let q = Jacobian {
        x: qx,
        y: qy,
        z: C::Field::ONE,
    };
    let q_table = odd_multiples::<_, Q_TABLE>(&q, a, m3);
    let d1 = wnaf(u1.to_repr().as_ref(), G_WINDOW);
    let d2 = wnaf(u2.to_repr().as_ref(), Q_WINDOW);

    let mut acc = Jacobian::<C::Field>::INFINITY;
    for i in (0..d1.len().max(d2.len())).rev() {
        acc = acc.double(a, m3);
        if let Some(&d) = d1.get(i)
            && d != 0
        {
            acc = acc.add_affine(&lookup_affine(&data.g_table, d)?, a, m3);
        }
        if let Some(&d) = d2.get(i)
            && d != 0
        {
            acc = acc.add(&lookup(&q_table, d)?, a, m3);
        }
    }
    (!acc.is_infinity()).then_some(acc)
}

/// Whether the affine x-coordinate of the Jacobian point `p` (not at infinity), reduced mod n,
/// equals `r` (big-endian, in [1, n − 1]): X = r·Z², or X = (r + n)·Z² when r + n < p. The
/// affine x is in [0, p) and p < 2n, so these are the only candidates.
pub(super) fn x_mod_n_equals<C: VartimeCurve>(p: &Jacobian<C::Field>, r: &FieldBytes<C>) -> bool {
    // r ≥ p cannot be an x-coordinate, and r + n > p then: no candidate.
    let Some(r_field) = C::Field::from_be_bytes(r) else {
        return false;
    };
    let zz = p.z.square();
    if r_field * zz == p.x {
        return true;
    }
    match &C::data().wrap {
        Some((n, p_minus_n)) if r.as_slice() < p_minus_n.as_slice() => (r_field + *n) * zz == p.x,
        _ => false,
    }
}

/// Whether u1·G + u2·Q is not the point at infinity and its affine x-coordinate mod n is `r`
/// (big-endian field bytes of a scalar in [1, n − 1]): ECDSA verification's last step (BSI
/// TR-03111 §4.2.1.2). Variable time; public inputs only (see the module comment).
pub(super) fn mul_add_x_equals_vartime<C: VartimeCurve>(
    u1: &Scalar<C>,
    u2: &Scalar<C>,
    q: &AffinePoint<C>,
    r: &FieldBytes<C>,
) -> bool {
    mul_add::<C>(u1, u2, q).is_some_and(|p| x_mod_n_equals::<C>(&p, r))
}

/// The affine x-coordinate of u1·G + u2·Q as big-endian field bytes, or `None` for the point
/// at infinity (for the tests' cross-checks).
#[cfg(test)]
pub(super) fn mul_add_x_vartime<C: VartimeCurve>(
    u1: &Scalar<C>,
    u2: &Scalar<C>,
    q: &AffinePoint<C>,
) -> Option<FieldBytes<C>> {
    let p = mul_add::<C>(u1, u2, q)?;
    let z_inv = p.z.invert()?;
    let mut out = FieldBytes::<C>::default();
    (p.x * z_inv.square()).write_be_bytes(&mut out);
    Some(out)
}

/// A Jacobian point (X : Y : Z) from field elements, for tests of [`x_mod_n_equals`].
#[cfg(test)]
pub(super) fn jacobian<F>(x: F, y: F, z: F) -> Jacobian<F> {
    Jacobian { x, y, z }
}
