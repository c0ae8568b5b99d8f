//! The key-agreement group of Chip Authentication v1: an elliptic curve (ECDH, `crypto::ecdh`)
//! or a prime-order subgroup of a MODP group (DH, PACE's MODP arithmetic) taken from the key.

use crate::chip::auth::auth_key::ec_curve;
use crate::crypto::agreement::{self, DhGroup, Group, GroupError, ModpId};
use crate::crypto::curves::NamedCurve;
use crate::lds::PublicKey as LdsKey;
use crate::tlv;
use rand_core::CryptoRng;
use zeroize::Zeroizing;

/// Smallest MODP modulus accepted for DH chip authentication, in bits.
const MIN_P_BITS: usize = 1024;
/// Largest MODP modulus accepted, in bits.
const MAX_P_BITS: usize = 4096;
/// Smallest subgroup order accepted, in bits (X9.42 asks for at least 160).
const MIN_Q_BITS: usize = 160;

/// MODP domain parameters of a DH chip-authentication key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DhDomain {
    /// One of the standardized groups 0–2 (RFC 5114 §2.1–2.3; BSI TR-03110-3 A.2.1.1).
    Standardized(ModpId),
    /// Explicit ANSI X9.42 DomainParameters: p, g, q as unsigned big-endian integers.
    Explicit {
        /// The prime modulus.
        p: Vec<u8>,
        /// The generator of the subgroup.
        g: Vec<u8>,
        /// The subgroup's prime order.
        q: Vec<u8>,
    },
}

/// The group Chip Authentication agrees a key in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaGroup {
    /// ECDH on a named curve (BSI TR-03111 §4.3.1).
    Ec(NamedCurve),
    /// DH in a MODP group (ANSI X9.42; ICAO 9303-11 §9.4.2).
    Dh(DhDomain),
}

impl From<NamedCurve> for CaGroup {
    fn from(curve: NamedCurve) -> Self {
        CaGroup::Ec(curve)
    }
}

fn unsigned(v: &[u8]) -> Vec<u8> {
    let lead = v.iter().take_while(|&&b| b == 0).count();
    v.get(lead..).unwrap_or_default().to_vec()
}

fn bits(v: &[u8]) -> usize {
    let v = unsigned(v);
    let top = v.first().map_or(0, |b| 8 - b.leading_zeros() as usize);
    v.len().saturating_sub(1) * 8 + top
}

fn text(e: GroupError) -> String {
    e.to_string()
}

impl DhDomain {
    /// Reads a DH key's parameters as stored in its AlgorithmIdentifier: an INTEGER naming a
    /// standardized group, or DomainParameters ::= SEQUENCE { p, g, q, j OPTIONAL, … }
    /// (ANSI X9.42, RFC 3279 §2.3.3). `Err` says why they are unusable.
    pub fn parse(parameters: &[u8]) -> Result<Self, String> {
        let (t, _) = tlv::parse_one(parameters).map_err(|e| format!("DH parameters: {e}"))?;
        match t.tag {
            0x02 => {
                let id = unsigned(t.value);
                let id = match id.as_slice() {
                    [] => Some(ModpId::Modp1024_160),
                    [id] => ModpId::from_id(u64::from(*id)),
                    _ => None,
                };
                id.map(DhDomain::Standardized)
                    .ok_or_else(|| "DH parameters: not a standardized MODP group (0-2)".into())
            }
            0x30 => {
                let parts = tlv::parse_all(t.value).map_err(|e| format!("DH parameters: {e}"))?;
                match parts.as_slice() {
                    [p, g, q, ..] if [p, g, q].iter().all(|i| i.tag == 0x02) => {
                        let d = DhDomain::Explicit {
                            p: unsigned(p.value),
                            g: unsigned(g.value),
                            q: unsigned(q.value),
                        };
                        d.check()?;
                        Ok(d)
                    }
                    _ => Err(
                        "DH parameters: not ANSI X9.42 DomainParameters (p, g, q); PKCS #3 \
                         parameters without q are not supported"
                            .into(),
                    ),
                }
            }
            _ => Err("DH parameters: neither an INTEGER nor a SEQUENCE".into()),
        }
    }

    /// Checks explicit parameters before any key is used: sizes, the group's own shape
    /// checks (p odd, q divides p − 1) and g of order q (g^q = 1 mod p).
    fn check(&self) -> Result<(), String> {
        let DhDomain::Explicit { p, g, q } = self else {
            return Ok(());
        };
        let (pb, qb) = (bits(p), bits(q));
        if !(MIN_P_BITS..=MAX_P_BITS).contains(&pb) {
            return Err(format!(
                "DH modulus of {pb} bits (supported {MIN_P_BITS}-{MAX_P_BITS})"
            ));
        }
        if qb < MIN_Q_BITS || qb >= pb {
            return Err(format!("DH subgroup order of {qb} bits for a {pb}-bit p"));
        }
        let group = DhGroup::new(p, g, q).map_err(text)?;
        group
            .check_public(g)
            .map_err(|_| "DH generator is not of order q".to_string())
    }
}

impl CaGroup {
    /// The group and the chip's public value of a DG14 / EF.CardSecurity key: an EC point or
    /// the DH value y. `Err` says why the key is unusable here.
    pub fn from_key(key: &LdsKey) -> Result<(Self, Vec<u8>), String> {
        match key {
            LdsKey::Ec { parameters, point } => {
                let curve = ec_curve(parameters)
                    .ok_or("the key's curve is not one this library implements")?;
                Ok((CaGroup::Ec(curve), point.clone()))
            }
            LdsKey::Dh { parameters, public } => {
                Ok((CaGroup::Dh(DhDomain::parse(parameters)?), public.clone()))
            }
            _ => Err("the key is neither an EC nor a DH key".into()),
        }
    }

    /// A name for the report, e.g. `EC brainpoolP256r1` or `DH-2048`.
    pub fn name(&self) -> String {
        match self {
            CaGroup::Ec(c) => format!("EC {}", c.name()),
            CaGroup::Dh(DhDomain::Standardized(ModpId::Modp1024_160)) => {
                "DH-1024 (RFC 5114 §2.1)".into()
            }
            CaGroup::Dh(DhDomain::Standardized(ModpId::Modp2048_224)) => {
                "DH-2048/224 (RFC 5114 §2.2)".into()
            }
            CaGroup::Dh(DhDomain::Standardized(ModpId::Modp2048_256)) => {
                "DH-2048/256 (RFC 5114 §2.3)".into()
            }
            CaGroup::Dh(DhDomain::Explicit { p, .. }) => format!("DH-{}", bits(p)),
        }
    }

    /// The arithmetic of this group.
    fn group(&self) -> Result<Box<dyn Group>, String> {
        match self {
            CaGroup::Ec(curve) => Ok(agreement::curve(*curve)),
            CaGroup::Dh(DhDomain::Standardized(id)) => {
                Ok(Box::new(DhGroup::standard(*id).map_err(text)?))
            }
            CaGroup::Dh(DhDomain::Explicit { p, g, q }) => {
                Ok(Box::new(DhGroup::new(p, g, q).map_err(text)?))
            }
        }
    }

    /// Draws an ephemeral private key from `rng` (rejection sampling, bounded).
    pub fn draw_private<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
    ) -> Result<Zeroizing<Vec<u8>>, String> {
        agreement::random_private_rng(self.group()?.as_ref(), rng).map_err(text)
    }

    /// The public key of `private`: an uncompressed point, or g^x mod p as long as p.
    pub fn public_key(&self, private: &[u8]) -> Result<Vec<u8>, String> {
        let g = self.group()?;
        g.mul(&g.generator(), private).map_err(text)
    }

    /// The shared secret with the peer's public key, after validating it: the x-coordinate
    /// (ECDH), or peer^x mod p as a byte string as long as p (DH; ICAO 9303-11 §9.7.1,
    /// BSI TR-03110-3 A.3.1 / TR-03111 §4.3.1).
    pub fn shared_secret(&self, private: &[u8], peer: &[u8]) -> Result<Zeroizing<Vec<u8>>, String> {
        agreement::agree(self.group()?.as_ref(), private, peer).map_err(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// testdata/clone/dh_x942.json: an ANSI X9.42 group, two key pairs and their shared
    /// secret, all made by OpenSSL (testdata/clone/generate.py).
    fn openssl_vectors() -> serde_json::Value {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/clone/dh_x942.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn hex_at(v: &serde_json::Value, key: &str) -> Vec<u8> {
        hex::decode(v[key].as_str().unwrap()).unwrap()
    }

    #[test]
    fn dh_agrees_with_openssl_on_an_x942_group() {
        let v = openssl_vectors();
        let domain = DhDomain::parse(&hex_at(&v, "domain_parameters_der")).unwrap();
        let group = CaGroup::Dh(domain);
        assert_eq!(group.name(), "DH-1024");
        for (me, peer) in [("a", "b"), ("b", "a")] {
            let private = hex_at(&v, &format!("private_{me}"));
            assert_eq!(
                group.public_key(&private).unwrap(),
                hex_at(&v, &format!("public_{me}"))
            );
            let k = group
                .shared_secret(&private, &hex_at(&v, &format!("public_{peer}")))
                .unwrap();
            assert_eq!(*k, hex_at(&v, "shared_secret"));
        }
    }

    #[test]
    #[cfg(feature = "emulator")]
    fn dh_both_sides_agree_in_the_standardized_groups_and_bad_values_are_refused() {
        let mut rng = crate::emulator::SeededRng::new([5; 32]);
        for id in ModpId::ALL {
            let group = CaGroup::Dh(DhDomain::Standardized(id));
            let a = group.draw_private(&mut rng).unwrap();
            let b = group.draw_private(&mut rng).unwrap();
            let (pa, pb) = (group.public_key(&a).unwrap(), group.public_key(&b).unwrap());
            let k1 = group.shared_secret(&a, &pb).unwrap();
            let k2 = group.shared_secret(&b, &pa).unwrap();
            assert_eq!(*k1, *k2, "{}", group.name());
            // The shared secret is as long as p, leading zeros included.
            assert_eq!(k1.len(), pa.len());
            // Values outside the range or the subgroup are refused.
            for bad in [vec![1u8], vec![0u8], vec![0xFF; pa.len() + 1], vec![2u8]] {
                assert!(group.shared_secret(&a, &bad).is_err(), "{bad:02X?}");
            }
        }
    }

    #[test]
    fn unusable_dh_parameters_are_refused_with_a_reason() {
        let der = hex_at(&openssl_vectors(), "domain_parameters_der");
        let outer = tlv::parse_one(&der).unwrap().0;
        let parts = tlv::parse_all(outer.value).unwrap();
        let raw = |i: usize| parts[i].raw.to_vec();
        // PKCS #3 style (p, g) only, a small p, a wrong generator, an even p, garbage.
        let pg = tlv::tlv(0x30, &[raw(0), raw(1)].concat());
        assert!(DhDomain::parse(&pg).unwrap_err().contains("X9.42"));
        let small = tlv::tlv(
            0x30,
            &[tlv::tlv(2, &[0x7F; 64]), raw(1), tlv::tlv(2, &[0x7F; 20])].concat(),
        );
        assert!(DhDomain::parse(&small).unwrap_err().contains("bits"));
        let wrong_g = tlv::tlv(0x30, &[raw(0), tlv::tlv(2, &[3]), raw(2)].concat());
        assert!(DhDomain::parse(&wrong_g).unwrap_err().contains("order q"));
        let mut p_even = parts[0].value.to_vec();
        *p_even.last_mut().unwrap() &= 0xFE;
        let even = tlv::tlv(0x30, &[tlv::tlv(2, &p_even), raw(1), raw(2)].concat());
        assert!(DhDomain::parse(&even).unwrap_err().contains("even"));
        for bad in [&[][..], &[0x30], &[0x02, 0x01, 0x07], &[0x04, 0x00]] {
            assert!(DhDomain::parse(bad).is_err(), "{bad:02X?}");
        }
        assert_eq!(
            DhDomain::parse(&[0x02, 0x01, 0x01]),
            Ok(DhDomain::Standardized(ModpId::Modp2048_224))
        );
    }
}
