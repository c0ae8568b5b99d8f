//! ECDSA verification's double scalar multiplication u1·G + u2·Q in variable time, with
//! Jacobian coordinates (Cohen–Miyaji–Ono) and interleaved width-5 NAFs, for every curve with
//! `primeorder` arithmetic.
//!
//! VARIABLE TIME: branches, table indices and loop lengths depend on u1, u2 and Q. In ECDSA
//! verification all of them are public (derived from the public key, the signature and the
//! message digest). Never use this for a secret scalar — PACE, chip authentication and
//! signing keep to the constant-time arithmetic of the curve crates.

use elliptic_curve::ff::{Field, PrimeField};
use elliptic_curve::point::AffineCoordinates;
use elliptic_curve::{FieldBytes, Scalar};
use primeorder::{AffinePoint, PrimeCurveParams};

/// Width of the non-adjacent forms: digits are odd and in (−2⁴, 2⁴), tables hold 8 points.
const WINDOW: u32 = 5;
const TABLE: usize = 1 << (WINDOW - 2);

/// A point (X : Y : Z) standing for (X/Z², Y/Z³); Z = 0 is the point at infinity.
#[derive(Clone, Copy)]
struct Jacobian<F> {
    x: F,
    y: F,
    z: F,
}

/// The curve's `a`, and whether it is −3 (the NIST curves and none of the brainpool ones).
struct CurveA<F> {
    a: F,
    minus_three: bool,
}

impl<F: Field> Jacobian<F> {
    const INFINITY: Self = Self {
        x: F::ONE,
        y: F::ONE,
        z: F::ZERO,
    };

    fn is_infinity(&self) -> bool {
        self.z.is_zero_vartime()
    }

    fn neg(&self) -> Self {
        Self {
            y: -self.y,
            ..*self
        }
    }

    /// 2P: dbl-2001-b (a = −3) or dbl-2007-bl (any a), explicit-formulas database.
    fn double(&self, curve: &CurveA<F>) -> Self {
        if self.is_infinity() || self.y.is_zero_vartime() {
            return Self::INFINITY;
        }
        let (x1, y1, z1) = (self.x, self.y, self.z);
        if curve.minus_three {
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
        let m = xx.double() + xx + curve.a * zz.square();
        let x3 = m.square() - s.double();
        let y3 = m * (s - x3) - yyyy.double().double().double();
        let z3 = (y1 + z1).square() - yy - zz;
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q: add-2007-bl, with the doubling and inverse cases handled.
    fn add(&self, other: &Self, curve: &CurveA<F>) -> Self {
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
        if h.is_zero_vartime() {
            return if r.is_zero_vartime() {
                self.double(curve)
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
}

/// The width-w NAF of a big-endian integer, least significant digit first.
fn wnaf(be: &[u8]) -> Vec<i8> {
    // Little-endian 64-bit limbs with one spare limb for the carry of negative digits.
    let mut k: Vec<u64> = be
        .rchunks(8)
        .map(|c| c.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
        .collect();
    k.push(0);
    let window = 1u64 << WINDOW;
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
        // k >>= 1
        let mut carry = 0u64;
        for w in k.iter_mut().rev() {
            let next = *w & 1;
            *w = (*w >> 1) | (carry << 63);
            carry = next;
        }
    }
    digits
}

/// P, 3P, 5P, …, (2·TABLE − 1)P.
fn odd_multiples<F: Field>(p: &Jacobian<F>, curve: &CurveA<F>) -> [Jacobian<F>; TABLE] {
    let twice = p.double(curve);
    let mut table = [*p; TABLE];
    let mut current = *p;
    for slot in table.iter_mut().skip(1) {
        current = current.add(&twice, curve);
        *slot = current;
    }
    table
}

fn lookup<F: Field>(table: &[Jacobian<F>; TABLE], digit: i8) -> Option<Jacobian<F>> {
    let index = usize::from(digit.unsigned_abs() / 2);
    let point = table.get(index)?;
    Some(if digit < 0 { point.neg() } else { *point })
}

/// Field bytes (big-endian, as SEC1) into a field element; `None` when not below p.
fn field_element<C: PrimeCurveParams>(bytes: FieldBytes<C>) -> Option<C::FieldElement> {
    C::FieldElement::from_repr(bytes).into()
}

/// The affine x-coordinate of u1·G + u2·Q as big-endian field bytes, or `None` for the point
/// at infinity. Variable time; public inputs only (see the module comment).
pub(super) fn mul_add_x_vartime<C: PrimeCurveParams>(
    u1: &Scalar<C>,
    u2: &Scalar<C>,
    q: &AffinePoint<C>,
) -> Option<FieldBytes<C>> {
    let curve = CurveA {
        a: C::EQUATION_A,
        minus_three: (C::EQUATION_A + C::FieldElement::from(3u64)).is_zero_vartime(),
    };
    let affine = |x: C::FieldElement, y: C::FieldElement| Jacobian {
        x,
        y,
        z: C::FieldElement::ONE,
    };
    let (gx, gy) = C::GENERATOR;
    let (qx, qy) = (field_element::<C>(q.x())?, field_element::<C>(q.y())?);
    let g_table = odd_multiples(&affine(gx, gy), &curve);
    let q_table = odd_multiples(&affine(qx, qy), &curve);
    let d1 = wnaf(u1.to_repr().as_ref());
    let d2 = wnaf(u2.to_repr().as_ref());

    let mut acc = Jacobian::<C::FieldElement>::INFINITY;
    for i in (0..d1.len().max(d2.len())).rev() {
        acc = acc.double(&curve);
        for (digits, table) in [(&d1, &g_table), (&d2, &q_table)] {
            if let Some(&d) = digits.get(i)
                && d != 0
            {
                acc = acc.add(&lookup(table, d)?, &curve);
            }
        }
    }
    if acc.is_infinity() {
        return None;
    }
    let z_inv = Option::<C::FieldElement>::from(acc.z.invert())?;
    Some((acc.x * z_inv.square()).to_repr())
}
