//! ECDSA verification (BSI TR-03111 §4.2.1.2) on every named curve with arithmetic, taking the
//! signature as DER (X9.62 Ecdsa-Sig-Value) or as plain r‖s (TR-03111 §5.2.1).

use super::SignatureError;
use super::ecdsa_vartime::{VartimeCurve, mul_add_x_equals_vartime};
use crate::crypto::curves::{self, NamedCurve};
use crate::tlv;
use ::elliptic_curve::ff::PrimeField;
use ::elliptic_curve::ops::{Invert, Reduce};
use ::elliptic_curve::{FieldBytes, Scalar};
use primeorder::PrimeCurveParams;

/// Splits an ECDSA signature into r and s, each left-padded to `field_len` bytes. Accepts the
/// DER `SEQUENCE { INTEGER r, INTEGER s }` and the plain concatenation r‖s.
pub fn ecdsa_signature_scalars(
    sig: &[u8],
    field_len: usize,
) -> Result<(Vec<u8>, Vec<u8>), SignatureError> {
    if let Some((r, s)) = der_scalars(sig) {
        return Ok((pad(r, field_len)?, pad(s, field_len)?));
    }
    if sig.len() == 2 * field_len {
        let (r, s) = sig.split_at(field_len);
        return Ok((r.to_vec(), s.to_vec()));
    }
    Err(SignatureError::Invalid)
}

fn der_scalars(sig: &[u8]) -> Option<(&[u8], &[u8])> {
    let (seq, rest) = tlv::parse_one(sig).ok()?;
    if seq.tag != 0x30 || !rest.is_empty() {
        return None;
    }
    let mut it = seq.children();
    let r = it.next()?.ok()?;
    let s = it.next()?.ok()?;
    if r.tag != 0x02 || s.tag != 0x02 || it.next().is_some() {
        return None;
    }
    Some((r.value, s.value))
}

fn pad(int: &[u8], len: usize) -> Result<Vec<u8>, SignatureError> {
    let lead = int.iter().take_while(|&&b| b == 0).count();
    let int = int.get(lead..).unwrap_or_default();
    if int.len() > len || int.is_empty() {
        return Err(SignatureError::Invalid);
    }
    let mut out = vec![0u8; len - int.len()];
    out.extend_from_slice(int);
    Ok(out)
}

/// The public key (a valid point, not the identity) and the signature (r and s in [1, n−1]).
#[allow(clippy::type_complexity)]
fn key_and_signature<C>(
    point: &[u8],
    r: &[u8],
    s: &[u8],
) -> Result<(::ecdsa::VerifyingKey<C>, ::ecdsa::Signature<C>), SignatureError>
where
    C: PrimeCurveParams + ::ecdsa::EcdsaCurve,
    ::ecdsa::SignatureSize<C>: ::elliptic_curve::array::ArraySize,
{
    let key = ::ecdsa::VerifyingKey::<C>::from_sec1_bytes(point)
        .map_err(|_| SignatureError::BadKey("not a point on the curve".into()))?;
    let rs = [r, s].concat();
    let sig = ::ecdsa::Signature::<C>::from_slice(&rs).map_err(|_| SignatureError::Invalid)?;
    Ok((key, sig))
}

/// ECDSA verification (BSI TR-03111 §4.2.1.2, as the `ecdsa` crate's `verify_prehashed`: the
/// digest's leftmost order-length bytes reduced mod n) with s⁻¹ and u1·G + u2·Q computed in
/// variable time ([`mul_add_x_equals_vartime`]) — every input is public here.
pub(super) fn verify_on<C>(
    point: &[u8],
    digest: &[u8],
    r: &[u8],
    s: &[u8],
) -> Result<(), SignatureError>
where
    C: VartimeCurve + ::ecdsa::EcdsaCurve,
    ::ecdsa::SignatureSize<C>: ::elliptic_curve::array::ArraySize,
{
    let (key, sig) = key_and_signature::<C>(point, r, s)?;
    let (r, s) = sig.split_scalars();
    let mut z_bytes = FieldBytes::<C>::default();
    let take = digest.len().min(z_bytes.len());
    let start = z_bytes.len() - take;
    if let (Some(dst), Some(src)) = (z_bytes.get_mut(start..), digest.get(..take)) {
        dst.copy_from_slice(src);
    }
    let z = <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(&z_bytes);
    let s_inv =
        Option::<Scalar<C>>::from(s.as_ref().invert_vartime()).ok_or(SignatureError::Invalid)?;
    let u1 = z * s_inv;
    let u2 = *r * s_inv;
    if mul_add_x_equals_vartime::<C>(&u1, &u2, key.as_affine(), &r.to_repr()) {
        Ok(())
    } else {
        Err(SignatureError::Invalid)
    }
}

/// The same check with the `ecdsa` crate's own (constant-time table, complete formulas)
/// arithmetic: the reference the variable-time path is tested against.
#[cfg(test)]
pub(super) fn verify_on_reference<C>(
    point: &[u8],
    digest: &[u8],
    r: &[u8],
    s: &[u8],
) -> Result<(), SignatureError>
where
    C: PrimeCurveParams + ::ecdsa::EcdsaCurve,
    ::ecdsa::SignatureSize<C>: ::elliptic_curve::array::ArraySize,
{
    use ::ecdsa::signature::hazmat::PrehashVerifier;
    let (key, sig) = key_and_signature::<C>(point, r, s)?;
    key.verify_prehash(digest, &sig)
        .map_err(|_| SignatureError::Invalid)
}

macro_rules! verify_on {
    ($curve:ty, $point:expr, $digest:expr, $r:expr, $s:expr) => {
        verify_on::<$curve>($point, $digest, &$r, &$s)
    };
}

/// Verifies an ECDSA signature over a digest (truncated or widened to the order as X9.62 says).
pub(super) fn verify(
    curve: NamedCurve,
    point: &[u8],
    digest: &[u8],
    sig: &[u8],
) -> Result<(), SignatureError> {
    let (r, s) = ecdsa_signature_scalars(sig, curve.field_len())?;
    match curve {
        NamedCurve::P256 => verify_on!(p256::NistP256, point, digest, r, s),
        NamedCurve::P384 => verify_on!(p384::NistP384, point, digest, r, s),
        NamedCurve::P521 => verify_on!(p521::NistP521, point, digest, r, s),
        NamedCurve::BrainpoolP256r1 => verify_on!(bp256::BrainpoolP256r1, point, digest, r, s),
        NamedCurve::BrainpoolP384r1 => verify_on!(bp384::BrainpoolP384r1, point, digest, r, s),
        NamedCurve::P192 => verify_on!(curves::p192::NistP192, point, digest, r, s),
        NamedCurve::P224 => verify_on!(p224::NistP224, point, digest, r, s),
        NamedCurve::BrainpoolP192r1 => {
            verify_on!(curves::bp192::BrainpoolP192r1, point, digest, r, s)
        }
        NamedCurve::BrainpoolP224r1 => {
            verify_on!(curves::bp224::BrainpoolP224r1, point, digest, r, s)
        }
        NamedCurve::BrainpoolP320r1 => {
            verify_on!(curves::bp320::BrainpoolP320r1, point, digest, r, s)
        }
        NamedCurve::BrainpoolP512r1 => {
            verify_on!(curves::bp512::BrainpoolP512r1, point, digest, r, s)
        }
    }
}
