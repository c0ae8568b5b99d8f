//! Elliptic-curve Diffie-Hellman on every named curve (BSI TR-03111 §4.3.1, ECKA-DH) by curve
//! name: public keys from private scalars, validation of a peer's point and the shared
//! secret's x-coordinate; the arithmetic is the key-agreement groups' in [`super::agreement`].

use super::agreement::{self, GroupError};
use super::curves::NamedCurve;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Why an ECDH operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EcdhError {
    /// The peer's key is not an uncompressed point on the curve (or is the identity).
    #[error("public key is not an uncompressed point on {0}")]
    BadPublicKey(&'static str),
    /// The private key is zero, too long, or not below the group order.
    #[error("private key out of range for {0}")]
    BadPrivateKey(&'static str),
    /// The result was the point at infinity.
    #[error("the shared point is the point at infinity")]
    Infinity,
}

/// The group order n of `curve`, big-endian.
pub fn order(curve: NamedCurve) -> Vec<u8> {
    agreement::unhex(curve.params().n)
}

/// The length in bytes of a private key on `curve` (the order's length).
pub fn private_len(curve: NamedCurve) -> usize {
    agreement::curve(curve).private_len()
}

/// Turns `candidate` (exactly [`private_len`] random bytes) into a private key by masking the
/// top byte to the order's bit length; `false` when it is zero or not below n (draw again).
/// This is how a terminal draws its ephemeral key from an RNG, so recorded keys replay.
pub fn accept_private(curve: NamedCurve, candidate: &mut [u8]) -> bool {
    agreement::curve(curve).accept_private(candidate)
}

/// Checks that `private` is a scalar in [1, n − 1], in constant time; at most n's length.
fn check_private(curve: NamedCurve, private: &[u8]) -> Result<(), EcdhError> {
    let n = order(curve);
    let pad = n
        .len()
        .checked_sub(private.len())
        .ok_or(EcdhError::BadPrivateKey(curve.name()))?;
    let k: Zeroizing<Vec<u8>> = Zeroizing::new(
        std::iter::repeat_n(0u8, pad)
            .chain(private.iter().copied())
            .collect(),
    );
    // k − n borrows exactly when k < n; no branch on k's bytes.
    let mut borrow = 0i16;
    let mut any = 0u8;
    for (&a, &b) in k.iter().rev().zip(n.iter().rev()) {
        let d = i16::from(a) - i16::from(b) - borrow;
        borrow = (d >> 8) & 1;
        any |= a;
    }
    let ok = subtle::Choice::from(u8::from(borrow == 1)) & !any.ct_eq(&0);
    if bool::from(ok) {
        Ok(())
    } else {
        Err(EcdhError::BadPrivateKey(curve.name()))
    }
}

fn from_group(curve: NamedCurve, e: GroupError) -> EcdhError {
    match e {
        GroupError::BadPublicKey(_) => EcdhError::BadPublicKey(curve.name()),
        GroupError::BadPrivateKey(_) => EcdhError::BadPrivateKey(curve.name()),
        _ => EcdhError::Infinity,
    }
}

/// The uncompressed public point `private`·G on `curve`.
pub fn public_key(curve: NamedCurve, private: &[u8]) -> Result<Vec<u8>, EcdhError> {
    check_private(curve, private)?;
    let g = agreement::curve(curve);
    g.mul(&g.generator(), private)
        .map_err(|e| from_group(curve, e))
}

/// Checks that `point` is an uncompressed point on `curve` other than the identity (all these
/// curves have cofactor 1, so that is full public-key validation, BSI TR-03111 §3.2.2.1).
pub fn check_public(curve: NamedCurve, point: &[u8]) -> Result<(), EcdhError> {
    agreement::curve(curve)
        .check_public(point)
        .map_err(|e| from_group(curve, e))
}

/// ECKA-DH: the x-coordinate of `private`·`peer`, `field_len` bytes (BSI TR-03111 §4.3.1).
pub fn shared_secret(
    curve: NamedCurve,
    private: &[u8],
    peer: &[u8],
) -> Result<Zeroizing<Vec<u8>>, EcdhError> {
    check_private(curve, private)?;
    let g = agreement::curve(curve);
    g.check_public(peer).map_err(|e| from_group(curve, e))?;
    let point = Zeroizing::new(g.mul(peer, private).map_err(|e| from_group(curve, e))?);
    Ok(Zeroizing::new(g.shared_secret(&point)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_agree_and_bad_points_are_refused() {
        for curve in NamedCurve::ALL {
            let mut a = vec![0x11u8; private_len(curve)];
            let mut b = vec![0x5Au8; private_len(curve)];
            assert!(accept_private(curve, &mut a));
            assert!(accept_private(curve, &mut b));
            let pa = public_key(curve, &a).unwrap();
            let pb = public_key(curve, &b).unwrap();
            check_public(curve, &pa).unwrap();
            let s1 = shared_secret(curve, &a, &pb).unwrap();
            let s2 = shared_secret(curve, &b, &pa).unwrap();
            assert_eq!(*s1, *s2, "{}", curve.name());
            assert_eq!(s1.len(), curve.field_len());
            let mut off = pb.clone();
            let last = off.len() - 1;
            off[last] ^= 1;
            assert!(matches!(
                shared_secret(curve, &a, &off),
                Err(EcdhError::BadPublicKey(_))
            ));
            assert!(shared_secret(curve, &a, &pb[..10]).is_err());
            assert!(shared_secret(curve, &[0u8; 4], &pb).is_err());
            let n = order(curve);
            assert!(public_key(curve, &n).is_err(), "n itself is no private key");
            let mut zero = vec![0u8; n.len()];
            assert!(!accept_private(curve, &mut zero));
        }
    }
}
