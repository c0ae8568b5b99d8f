//! Cross-checks of the variable-time u1·G + u2·Q against the curve crates' constant-time
//! arithmetic on all eleven curves: random and edge-case scalars (0, 1, n−1, equal and opposite
//! points, table additions that meet a doubling or the point at infinity, results at infinity),
//! the x-coordinate comparison in Jacobian coordinates (including x ≥ n), and whole signatures
//! against the `ecdsa` crate's verifier.

use super::ecdsa::{verify_on, verify_on_reference};
use super::ecdsa_vartime::{VartimeCurve, jacobian, mul_add_x_vartime, x_mod_n_equals};
use super::vartime_field::VtField;
use elliptic_curve::ff::{Field, PrimeField};
use elliptic_curve::ops::Reduce;
use elliptic_curve::point::AffineCoordinates;
use elliptic_curve::sec1::ToSec1Point;
use elliptic_curve::{FieldBytes, Group, Scalar};
use primeorder::ProjectivePoint;

/// xorshift64*: deterministic test bytes.
struct Bytes(u64);

impl Bytes {
    fn fill<C: VartimeCurve>(&mut self) -> FieldBytes<C> {
        let mut out = FieldBytes::<C>::default();
        for b in out.iter_mut() {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            *b = (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8;
        }
        out
    }

    fn scalar<C: VartimeCurve>(&mut self) -> Scalar<C> {
        <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(&self.fill::<C>())
    }
}

fn expected<C: VartimeCurve>(
    u1: &Scalar<C>,
    u2: &Scalar<C>,
    q: &ProjectivePoint<C>,
) -> Option<FieldBytes<C>> {
    let sum = ProjectivePoint::<C>::generator() * u1 + *q * u2;
    (!bool::from(sum.is_identity())).then(|| sum.to_affine().x())
}

fn check_point_arithmetic<C: VartimeCurve>(seed: u64) {
    let mut rng = Bytes(seed);
    let g = ProjectivePoint::<C>::generator();
    let one = Scalar::<C>::ONE;
    let edges = [Scalar::<C>::ZERO, one, one.double(), -one];
    let d = rng.scalar::<C>();
    let keys = [g, -g, g * d];
    for q in keys {
        let qa = q.to_affine();
        for u1 in edges {
            for u2 in edges {
                assert_eq!(
                    mul_add_x_vartime::<C>(&u1, &u2, &qa),
                    expected(&u1, &u2, &q)
                );
            }
        }
        for _ in 0..4 {
            let (u1, u2) = (rng.scalar::<C>(), rng.scalar::<C>());
            assert_eq!(
                mul_add_x_vartime::<C>(&u1, &u2, &qa),
                expected(&u1, &u2, &q)
            );
            // u1·G = −u2·Q: the sum is the point at infinity.
            if q == g {
                assert_eq!(mul_add_x_vartime::<C>(&u1, &-u1, &qa), None);
            }
        }
    }
    // Table additions that meet a doubling or the point at infinity. Q = G/2, u1 = 3, u2 = 6:
    // after u2's top digit the accumulator is 3Q = 3G/2, doubled 3G, and G's table adds 3G (the
    // doubling case of the mixed addition); Q = −G/2 makes that 3G + (−3G), the point at
    // infinity. Q = ±G with u1 = u2 = 3 or 5 meets both cases in the addition of Q's table.
    let small = |k: u64| Scalar::<C>::from(k);
    let half = Option::<Scalar<C>>::from(one.double().invert()).unwrap();
    let cases = [
        (g * half, small(3), small(6)),
        (-(g * half), small(3), small(6)),
        (g, small(3), small(3)),
        (-g, small(5), small(5)),
        (g * small(3), small(3), -one),
    ];
    for (q, u1, u2) in cases {
        assert_eq!(
            mul_add_x_vartime::<C>(&u1, &u2, &q.to_affine()),
            expected(&u1, &u2, &q)
        );
    }
}

/// A valid signature without a private key: R = a·G + b·Q, r = x(R), s = r/b, z = a·s.
fn check_signatures<C>(seed: u64)
where
    C: VartimeCurve + ::ecdsa::EcdsaCurve,
    ::ecdsa::SignatureSize<C>: ::elliptic_curve::array::ArraySize,
{
    let mut rng = Bytes(seed);
    let g = ProjectivePoint::<C>::generator();
    for _ in 0..2 {
        let q = g * rng.scalar::<C>();
        let point = q.to_affine().to_sec1_point(false);
        let (a, b) = (rng.scalar::<C>(), rng.scalar::<C>());
        let big_r = (g * a + q * b).to_affine();
        let r = <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(&big_r.x());
        let s = r * Option::<Scalar<C>>::from(b.invert()).unwrap();
        let z = a * s;
        let (r, s, z) = (r.to_repr(), s.to_repr(), z.to_repr());
        let point = point.as_bytes();
        assert_eq!(verify_on::<C>(point, &z, &r, &s), Ok(()));
        assert_eq!(verify_on_reference::<C>(point, &z, &r, &s), Ok(()));
        // Any change to the digest, r or s: both refuse.
        let mut z2 = z;
        z2[3] ^= 0x10;
        let mut s2 = s;
        s2[5] ^= 0x01;
        for (z, r, s) in [(&z2, &r, &s), (&z, &s, &r), (&z, &r, &s2)] {
            assert_eq!(
                verify_on::<C>(point, z, r, s),
                verify_on_reference::<C>(point, z, r, s)
            );
            assert!(verify_on::<C>(point, z, r, s).is_err());
        }
        // A digest longer than the order is cut to its leftmost bytes, as the crate does.
        let mut long = z.to_vec();
        long.extend_from_slice(&[0xAB; 16]);
        assert_eq!(verify_on::<C>(point, &long, &r, &s), Ok(()));
        assert_eq!(verify_on_reference::<C>(point, &long, &r, &s), Ok(()));
        // Zero and out-of-range r or s are refused by both.
        let zero = FieldBytes::<C>::default();
        let ff = [0xFFu8; 66];
        let ff = &ff[..zero.len()];
        for (r, s) in [(&zero[..], &s[..]), (&r[..], &zero[..]), (ff, &s[..])] {
            assert!(verify_on::<C>(point, &z, r, s).is_err());
            assert!(verify_on_reference::<C>(point, &z, r, s).is_err());
        }
    }
}

/// A signature whose digest reduces to zero (u1 = 0: R = u2·Q alone), as an all-zero digest and
/// as the order n itself.
fn check_zero_digest<C>(seed: u64)
where
    C: VartimeCurve + ::ecdsa::EcdsaCurve,
    ::ecdsa::SignatureSize<C>: ::elliptic_curve::array::ArraySize,
{
    let mut rng = Bytes(seed);
    let g = ProjectivePoint::<C>::generator();
    let q = g * rng.scalar::<C>();
    let point = q.to_affine().to_sec1_point(false);
    let b = rng.scalar::<C>();
    let r = <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(&(q * b).to_affine().x());
    let s = r * Option::<Scalar<C>>::from(b.invert()).unwrap();
    let (r, s) = (r.to_repr(), s.to_repr());
    let mut n = (-Scalar::<C>::ONE).to_repr();
    increment(&mut n);
    for z in [FieldBytes::<C>::default(), n] {
        assert_eq!(verify_on::<C>(point.as_bytes(), &z, &r, &s), Ok(()));
        assert_eq!(
            verify_on_reference::<C>(point.as_bytes(), &z, &r, &s),
            Ok(())
        );
    }
}

/// Big-endian `x + 1` in place.
fn increment(x: &mut [u8]) {
    for b in x.iter_mut().rev() {
        let (v, carry) = b.overflowing_add(1);
        *b = v;
        if !carry {
            break;
        }
    }
}

/// The x-coordinate comparison on made-up Jacobian points (X : · : Z) with affine x = X/Z²:
/// x = r matches, x = r + n matches when r + n < p (the affine x in [n, p) — a case no real
/// signature can be searched for, p − n being about √p), nothing else does.
fn check_x_comparison<C: VartimeCurve>(seed: u64) {
    let mut rng = Bytes(seed);
    let field = |bytes: &FieldBytes<C>| C::Field::from_be_bytes(bytes).unwrap();
    let repr = |x: C::Field| {
        let mut out = FieldBytes::<C>::default();
        x.write_be_bytes(&mut out);
        out
    };
    let mut n = (-Scalar::<C>::ONE).to_repr();
    increment(&mut n);
    let n_field = field(&n);
    // p − n as a field element and as bytes: −n mod p.
    let p_minus_n = -n_field;
    // Any non-zero Z will do; a full-width one.
    let z = C::Field::from_u64(rng.0).square().square().square() + C::Field::ONE;
    let point_with_x = |x: C::Field| jacobian(x * z.square(), C::Field::ONE, z);
    let r_random = rng.scalar::<C>().to_repr();
    assert!(!z.is_zero());
    let one = C::Field::ONE;
    let cases = [
        // (r as a field element, affine x, expected)
        (one, one, true),
        (one, n_field + one, true),
        (one, one.double(), false),
        (one, n_field, false),
        (one, n_field + one.double(), false),
        (p_minus_n - one, -one, true),
        (p_minus_n - one, p_minus_n - one, true),
        (p_minus_n - one, p_minus_n, false),
        (p_minus_n, C::Field::ZERO, false),
        (p_minus_n, p_minus_n, true),
        (p_minus_n + one, one, false),
        (p_minus_n + one, p_minus_n + one, true),
        (field(&r_random), field(&r_random), true),
        (field(&r_random), field(&r_random) + one, false),
    ];
    for (i, (r, x, want)) in cases.into_iter().enumerate() {
        assert_eq!(
            x_mod_n_equals::<C>(&point_with_x(x), &repr(r)),
            want,
            "case {i}"
        );
    }
}

/// The variable-time field against the curve crate's: products, sums, differences, negation
/// and inverses of random elements and of 0, 1 and p − 1, through their byte encodings.
fn check_field<C: VartimeCurve>(seed: u64) {
    let mut rng = Bytes(seed);
    let ours = |x: &C::FieldElement| C::Field::from_be_bytes(&x.to_repr()).unwrap();
    let bytes = |x: C::Field| {
        let mut out = FieldBytes::<C>::default();
        x.write_be_bytes(&mut out);
        out
    };
    let one = C::FieldElement::ONE;
    let mut values = vec![C::FieldElement::ZERO, one, -one, -one.double()];
    for _ in 0..6 {
        // Scalars are below n < p: valid field encodings.
        let s = rng.scalar::<C>().to_repr();
        values.push(Option::from(C::FieldElement::from_repr(s)).unwrap());
    }
    for x in &values {
        assert_eq!(bytes(ours(x)), x.to_repr());
        assert_eq!(bytes(-ours(x)), (-*x).to_repr());
        assert_eq!(bytes(ours(x).square()), x.square().to_repr());
        let inverse = Option::<C::FieldElement>::from(x.invert()).map(|i| i.to_repr());
        assert_eq!(ours(x).invert().map(bytes), inverse);
        for y in &values {
            assert_eq!(bytes(ours(x) * ours(y)), (*x * *y).to_repr());
            assert_eq!(bytes(ours(x) + ours(y)), (*x + *y).to_repr());
            assert_eq!(bytes(ours(x) - ours(y)), (*x - *y).to_repr());
        }
    }
    // p itself and wider values are refused.
    let mut p = (-one).to_repr();
    increment(&mut p);
    assert!(C::Field::from_be_bytes(&p).is_none());
    assert!(C::Field::from_be_bytes(&[0xFF; 80]).is_none());
    assert_eq!(
        C::Field::from_be_bytes(&[0, 0, 7]),
        Some(C::Field::from_u64(7))
    );
}

macro_rules! curve_tests {
    ($($name:ident: $curve:ty,)*) => {
        $(
            #[test]
            fn $name() {
                check_point_arithmetic::<$curve>(0x9E37_79B9_7F4A_7C15);
                check_signatures::<$curve>(0xD1B5_4A32_D192_ED03);
                check_zero_digest::<$curve>(0x2545_F491_4F6C_DD1D);
                check_x_comparison::<$curve>(0x94D0_49BB_1331_11EB);
                check_field::<$curve>(0xBF58_476D_1CE4_E5B9);
            }
        )*
    };
}

curve_tests! {
    vartime_p192: crate::crypto::curves::p192::NistP192,
    vartime_p224: p224::NistP224,
    vartime_p256: p256::NistP256,
    vartime_p384: p384::NistP384,
    vartime_p521: p521::NistP521,
    vartime_bp192: crate::crypto::curves::bp192::BrainpoolP192r1,
    vartime_bp224: crate::crypto::curves::bp224::BrainpoolP224r1,
    vartime_bp256: bp256::BrainpoolP256r1,
    vartime_bp320: crate::crypto::curves::bp320::BrainpoolP320r1,
    vartime_bp384: bp384::BrainpoolP384r1,
    vartime_bp512: crate::crypto::curves::bp512::BrainpoolP512r1,
}
