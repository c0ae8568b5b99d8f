//! Builds a short-Weierstrass prime curve with full arithmetic from its domain parameters at
//! compile time, the way the RustCrypto brainpool crates do: Montgomery field and scalar
//! elements from `primefield`, projective point arithmetic from `primeorder` (generic `a`).
//! Used for the curves RustCrypto does not ship (brainpoolP192r1/P224r1/P320r1/P512r1, P-192)
//! so ECDSA here and ECDH / point mapping for PACE work on all of them.

/// Defines, in the calling module, the curve type `$curve` with `FieldElement`, `Scalar`,
/// `AffinePoint` and `ProjectivePoint`, and makes it usable with `ecdsa::VerifyingKey`.
///
/// The field and order hex strings must be padded to the width of `$uint`; the generators
/// are quadratic non-residues modulo p and n (all square roots go through them).
macro_rules! prime_curve {
    (
        curve: $curve:ident,
        name: $name:expr,
        uint: $uint:ty,
        field_bytes: $field_bytes:ty,
        p: $p:expr,
        p_generator: $p_gen:literal,
        n: $n:expr,
        n_generator: $n_gen:literal,
        a: $a:expr,
        b: $b:expr,
        gx: $gx:expr,
        gy: $gy:expr $(,)?
    ) => {
        use elliptic_curve::bigint::Odd;
        #[allow(unused_imports)]
        use elliptic_curve::ff::PrimeField;
        use elliptic_curve::scalar::{FromUintUnchecked, IsHigh};
        #[allow(unused_imports)]
        use elliptic_curve::subtle::{Choice, ConstantTimeEq, ConstantTimeGreater, CtOption};
        use elliptic_curve::{CurveArithmetic, PrimeCurveArithmetic, hazmat::FieldArithmetic};
        use primeorder::{PrimeCurveParams, mul_backend, point_arithmetic};

        /// The order of the base point.
        const ORDER_HEX: &str = $n;
        const ORDER: Odd<$uint> = Odd::<$uint>::from_be_hex(ORDER_HEX);

        mod field {
            use super::*;
            primefield::monty_field_params! {
                name: FieldParams,
                modulus: $p,
                uint: $uint,
                byte_order: primefield::ByteOrder::BigEndian,
                multiplicative_generator: $p_gen,
                doc: "Montgomery parameters of the field modulus"
            }
            primefield::monty_field_element! {
                name: FieldElement,
                params: FieldParams,
                uint: $uint,
                doc: "An element of the curve's base field"
            }
            primefield::monty_field_arithmetic! {
                name: FieldElement,
                params: FieldParams,
                uint: $uint
            }
            impl elliptic_curve::ops::BatchInvert for FieldElement {}
        }

        mod scalar {
            use super::*;
            primefield::monty_field_params! {
                name: ScalarParams,
                modulus: ORDER_HEX,
                uint: $uint,
                byte_order: primefield::ByteOrder::BigEndian,
                multiplicative_generator: $n_gen,
                doc: "Montgomery parameters of the group order"
            }
            primefield::monty_field_element! {
                name: Scalar,
                params: ScalarParams,
                uint: $uint,
                doc: "An integer modulo the curve's group order"
            }
            primefield::monty_field_arithmetic! {
                name: Scalar,
                params: ScalarParams,
                uint: $uint
            }
            // Reduction from the integer type and from field-sized bytes; written out (rather
            // than `monty_field_reduce!`) because `$uint` may be wider than the field bytes.
            impl primefield::bigint::Reduce<$uint> for Scalar {
                fn reduce(w: &$uint) -> Self {
                    Self(primefield::MontyFieldElement::<
                        ScalarParams,
                        { <ScalarParams>::LIMBS },
                    >::reduce(w))
                }
            }

            impl primefield::bigint::Reduce<elliptic_curve::FieldBytes<super::$curve>> for Scalar {
                fn reduce(bytes: &elliptic_curve::FieldBytes<super::$curve>) -> Self {
                    let mut wide = [0u8; <$uint>::BYTES];
                    let start = <$uint>::BYTES.saturating_sub(bytes.len());
                    if let Some(tail) = wide.get_mut(start..) {
                        tail.copy_from_slice(bytes);
                    }
                    <Self as primefield::bigint::Reduce<$uint>>::reduce(&<$uint>::from_be_slice(
                        &wide,
                    ))
                }
            }
            elliptic_curve::scalar_impls!(super::$curve, Scalar);
            primeorder::wnaf::impl_wnaf_size_for_scalar!(Scalar);

            impl AsRef<Scalar> for Scalar {
                fn as_ref(&self) -> &Scalar {
                    self
                }
            }

            impl FromUintUnchecked for Scalar {
                type Uint = $uint;

                fn from_uint_unchecked(uint: Self::Uint) -> Self {
                    Self::from_uint_unchecked(uint)
                }
            }

            impl IsHigh for Scalar {
                fn is_high(&self) -> Choice {
                    const HALF: $uint = ORDER.as_ref().shr_vartime(1);
                    self.to_canonical().ct_gt(&HALF)
                }
            }
        }

        pub use field::FieldElement;
        pub use scalar::Scalar;

        #[doc = concat!("The ", $name, " curve.")]
        #[derive(Copy, Clone, Debug, Default, Eq, PartialEq, PartialOrd, Ord)]
        pub struct $curve;

        impl elliptic_curve::Curve for $curve {
            type FieldBytesSize = $field_bytes;
            type Uint = $uint;
            const ORDER: Odd<$uint> = ORDER;
        }

        impl elliptic_curve::PrimeCurve for $curve {}

        impl elliptic_curve::point::PointCompression for $curve {
            const COMPRESS_POINTS: bool = false;
        }

        /// A point in affine coordinates.
        pub type AffinePoint = primeorder::AffinePoint<$curve>;
        /// A point in projective coordinates.
        pub type ProjectivePoint = primeorder::ProjectivePoint<$curve>;

        impl CurveArithmetic for $curve {
            type AffinePoint = AffinePoint;
            type ProjectivePoint = ProjectivePoint;
            type Scalar = Scalar;
        }

        impl FieldArithmetic for $curve {
            type FieldElement = FieldElement;
        }

        impl PrimeCurveArithmetic for $curve {
            type CurveGroup = ProjectivePoint;
        }

        impl PrimeCurveParams for $curve {
            type PointArithmetic = point_arithmetic::EquationAIsGeneric;
            type Backend = mul_backend::VariableOnly;
            const EQUATION_A: FieldElement = FieldElement::from_hex_vartime($a);
            const EQUATION_B: FieldElement = FieldElement::from_hex_vartime($b);
            const GENERATOR: (FieldElement, FieldElement) = (
                FieldElement::from_hex_vartime($gx),
                FieldElement::from_hex_vartime($gy),
            );
        }

        impl ecdsa::EcdsaCurve for $curve {
            const NORMALIZE_S: bool = false;
        }
    };
}

pub(crate) use prime_curve;
