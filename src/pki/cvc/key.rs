//! The public key DO'7F49' of a card-verifiable certificate (BSI TR-03110-3 §D.3): the id-TA
//! algorithm OID, and either an EC key (domain parameters 81–85, 87 in CVCA certificates, the
//! point 86 always) or an RSA key (81 modulus, 82 exponent).

use super::CvcError;
use crate::crypto::curves::NamedCurve;
use crate::crypto::hash::HashAlgorithm;
use crate::crypto::signature::{PublicKey, SignatureAlgorithm};
use crate::tlv;

/// The signature algorithm an id-TA OID names (BSI TR-03110-3 §A.6.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum CvcKeyAlgorithm {
    /// id-TA-ECDSA-SHA-*: ECDSA, plain signature format.
    Ecdsa(HashAlgorithm),
    /// id-TA-RSA-v1-5-SHA-*.
    RsaPkcs1(HashAlgorithm),
    /// id-TA-RSA-PSS-SHA-* (MGF1 with the same hash, salt the hash length).
    RsaPss(HashAlgorithm),
}

const ID_TA: &str = "0.4.0.127.0.7.2.2.2";

impl CvcKeyAlgorithm {
    const TABLE: [(&'static str, CvcKeyAlgorithm); 11] = [
        ("1.1", Self::RsaPkcs1(HashAlgorithm::Sha1)),
        ("1.2", Self::RsaPkcs1(HashAlgorithm::Sha256)),
        ("1.3", Self::RsaPss(HashAlgorithm::Sha1)),
        ("1.4", Self::RsaPss(HashAlgorithm::Sha256)),
        ("1.5", Self::RsaPkcs1(HashAlgorithm::Sha512)),
        ("1.6", Self::RsaPss(HashAlgorithm::Sha512)),
        ("2.1", Self::Ecdsa(HashAlgorithm::Sha1)),
        ("2.2", Self::Ecdsa(HashAlgorithm::Sha224)),
        ("2.3", Self::Ecdsa(HashAlgorithm::Sha256)),
        ("2.4", Self::Ecdsa(HashAlgorithm::Sha384)),
        ("2.5", Self::Ecdsa(HashAlgorithm::Sha512)),
    ];

    /// The algorithm for a dotted id-TA OID.
    pub fn from_oid(oid: &str) -> Option<Self> {
        let tail = oid.strip_prefix(ID_TA)?.strip_prefix('.')?;
        Self::TABLE
            .iter()
            .find(|(t, _)| *t == tail)
            .map(|(_, a)| *a)
    }

    /// The dotted OID.
    pub fn oid(self) -> String {
        let tail = Self::TABLE
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("", |(t, _)| t);
        format!("{ID_TA}.{tail}")
    }

    /// The signature algorithm for the crate's verifier.
    pub fn signature_algorithm(self) -> SignatureAlgorithm {
        match self {
            Self::Ecdsa(hash) => SignatureAlgorithm::Ecdsa { hash },
            Self::RsaPkcs1(hash) => SignatureAlgorithm::RsaPkcs1 { hash },
            Self::RsaPss(hash) => SignatureAlgorithm::RsaPss {
                hash,
                mgf_hash: hash,
                salt_len: hash.output_len(),
            },
        }
    }
}

/// Explicit EC domain parameters (only CVCA certificates carry them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcDomain {
    /// 81: prime modulus p.
    pub p: Vec<u8>,
    /// 82: coefficient a.
    pub a: Vec<u8>,
    /// 83: coefficient b.
    pub b: Vec<u8>,
    /// 84: base point G.
    pub g: Vec<u8>,
    /// 85: order r of G.
    pub order: Vec<u8>,
    /// 87: cofactor f.
    pub cofactor: Vec<u8>,
}

impl EcDomain {
    /// The named curve these parameters describe, when known.
    pub fn named_curve(&self) -> Option<NamedCurve> {
        NamedCurve::from_explicit(&self.p, &self.a, &self.b, &self.g, &self.order)
    }

    /// The parameters of a named curve (uncompressed base point, cofactor 1).
    pub fn of(curve: NamedCurve) -> Self {
        let p = curve.params();
        let h = |s: &str| {
            (0..s.len() / 2)
                .filter_map(|i| s.get(2 * i..2 * i + 2))
                .filter_map(|b| u8::from_str_radix(b, 16).ok())
                .collect::<Vec<u8>>()
        };
        let mut g = vec![0x04];
        g.extend(h(p.gx));
        g.extend(h(p.gy));
        EcDomain {
            p: h(p.p),
            a: h(p.a),
            b: h(p.b),
            g,
            order: h(p.n),
            cofactor: vec![1],
        }
    }
}

/// The key material of a certificate's public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CvcKeyData {
    /// An EC public point, with domain parameters when the certificate carries them.
    Ec {
        /// Domain parameters (CVCA certificates), or `None` (inherited from the CVCA).
        domain: Option<EcDomain>,
        /// 86: the public point, SEC1 encoded.
        point: Vec<u8>,
    },
    /// An RSA public key.
    Rsa {
        /// 81: modulus n.
        n: Vec<u8>,
        /// 82: public exponent e.
        e: Vec<u8>,
    },
}

/// A certificate's public key DO'7F49'.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CvcPublicKey {
    /// The dotted id-TA OID.
    pub oid: String,
    /// The algorithm the OID names, when known.
    pub algorithm: Option<CvcKeyAlgorithm>,
    /// The key.
    pub data: CvcKeyData,
}

impl CvcPublicKey {
    /// An EC key (with `domain` for a CVCA certificate).
    pub fn ec(algorithm: CvcKeyAlgorithm, domain: Option<EcDomain>, point: Vec<u8>) -> Self {
        CvcPublicKey {
            oid: algorithm.oid(),
            algorithm: Some(algorithm),
            data: CvcKeyData::Ec { domain, point },
        }
    }

    /// Parses the value of DO'7F49'.
    pub fn parse(value: &[u8]) -> Result<Self, CvcError> {
        let objs = tlv::parse_all(value)?;
        let get = |tag: u32| objs.iter().find(|o| o.tag == tag).map(|o| o.value.to_vec());
        let oid_bytes = get(0x06).ok_or(CvcError::Missing("public key OID (06)"))?;
        let oid = crate::lds::der::oid_to_string(&oid_bytes, "CV certificate")
            .map_err(|e| CvcError::bad("public key OID", e.to_string()))?;
        let algorithm = CvcKeyAlgorithm::from_oid(&oid);
        let data = match algorithm {
            Some(CvcKeyAlgorithm::RsaPkcs1(_) | CvcKeyAlgorithm::RsaPss(_)) => CvcKeyData::Rsa {
                n: get(0x81).ok_or(CvcError::Missing("RSA modulus (81)"))?,
                e: get(0x82).ok_or(CvcError::Missing("RSA exponent (82)"))?,
            },
            _ => {
                let point = get(0x86).ok_or(CvcError::Missing("EC public point (86)"))?;
                let domain = match (get(0x81), get(0x82), get(0x83), get(0x84), get(0x85)) {
                    (Some(p), Some(a), Some(b), Some(g), Some(order)) => Some(EcDomain {
                        p,
                        a,
                        b,
                        g,
                        order,
                        cofactor: get(0x87).unwrap_or_else(|| vec![1]),
                    }),
                    (None, None, None, None, None) => None,
                    _ => {
                        return Err(CvcError::bad(
                            "EC domain parameters",
                            "only some of 81–85 present",
                        ));
                    }
                };
                CvcKeyData::Ec { domain, point }
            }
        };
        Ok(CvcPublicKey {
            oid,
            algorithm,
            data,
        })
    }

    /// The encoded DO'7F49'.
    pub fn encode(&self) -> Vec<u8> {
        let mut v = crate::lds::der::oid_tlv(&self.oid);
        match &self.data {
            CvcKeyData::Rsa { n, e } => {
                v.extend(tlv::tlv(0x81, n));
                v.extend(tlv::tlv(0x82, e));
            }
            CvcKeyData::Ec { domain, point } => {
                if let Some(d) = domain {
                    for (tag, val) in [
                        (0x81, &d.p),
                        (0x82, &d.a),
                        (0x83, &d.b),
                        (0x84, &d.g),
                        (0x85, &d.order),
                    ] {
                        v.extend(tlv::tlv(tag, val));
                    }
                    v.extend(tlv::tlv(0x86, point));
                    v.extend(tlv::tlv(0x87, &d.cofactor));
                } else {
                    v.extend(tlv::tlv(0x86, point));
                }
            }
        }
        tlv::tlv(0x7F49, &v)
    }

    /// The curve of this key's own domain parameters, if it carries them.
    pub fn own_curve(&self) -> Option<NamedCurve> {
        match &self.data {
            CvcKeyData::Ec {
                domain: Some(d), ..
            } => d.named_curve(),
            _ => None,
        }
    }

    /// The key for the crate's verifier; an EC key without parameters takes `inherited`
    /// (the CVCA's curve, BSI TR-03110-3 §2.3.2).
    pub fn to_public_key(&self, inherited: Option<NamedCurve>) -> PublicKey {
        match &self.data {
            CvcKeyData::Rsa { n, e } => PublicKey::Rsa {
                n: n.clone(),
                e: e.clone(),
            },
            CvcKeyData::Ec { domain, point } => {
                let curve = match domain {
                    Some(d) => d.named_curve(),
                    None => inherited,
                };
                match curve {
                    Some(curve) => PublicKey::Ec {
                        curve,
                        point: point.clone(),
                    },
                    None => PublicKey::Unsupported("EC key without known domain parameters".into()),
                }
            }
        }
    }
}
