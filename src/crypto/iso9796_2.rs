//! RSA digital signatures with message recovery, ISO/IEC 9796-2 scheme 1 (the signature of
//! ICAO 9303-11 §6.1 Active Authentication): opening a signature, parsing the recovered
//! representative (header, M1, hash, implicit or explicit trailer) and making one (test chips).

use super::hash::HashAlgorithm;
use ::rsa::traits::PublicKeyParts;
use ::rsa::{BoxedUint, RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

/// Largest modulus accepted, in bits.
const MAX_MODULUS_BITS: usize = 8192;
/// Smallest modulus accepted, in bits (old AA keys are 1024).
const MIN_MODULUS_BITS: usize = 1024;

/// Why a signature could not be opened or did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Iso9796Error {
    /// The RSA key is malformed or of an unsupported size.
    #[error("RSA key: {0}")]
    BadKey(String),
    /// The signature is empty, longer than the modulus, or not below it.
    #[error("signature out of range for the key")]
    OutOfRange,
    /// The opened signature is no ISO/IEC 9796-2 scheme 1 representative.
    #[error("not an ISO/IEC 9796-2 representative: {0}")]
    Malformed(&'static str),
    /// The trailer names a hash function this library does not implement.
    #[error("unsupported hash identifier {0:#04x} in the trailer")]
    UnsupportedHash(u8),
    /// The recovered hash does not match the message.
    #[error("hash mismatch: the signature does not cover this message")]
    HashMismatch,
    /// Total recovery: the non-recoverable part (the challenge) is not covered.
    #[error("total message recovery: the challenge is not covered")]
    TotalRecovery,
}

/// What an opened signature holds (ISO/IEC 9796-2 §8.2 scheme 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// Partial recovery (header 6): M = M1 ‖ M2 with M2 not recoverable.
    pub partial: bool,
    /// The recoverable part M1.
    pub m1: Vec<u8>,
    /// The hash D in the representative.
    pub digest: Vec<u8>,
    /// The hash function (SHA-1 for the implicit trailer BC).
    pub hash: HashAlgorithm,
    /// Whether the trailer was the explicit two-byte form (hash id ‖ CC).
    pub explicit_trailer: bool,
}

/// The hash identifier of ISO/IEC 10118-3 used in the explicit trailer.
pub fn hash_id(hash: HashAlgorithm) -> u8 {
    match hash {
        HashAlgorithm::Sha1 => 0x33,
        HashAlgorithm::Sha256 => 0x34,
        HashAlgorithm::Sha512 => 0x35,
        HashAlgorithm::Sha384 => 0x36,
        HashAlgorithm::Sha224 => 0x38,
    }
}

fn hash_from_id(id: u8) -> Result<HashAlgorithm, Iso9796Error> {
    [
        HashAlgorithm::Sha1,
        HashAlgorithm::Sha224,
        HashAlgorithm::Sha256,
        HashAlgorithm::Sha384,
        HashAlgorithm::Sha512,
    ]
    .into_iter()
    .find(|h| hash_id(*h) == id)
    .ok_or(Iso9796Error::UnsupportedHash(id))
}

/// An RSA public key checked for size, with its modulus length in bits.
fn public_key(n: &[u8], e: &[u8]) -> Result<RsaPublicKey, Iso9796Error> {
    let n = BoxedUint::from_be_slice_vartime(n);
    let e = BoxedUint::from_be_slice_vartime(e);
    RsaPublicKey::new_with_size_limits(n, e, MIN_MODULUS_BITS..=MAX_MODULUS_BITS)
        .map_err(|err| Iso9796Error::BadKey(err.to_string()))
}

/// The modulus length in bits of an RSA key (big-endian modulus).
pub fn modulus_bits(n: &[u8]) -> usize {
    let lead = n.iter().take_while(|&&b| b == 0).count();
    let rest = n.get(lead..).unwrap_or_default();
    let top = rest.first().map_or(0, |b| 8 - b.leading_zeros() as usize);
    rest.len().saturating_sub(1) * 8 + top
}

/// Opens `signature` with the public key (n, e): f = s^e mod n, or n − f when f does not end
/// in the nibble C (ISO/IEC 9796-2 §B.6: the signer may publish min(s, n − s)). Returns the
/// representative with leading zero bytes removed.
pub fn open(n: &[u8], e: &[u8], signature: &[u8]) -> Result<Vec<u8>, Iso9796Error> {
    let key = public_key(n, e)?;
    let modulus = key.n();
    let precision = modulus.as_ref().bits_precision();
    let lead = signature.iter().take_while(|&&b| b == 0).count();
    let sig = signature.get(lead..).unwrap_or_default();
    if sig.is_empty() || sig.len() > key.size() {
        return Err(Iso9796Error::OutOfRange);
    }
    let s = BoxedUint::from_be_slice(sig, precision).map_err(|_| Iso9796Error::OutOfRange)?;
    if s >= *modulus.as_ref() {
        return Err(Iso9796Error::OutOfRange);
    }
    let f = ::rsa::hazmat::rsa_encrypt(&key, &s).map_err(|_| Iso9796Error::OutOfRange)?;
    let f = if f.to_be_bytes().last().is_some_and(|b| b & 0x0F == 0x0C) {
        f
    } else {
        modulus.as_ref().wrapping_sub(&f)
    };
    Ok(f.to_be_bytes_trimmed_vartime().into_vec())
}

/// Parses an opened representative F = header ‖ M1 ‖ D ‖ trailer (ISO/IEC 9796-2 §8.2,
/// scheme 1). Never panics on any input.
pub fn parse_representative(f: &[u8]) -> Result<Recovered, Iso9796Error> {
    let (&first, _) = f.split_first().ok_or(Iso9796Error::Malformed("empty"))?;
    let (hash, explicit, trailer_len) = match f {
        [.., 0xBC] => (HashAlgorithm::Sha1, false, 1),
        [.., id, 0xCC] => (hash_from_id(*id)?, true, 2),
        _ => return Err(Iso9796Error::Malformed("trailer is neither BC nor xxCC")),
    };
    // Header: the bits 01, then 1 for partial or 0 for total recovery, then padding nibbles
    // B ending with the nibble A.
    let partial = match first >> 4 {
        0x6 => true,
        0x4 => false,
        _ => return Err(Iso9796Error::Malformed("header is not 6x or 4x")),
    };
    let mut nibbles = f.iter().flat_map(|b| [b >> 4, b & 0x0F]).skip(1);
    let mut pad = 0usize;
    loop {
        match nibbles.next() {
            Some(0xB) => pad += 1,
            Some(0xA) => break,
            _ => {
                return Err(Iso9796Error::Malformed(
                    "padding does not end with the nibble A",
                ));
            }
        }
    }
    if partial && pad > 0 {
        return Err(Iso9796Error::Malformed(
            "padding in a partial-recovery header",
        ));
    }
    // Header nibble plus padding plus A: a whole number of bytes.
    let header_nibbles = pad + 2;
    if !header_nibbles.is_multiple_of(2) {
        return Err(Iso9796Error::Malformed("padding is not byte aligned"));
    }
    let header_len = header_nibbles / 2;
    let hash_len = hash.output_len();
    let body_end = f
        .len()
        .checked_sub(trailer_len + hash_len)
        .filter(|&end| end >= header_len)
        .ok_or(Iso9796Error::Malformed(
            "too short for header, hash and trailer",
        ))?;
    let m1 = f.get(header_len..body_end).unwrap_or_default().to_vec();
    let digest = f
        .get(body_end..body_end + hash_len)
        .unwrap_or_default()
        .to_vec();
    Ok(Recovered {
        partial,
        m1,
        digest,
        hash,
        explicit_trailer: explicit,
    })
}

/// Opens `signature` and checks that it covers M1 ‖ `m2` with partial recovery
/// (ICAO 9303-11 §6.1: M2 is the terminal's challenge). Returns what was recovered.
pub fn verify(n: &[u8], e: &[u8], signature: &[u8], m2: &[u8]) -> Result<Recovered, Iso9796Error> {
    let f = open(n, e, signature)?;
    let r = parse_representative(&f)?;
    if !r.partial {
        return Err(Iso9796Error::TotalRecovery);
    }
    let expected = r.hash.digest_parts(&[&r.m1, m2]);
    if subtle::ConstantTimeEq::ct_eq(expected.as_slice(), r.digest.as_slice()).into() {
        Ok(r)
    } else {
        Err(Iso9796Error::HashMismatch)
    }
}

/// An RSA private key that makes ISO/IEC 9796-2 scheme 1 signatures (for test chips).
#[derive(Debug, Clone)]
pub struct Iso9796Signer {
    key: RsaPrivateKey,
}

impl Iso9796Signer {
    /// The key from its PKCS #1 RSAPrivateKey DER.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, Iso9796Error> {
        use ::rsa::pkcs1::DecodeRsaPrivateKey;
        let key =
            RsaPrivateKey::from_pkcs1_der(der).map_err(|e| Iso9796Error::BadKey(e.to_string()))?;
        Ok(Iso9796Signer { key })
    }

    /// The modulus, big-endian.
    pub fn modulus(&self) -> Vec<u8> {
        self.key.n_bytes().into_vec()
    }

    /// The public exponent, big-endian.
    pub fn exponent(&self) -> Vec<u8> {
        self.key.e_bytes().into_vec()
    }

    /// Signs M1 ‖ `m2` with partial recovery: M1 is `filler` cut or zero-extended to fill the
    /// representative; `explicit` chooses the two-byte trailer (required for SHA-2); `rng`
    /// blinds the private-key operation.
    pub fn sign<R: rand_core::TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        hash: HashAlgorithm,
        explicit: bool,
        filler: &[u8],
        m2: &[u8],
    ) -> Result<Vec<u8>, Iso9796Error> {
        let k = modulus_bits(&self.modulus());
        // A representative of k − 1 bits at most: header 6A, then the rest.
        let len = k.saturating_sub(1).div_ceil(8);
        let trailer: Vec<u8> = if explicit {
            vec![hash_id(hash), 0xCC]
        } else if hash == HashAlgorithm::Sha1 {
            vec![0xBC]
        } else {
            return Err(Iso9796Error::UnsupportedHash(hash_id(hash)));
        };
        let m1_len = len
            .checked_sub(1 + hash.output_len() + trailer.len())
            .ok_or(Iso9796Error::BadKey("modulus too short".into()))?;
        let mut m1: Vec<u8> = filler.iter().copied().take(m1_len).collect();
        m1.resize(m1_len, 0);
        let digest = hash.digest_parts(&[&m1, m2]);
        let mut f = Zeroizing::new(Vec::with_capacity(len));
        f.push(0x6A);
        f.extend_from_slice(&m1);
        f.extend_from_slice(&digest);
        f.extend_from_slice(&trailer);
        let n = self.key.n();
        let precision = n.as_ref().bits_precision();
        let fv = BoxedUint::from_be_slice(&f, precision).map_err(|_| Iso9796Error::OutOfRange)?;
        let s = ::rsa::hazmat::rsa_decrypt_and_check(&self.key, Some(rng), &fv)
            .map_err(|e| Iso9796Error::BadKey(e.to_string()))?;
        // Σ = min(s, n − s) (ISO/IEC 9796-2 §B.6).
        let other = n.as_ref().wrapping_sub(&s);
        let sig = if other < s { other } else { s };
        let mut out = sig.to_be_bytes().into_vec();
        let size = self.key.size();
        let cut = out.len().saturating_sub(size);
        out.drain(..cut);
        Ok(out)
    }
}

#[cfg(test)]
#[path = "iso9796_2_tests.rs"]
mod tests;

/// The `aa_signature` fuzz target's property: opening any bytes as a signature under a fixed
/// test key, and parsing any bytes as a representative, never panics; what parses fits in it.
#[cfg(feature = "emulator")]
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    use crate::emulator::specimen::keys::{PASSPORT_UTO_AA_RSA_MODULUS, unhex};
    let n = unhex(PASSPORT_UTO_AA_RSA_MODULUS);
    let e = [0x01, 0x00, 0x01];
    for f in [open(&n, &e, data).ok(), Some(data.to_vec())]
        .into_iter()
        .flatten()
    {
        if let Ok(r) = parse_representative(&f) {
            assert!(r.m1.len() + r.digest.len() < f.len());
            assert_eq!(r.digest.len(), r.hash.output_len());
        }
    }
}
