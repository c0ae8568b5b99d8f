//! The terminal's ECDSA signature: `crypto::ecdsa_sign` with its errors told as the
//! signer's (a scalar out of range is a broken key file, not a failed signature).

use crate::crypto::curves::NamedCurve;
use crate::crypto::ecdsa_sign;
use crate::crypto::hash::HashAlgorithm;
use crate::crypto::signature::SignatureError;
use crate::terminal::SignerError;

fn signer_error(e: SignatureError) -> SignerError {
    match e {
        SignatureError::Unsupported(what) => SignerError::Unsupported(what),
        other => SignerError::Unavailable(other.to_string()),
    }
}

/// Signs a message digest with the private `scalar`; r‖s, each as long as the curve's order.
/// `extra` hedges the RFC 6979 nonce (RFC 6979 §3.6); empty gives a deterministic nonce.
pub(crate) fn sign_digest(
    curve: NamedCurve,
    scalar: &[u8],
    hash: HashAlgorithm,
    digest: &[u8],
    extra: &[u8],
) -> Result<Vec<u8>, SignerError> {
    ecdsa_sign::sign_digest(curve, scalar, hash, digest, extra).map_err(signer_error)
}

/// The uncompressed public point (04‖x‖y) of the private `scalar`.
pub(crate) fn public_point(curve: NamedCurve, scalar: &[u8]) -> Result<Vec<u8>, SignerError> {
    ecdsa_sign::public_point(curve, scalar).map_err(signer_error)
}
