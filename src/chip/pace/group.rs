//! The group a PACE run computes in (ICAO 9303-11 §4.4.3.3, BSI TR-03110-3 §A.3): an elliptic
//! curve or a prime-order subgroup of a MODP group, behind one interface on encoded elements.

use super::PaceError;

/// One PACE group. Elements (points, DH values) cross this interface encoded: an uncompressed
/// SEC1 point `04‖X‖Y`, or a DH value as a big-endian integer as long as p
/// (ICAO 9303-11 §4.4.3.3: public keys as in the 7F49 object, tags 86 and 84).
pub(crate) trait Group: Send + Sync {
    /// Bytes of a private key (the length of the group order).
    fn private_len(&self) -> usize;
    /// Turns `candidate` (`private_len` random bytes) into a private key in place: clears the
    /// bits above the order's length; false when the result is 0 or not below the order.
    fn accept_private(&self, candidate: &mut [u8]) -> bool;
    /// The standard generator, encoded.
    fn generator(&self) -> Vec<u8>;
    /// `private`·`base` (scalar multiplication, or modular exponentiation), encoded.
    fn mul(&self, base: &[u8], private: &[u8]) -> Result<Vec<u8>, PaceError>;
    /// Checks a public key the other side sent: a valid element, not the identity, in the
    /// prime-order subgroup.
    fn check_public(&self, public: &[u8]) -> Result<(), PaceError>;
    /// Generic Mapping (ICAO 9303-11 §4.4.3.3.1): `s`·G + H, or g^s·h mod p.
    fn map_generic(&self, nonce: &[u8], shared: &[u8]) -> Result<Vec<u8>, PaceError>;
    /// Integrated Mapping (ICAO 9303-11 §4.4.3.3.2): the generator from the pseudo-random
    /// output R(s, t), reduced modulo p here.
    fn map_integrated(&self, random: &[u8]) -> Result<Vec<u8>, PaceError>;
    /// The shared secret K from an agreed element: the x-coordinate, or the DH value
    /// (ICAO 9303-11 §4.4.3.4; BSI TR-03111 §4.3.1).
    fn shared_secret(&self, element: &[u8]) -> Vec<u8>;
    /// Bits of the field modulus p (the pseudo-random function's output length depends on it).
    fn modulus_bits(&self) -> usize;
    /// The tag of the public key in the 7F49 object: 86 (EC point) or 84 (DH value).
    fn public_tag(&self) -> u8;
}

/// Draws a private key from `rng` by rejection (a recorded run's keys come back unchanged);
/// gives up after 128 draws, which only a broken RNG needs.
pub(crate) fn random_private<R: rand_core::CryptoRng + ?Sized>(
    group: &dyn Group,
    rng: &mut R,
) -> Result<zeroize::Zeroizing<Vec<u8>>, PaceError> {
    let mut k = zeroize::Zeroizing::new(vec![0u8; group.private_len()]);
    for _ in 0..128 {
        rng.fill_bytes(&mut k);
        if group.accept_private(&mut k) {
            return Ok(k);
        }
    }
    Err(PaceError::Crypto(
        "the random source yields no usable private key".into(),
    ))
}
