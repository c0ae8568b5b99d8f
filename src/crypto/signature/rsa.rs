//! RSA signature verification (RFC 8017): PKCS#1 v1.5 with a DigestInfo prefix and PSS.
//! Keys are taken as raw modulus and exponent so no ASN.1 is needed here.
//!
//! Verification only, on public data (key, signature, digest): the public operation runs in
//! variable time ([`super::rsa_public`]) and the padding checks may return early.

use super::SignatureError;
use super::rsa_public::public_op_vartime;
use crate::crypto::hash::HashAlgorithm;

/// Largest modulus accepted, in bits (CSCA keys go up to 4096; leave room).
const MAX_MODULUS_BITS: usize = 8192;
/// Smallest modulus accepted, in bits (old DSCs used 1024).
const MIN_MODULUS_BITS: usize = 1024;
/// Largest public exponent accepted (as the `rsa` crate: 2^33 − 1).
const MAX_EXPONENT: u64 = (1 << 33) - 1;

/// A checked public key: modulus without leading zero bytes, its bit length, the exponent.
struct Key<'a> {
    n: &'a [u8],
    e: &'a [u8],
    bits: usize,
}

impl Key<'_> {
    /// The modulus length in bytes (k in RFC 8017).
    fn len(&self) -> usize {
        self.n.len()
    }
}

fn strip(b: &[u8]) -> &[u8] {
    let lead = b.iter().take_while(|&&x| x == 0).count();
    b.get(lead..).unwrap_or_default()
}

fn key<'a>(n: &'a [u8], e: &'a [u8]) -> Result<Key<'a>, SignatureError> {
    let bad = |why: &str| Err(SignatureError::BadKey(format!("RSA key: {why}")));
    let n = strip(n);
    let e = strip(e);
    let top = n.first().map_or(0, |b| 8 - b.leading_zeros() as usize);
    let bits = n.len().saturating_sub(1) * 8 + top;
    if !(MIN_MODULUS_BITS..=MAX_MODULUS_BITS).contains(&bits) {
        return bad(&format!("modulus of {bits} bits"));
    }
    if n.last().is_none_or(|b| b & 1 == 0) {
        return bad("even modulus");
    }
    let e_value = if e.len() <= 8 {
        e.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
    } else {
        u64::MAX
    };
    if e_value & 1 == 0 || !(3..=MAX_EXPONENT).contains(&e_value) {
        return bad("public exponent out of range or even");
    }
    Ok(Key { n, e, bits })
}

/// RSAVP1 (RFC 8017 §5.2.2) with the signature left-padded to the modulus length first
/// (some encoders drop leading zero bytes): the encoded message of `k` bytes.
fn open(key: &Key<'_>, sig: &[u8]) -> Result<Vec<u8>, SignatureError> {
    let sig = strip(sig);
    if sig.len() > key.len() {
        return Err(SignatureError::Invalid);
    }
    let m = public_op_vartime(key.n, key.e, sig).ok_or(SignatureError::Invalid)?;
    let mut em = vec![0u8; key.len().saturating_sub(m.len())];
    em.extend_from_slice(&m);
    Ok(em)
}

/// The DER DigestInfo prefix for `hash` (RFC 8017 §9.2 note 1), parameters NULL.
pub(crate) fn digest_info_prefix(hash: HashAlgorithm) -> &'static [u8] {
    match hash {
        HashAlgorithm::Sha1 => &[
            0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
            0x14,
        ],
        HashAlgorithm::Sha224 => &[
            0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x04, 0x05, 0x00, 0x04, 0x1c,
        ],
        HashAlgorithm::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        HashAlgorithm::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        HashAlgorithm::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
    }
}

/// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) of a precomputed digest: the recovered
/// message must equal EMSA-PKCS1-v1_5(digest) = 00 01 FF…FF 00 DigestInfo, byte for byte.
pub(super) fn verify_pkcs1(
    n: &[u8],
    e: &[u8],
    hash: HashAlgorithm,
    digest: &[u8],
    sig: &[u8],
) -> Result<(), SignatureError> {
    let key = key(n, e)?;
    let em = open(&key, sig)?;
    let prefix = digest_info_prefix(hash);
    let t_len = prefix.len() + digest.len();
    // RFC 8017 §9.2 step 3: at least eight 0xFF bytes of padding.
    let pad_len = key
        .len()
        .checked_sub(t_len + 3)
        .filter(|&p| p >= 8)
        .ok_or(SignatureError::Invalid)?;
    let mut expected = Vec::with_capacity(key.len());
    expected.extend_from_slice(&[0x00, 0x01]);
    expected.resize(2 + pad_len, 0xFF);
    expected.push(0x00);
    expected.extend_from_slice(prefix);
    expected.extend_from_slice(digest);
    if em == expected {
        Ok(())
    } else {
        Err(SignatureError::Invalid)
    }
}

/// MGF1 (RFC 8017 §B.2.1) with `hash`: `len` bytes of mask from `seed`.
fn mgf1(hash: HashAlgorithm, seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + hash.output_len());
    let mut counter = 0u32;
    while out.len() < len {
        out.extend(hash.digest_parts(&[seed, &counter.to_be_bytes()]));
        counter = counter.wrapping_add(1);
    }
    out.truncate(len);
    out
}

/// RSASSA-PSS verification (RFC 8017 §8.1.2 with EMSA-PSS-VERIFY, §9.1.2) of a precomputed
/// digest, with an explicit salt length.
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
    let em_full = open(&key, sig)?;
    // §8.1.2 step 2c: EM = I2OSP(m, emLen) with emBits = modBits − 1; when emBits is a
    // multiple of 8 the leading byte of the k-byte value must be zero and is dropped.
    let em_bits = key.bits - 1;
    let em_len = em_bits.div_ceil(8);
    let skip = key.len() - em_len;
    if em_full.iter().take(skip).any(|&b| b != 0) {
        return Err(SignatureError::Invalid);
    }
    let em = em_full.get(skip..).ok_or(SignatureError::Invalid)?;
    let h_len = hash.output_len();
    // §9.1.2 steps 3–4.
    if em_len < h_len + salt_len + 2 || em.last() != Some(&0xBC) {
        return Err(SignatureError::Invalid);
    }
    let db_len = em_len - h_len - 1;
    let (masked_db, rest) = em.split_at(db_len);
    let h = rest.get(..h_len).ok_or(SignatureError::Invalid)?;
    // Step 6: the leftmost 8·emLen − emBits bits of maskedDB must be zero.
    let top_mask = 0xFFu8 >> (8 * em_len - em_bits);
    if masked_db.first().is_some_and(|&b| b & !top_mask != 0) {
        return Err(SignatureError::Invalid);
    }
    // Steps 7–9.
    let mut db: Vec<u8> = masked_db
        .iter()
        .zip(mgf1(hash, h, db_len))
        .map(|(a, b)| a ^ b)
        .collect();
    if let Some(first) = db.first_mut() {
        *first &= top_mask;
    }
    // Step 10: PS zeros, then 0x01, then the salt.
    let ps_len = db_len - salt_len - 1;
    if db.iter().take(ps_len).any(|&b| b != 0) || db.get(ps_len) != Some(&0x01) {
        return Err(SignatureError::Invalid);
    }
    let salt = db.get(ps_len + 1..).ok_or(SignatureError::Invalid)?;
    // Steps 12–14: H' = Hash(00×8 ‖ mHash ‖ salt) must equal H.
    let h2 = hash.digest_parts(&[&[0u8; 8], digest, salt]);
    if h2 == h {
        Ok(())
    } else {
        Err(SignatureError::Invalid)
    }
}
