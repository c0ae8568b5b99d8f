//! RSA signature verification (RFC 8017): PKCS#1 v1.5 with a DigestInfo prefix and PSS.
//! Keys are taken as raw modulus and exponent so no ASN.1 is needed here.

use super::SignatureError;
use crate::crypto::hash::HashAlgorithm;
use ::rsa::{BoxedUint, Pkcs1v15Sign, Pss, RsaPublicKey};
use sha1::Sha1;
use sha2::{Sha224, Sha256, Sha384, Sha512};

/// Largest modulus accepted, in bits (CSCA keys go up to 4096; leave room).
const MAX_MODULUS_BITS: usize = 8192;
/// Smallest modulus accepted, in bits (old DSCs used 1024).
const MIN_MODULUS_BITS: usize = 1024;

fn key(n: &[u8], e: &[u8]) -> Result<RsaPublicKey, SignatureError> {
    let n = BoxedUint::from_be_slice_vartime(n);
    let e = BoxedUint::from_be_slice_vartime(e);
    RsaPublicKey::new_with_size_limits(n, e, MIN_MODULUS_BITS..=MAX_MODULUS_BITS)
        .map_err(|err| SignatureError::BadKey(format!("RSA key: {err}")))
}

/// Left-pads a signature that lost leading zero bytes to the modulus length.
fn padded(key: &RsaPublicKey, sig: &[u8]) -> Vec<u8> {
    use ::rsa::traits::PublicKeyParts;
    let k = key.size();
    let mut out = vec![0u8; k.saturating_sub(sig.len())];
    out.extend_from_slice(sig);
    out
}

/// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) of a precomputed digest.
pub(super) fn verify_pkcs1(
    n: &[u8],
    e: &[u8],
    hash: HashAlgorithm,
    digest: &[u8],
    sig: &[u8],
) -> Result<(), SignatureError> {
    let key = key(n, e)?;
    let scheme = match hash {
        HashAlgorithm::Sha1 => Pkcs1v15Sign::new::<Sha1>(),
        HashAlgorithm::Sha224 => Pkcs1v15Sign::new::<Sha224>(),
        HashAlgorithm::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
        HashAlgorithm::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
        HashAlgorithm::Sha512 => Pkcs1v15Sign::new::<Sha512>(),
    };
    let sig = padded(&key, sig);
    key.verify(scheme, digest, &sig)
        .map_err(|_| SignatureError::Invalid)
}

/// RSASSA-PSS verification (RFC 8017 §8.1.2) of a precomputed digest.
pub(super) fn verify_pss(
    n: &[u8],
    e: &[u8],
    hash: HashAlgorithm,
    mgf_hash: HashAlgorithm,
    salt_len: usize,
    digest: &[u8],
    sig: &[u8],
) -> Result<(), SignatureError> {
    if mgf_hash != hash {
        return Err(SignatureError::Unsupported(format!(
            "RSA-PSS with MGF1-{} differing from the message hash {}",
            mgf_hash.name(),
            hash.name()
        )));
    }
    let key = key(n, e)?;
    let sig = padded(&key, sig);
    let result = match hash {
        HashAlgorithm::Sha1 => key.verify(Pss::<Sha1>::new_with_salt(salt_len), digest, &sig),
        HashAlgorithm::Sha224 => key.verify(Pss::<Sha224>::new_with_salt(salt_len), digest, &sig),
        HashAlgorithm::Sha256 => key.verify(Pss::<Sha256>::new_with_salt(salt_len), digest, &sig),
        HashAlgorithm::Sha384 => key.verify(Pss::<Sha384>::new_with_salt(salt_len), digest, &sig),
        HashAlgorithm::Sha512 => key.verify(Pss::<Sha512>::new_with_salt(salt_len), digest, &sig),
    };
    result.map_err(|_| SignatureError::Invalid)
}
