//! Key-agreement groups for PACE and chip authentication: an elliptic curve or a prime-order
//! subgroup of a MODP group behind one interface on encoded elements (BSI TR-03111 §4.3.1,
//! ICAO 9303-11 §4.4.3.3 and §9.5.1), with PACE's Generic and Integrated Mappings.

mod ec;
mod modp;
mod p256_fiat;
mod p256_field;

pub use modp::{DhGroup, ModpId};

use super::curves::NamedCurve;

/// Why a group operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GroupError {
    /// A public key from the other side that is not a valid element of the group.
    #[error("bad public key: {0}")]
    BadPublicKey(&'static str),
    /// A private key that is zero, too long or not below the group order.
    #[error("bad private key: {0}")]
    BadPrivateKey(&'static str),
    /// The operation is not defined on this group (e.g. the Integrated Mapping on P-224).
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// A computation that cannot be done: the identity as a result, a degenerate input.
    #[error("{0}")]
    Failed(&'static str),
}

/// One key-agreement group. Elements cross this interface encoded: an uncompressed SEC1 point
/// `04‖X‖Y`, or a DH value as a big-endian integer as long as p (ICAO 9303-11 §9.4: public
/// keys as in the 7F49 object, tags 86 and 84).
pub trait Group: Send + Sync {
    /// Bytes of a private key (the length of the group order).
    fn private_len(&self) -> usize;
    /// Turns `candidate` (`private_len` random bytes) into a private key in place: clears the
    /// bits above the order's length; false when the result is 0 or not below the order.
    /// A public comparison of a fresh candidate during rejection sampling.
    fn accept_private(&self, candidate: &mut [u8]) -> bool;
    /// The standard generator, encoded.
    fn generator(&self) -> Vec<u8>;
    /// `private`·`base` (scalar multiplication, or modular exponentiation), encoded; constant
    /// time in `private`.
    fn mul(&self, base: &[u8], private: &[u8]) -> Result<Vec<u8>, GroupError>;
    /// Checks a public key the other side sent: a valid element, not the identity, in the
    /// prime-order subgroup (BSI TR-03111 §3.2.2.1 and §4.3.1).
    fn check_public(&self, public: &[u8]) -> Result<(), GroupError>;
    /// PACE Generic Mapping (ICAO 9303-11 §4.4.3.3.1): `s`·G + H, or g^s·h mod p.
    fn map_generic(&self, nonce: &[u8], shared: &[u8]) -> Result<Vec<u8>, GroupError>;
    /// PACE Integrated Mapping (ICAO 9303-11 §4.4.3.3.2): the generator from the
    /// pseudo-random output R(s, t), reduced modulo p here.
    fn map_integrated(&self, random: &[u8]) -> Result<Vec<u8>, GroupError>;
    /// The shared secret K from an agreed element: the x-coordinate, or the DH value
    /// (ICAO 9303-11 §4.4.3.4; BSI TR-03111 §4.3.1).
    fn shared_secret(&self, element: &[u8]) -> Vec<u8>;
    /// Bits of the field modulus p (the pseudo-random function's output length depends on it).
    fn modulus_bits(&self) -> usize;
    /// The tag of the public key in the 7F49 object: 86 (EC point) or 84 (DH value).
    fn public_tag(&self) -> u8;
}

/// The group of a named curve.
pub fn curve(curve: NamedCurve) -> Box<dyn Group> {
    ec::group(curve)
}

/// Draws a private key for `group` from `fill` by rejection (a recorded run's keys come back
/// unchanged); gives up after 128 draws, which only a broken source needs.
pub fn random_private(
    group: &dyn Group,
    fill: &mut dyn FnMut(&mut [u8]),
) -> Result<zeroize::Zeroizing<Vec<u8>>, GroupError> {
    let mut k = zeroize::Zeroizing::new(vec![0u8; group.private_len()]);
    for _ in 0..128 {
        fill(&mut k);
        if group.accept_private(&mut k) {
            return Ok(k);
        }
    }
    Err(GroupError::Failed(
        "the random source yields no usable private key",
    ))
}

/// A private key drawn from a `CryptoRng` (see [`random_private`]).
pub fn random_private_rng<R: rand_core::CryptoRng + ?Sized>(
    group: &dyn Group,
    rng: &mut R,
) -> Result<zeroize::Zeroizing<Vec<u8>>, GroupError> {
    random_private(group, &mut |b: &mut [u8]| rng.fill_bytes(b))
}

/// Key agreement (BSI TR-03111 §4.3.1, ECKA-DH; X9.42 DH): validates the peer's public key,
/// then the shared secret K of `private`·`peer` (x-coordinate or DH value).
pub fn agree(
    group: &dyn Group,
    private: &[u8],
    peer: &[u8],
) -> Result<zeroize::Zeroizing<Vec<u8>>, GroupError> {
    group.check_public(peer)?;
    let element = zeroize::Zeroizing::new(group.mul(peer, private)?);
    Ok(zeroize::Zeroizing::new(group.shared_secret(&element)))
}

/// Accepts a candidate private key below `order` (both big-endian, same length), masking the
/// top byte to the order's bit length first.
fn accept_below(order: &[u8], candidate: &mut [u8]) -> bool {
    let bits = order.first().map_or(0, |b| 8 - b.leading_zeros());
    if let Some(top) = candidate.first_mut() {
        *top &= ((1u16 << bits) - 1) as u8;
    }
    candidate.len() == order.len() && candidate.iter().any(|&b| b != 0) && &*candidate < order
}

/// Bytes from hex, ignoring anything that is not a hex digit (line breaks in constants).
pub(crate) fn unhex(s: &str) -> Vec<u8> {
    let s: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
    s.chunks(2)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .filter_map(|b| u8::from_str_radix(b, 16).ok())
        .collect()
}

/// Bits of a big-endian unsigned integer.
fn bit_len(be: &[u8]) -> usize {
    let lead = be.iter().take_while(|&&b| b == 0).count();
    let rest = be.get(lead..).unwrap_or_default();
    let top = rest.first().map_or(0, |b| b.leading_zeros() as usize);
    (rest.len() * 8).saturating_sub(top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_agree_on_every_group() {
        let mut groups: Vec<Box<dyn Group>> = NamedCurve::ALL.into_iter().map(curve).collect();
        for id in [
            ModpId::Modp1024_160,
            ModpId::Modp2048_224,
            ModpId::Modp2048_256,
        ] {
            groups.push(Box::new(DhGroup::standard(id).unwrap()));
        }
        for g in &groups {
            let mut n = 0u8;
            let mut fill = |b: &mut [u8]| {
                for x in b.iter_mut() {
                    n = n.wrapping_mul(31).wrapping_add(7);
                    *x = n;
                }
            };
            let a = random_private(g.as_ref(), &mut fill).unwrap();
            let b = random_private(g.as_ref(), &mut fill).unwrap();
            let pa = g.mul(&g.generator(), &a).unwrap();
            let pb = g.mul(&g.generator(), &b).unwrap();
            g.check_public(&pa).unwrap();
            assert_eq!(g.mul(&pb, &a).unwrap(), g.mul(&pa, &b).unwrap());
            let mut off = pb.clone();
            let last = off.len() - 1;
            off[last] ^= 1;
            assert!(matches!(
                g.check_public(&off),
                Err(GroupError::BadPublicKey(_))
            ));
            assert!(g.check_public(&pb[..pb.len() / 2]).is_err());
        }
    }

    #[test]
    fn a_source_that_never_yields_a_key_is_an_error() {
        let g = curve(NamedCurve::P256);
        let mut zeros = |b: &mut [u8]| b.fill(0);
        assert!(random_private(g.as_ref(), &mut zeros).is_err());
    }
}
