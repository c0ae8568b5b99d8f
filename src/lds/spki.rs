//! SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) as found in DG15, in DG14's chip
//! authentication keys and in EF.CardSecurity: RSA (RFC 8017 A.1.1), EC with named or
//! explicit parameters (RFC 3279 §2.3.5, BSI TR-03111 §5.1.1) and DH, always kept raw too.

use super::{LdsError, der, text::hex_bytes};
use crate::tlv::{self, Tlv};
use serde::Serialize;

const FILE: &str = "SubjectPublicKeyInfo";
/// rsaEncryption (PKCS #1).
pub const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
/// id-ecPublicKey (X9.62).
pub const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
/// dhpublicnumber (X9.42).
pub const DH_PUBLIC_NUMBER: &str = "1.2.840.10046.2.1";
/// id-PK-DH (BSI TR-03110-3 A.1.1.2), used for chip authentication keys.
pub const ID_PK_DH: &str = "0.4.0.127.0.7.2.2.1.1";
/// id-PK-ECDH (BSI TR-03110-3 A.1.1.2), used for chip authentication keys.
pub const ID_PK_ECDH: &str = "0.4.0.127.0.7.2.2.1.2";
/// standardizedDomainParameters (BSI TR-03110-3 A.2.1.1): the parameters are an INTEGER
/// naming one of the standardized groups (0-2 MODP, 8-18 elliptic curves).
pub const STANDARDIZED_DOMAIN_PARAMETERS: &str = "0.4.0.127.0.7.1.2";
/// prime-field (X9.62).
const PRIME_FIELD: &str = "1.2.840.10045.1.1";

/// An elliptic curve as given by the key's parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum EcParameters {
    /// A named curve (e.g. "1.3.36.3.3.2.8.1.1.7" brainpoolP256r1).
    Named {
        /// The curve's OID.
        oid: String,
    },
    /// Explicit prime-field parameters (most German keys); integers big-endian unsigned
    /// with leading zeros removed, points as stored.
    Explicit(ExplicitCurve),
    /// Parameters absent or NULL (implicitlyCA).
    Implicit,
    /// One of BSI TR-03110-3's standardized domain parameters (8-18), by id.
    Standardized {
        /// The id (e.g. 13 for brainpoolP256r1).
        id: u64,
    },
}

/// Explicit prime-field curve parameters (X9.62 ECParameters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplicitCurve {
    /// The field prime p.
    #[serde(with = "hex_bytes")]
    pub prime: Vec<u8>,
    /// Coefficient a.
    #[serde(with = "hex_bytes")]
    pub a: Vec<u8>,
    /// Coefficient b.
    #[serde(with = "hex_bytes")]
    pub b: Vec<u8>,
    /// The base point G, SEC 1 encoded.
    #[serde(with = "hex_bytes")]
    pub generator: Vec<u8>,
    /// The order n of G.
    #[serde(with = "hex_bytes")]
    pub order: Vec<u8>,
    /// The cofactor h, if given.
    pub cofactor: Option<u64>,
}

/// The public key itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PublicKey {
    /// RSA: modulus and public exponent, unsigned big-endian.
    Rsa {
        /// n.
        #[serde(with = "hex_bytes")]
        modulus: Vec<u8>,
        /// e.
        #[serde(with = "hex_bytes")]
        exponent: Vec<u8>,
    },
    /// EC: curve and point (SEC 1 encoding, usually 04 || x || y).
    Ec {
        /// The curve.
        parameters: EcParameters,
        /// The public point.
        #[serde(with = "hex_bytes")]
        point: Vec<u8>,
    },
    /// DH: the domain parameters as stored and the public value y.
    Dh {
        /// The DER of the parameters.
        #[serde(with = "hex_bytes")]
        parameters: Vec<u8>,
        /// y, unsigned big-endian.
        #[serde(with = "hex_bytes")]
        public: Vec<u8>,
    },
    /// Another algorithm: the key bits as stored.
    Other {
        /// The BIT STRING's content after the unused-bits byte.
        #[serde(with = "hex_bytes")]
        key: Vec<u8>,
    },
}

/// A SubjectPublicKeyInfo: the algorithm, the parsed key and the encoding as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicKeyInfo {
    /// The algorithm OID.
    pub algorithm: String,
    /// The key.
    pub key: PublicKey,
    /// The whole SubjectPublicKeyInfo as read (or as built), for hashing and for crypto.
    #[serde(with = "hex_bytes")]
    pub raw: Vec<u8>,
}

impl PublicKeyInfo {
    /// Parses the SubjectPublicKeyInfo at the start of `data` (trailing bytes ignored).
    pub fn parse(data: &[u8]) -> Result<Self, LdsError> {
        let (spki, _) = tlv::parse_one(data).map_err(LdsError::tlv(FILE))?;
        Self::from_tlv(&spki)
    }

    /// Parses a SubjectPublicKeyInfo element.
    pub fn from_tlv(spki: &Tlv<'_>) -> Result<Self, LdsError> {
        if spki.tag != der::SEQUENCE {
            return Err(LdsError::WrongTag {
                file: FILE,
                expected: der::SEQUENCE,
                found: spki.tag,
            });
        }
        let parts = der::children(spki.value, FILE)?;
        let (alg, bits) = match parts.as_slice() {
            [alg, bits, ..] if alg.tag == der::SEQUENCE && bits.tag == der::BIT_STRING => {
                (alg, bits)
            }
            _ => return Err(malformed("algorithm and key")),
        };
        let alg_parts = der::children(alg.value, FILE)?;
        let oid = alg_parts
            .first()
            .filter(|t| t.tag == der::OID)
            .ok_or(malformed("algorithm identifier"))?;
        let algorithm = der::oid_to_string(oid.value, FILE)?;
        let params = alg_parts.get(1);
        let key_bits = bits.value.get(1..).ok_or(malformed("key bit string"))?;
        let key = match algorithm.as_str() {
            RSA_ENCRYPTION => {
                let (seq, _) = tlv::parse_one(key_bits).map_err(LdsError::tlv(FILE))?;
                let ints = der::children(seq.value, FILE)?;
                match ints.as_slice() {
                    [n, e, ..] if n.tag == der::INTEGER && e.tag == der::INTEGER => {
                        PublicKey::Rsa {
                            modulus: unsigned(n.value),
                            exponent: unsigned(e.value),
                        }
                    }
                    _ => return Err(malformed("RSA public key")),
                }
            }
            EC_PUBLIC_KEY | ID_PK_ECDH => PublicKey::Ec {
                parameters: ec_parameters(params)?,
                point: key_bits.to_vec(),
            },
            DH_PUBLIC_NUMBER | ID_PK_DH => {
                let (y, _) = tlv::parse_one(key_bits).map_err(LdsError::tlv(FILE))?;
                if y.tag != der::INTEGER {
                    return Err(malformed("DH public value"));
                }
                PublicKey::Dh {
                    parameters: params.map(|p| p.raw.to_vec()).unwrap_or_default(),
                    public: unsigned(y.value),
                }
            }
            STANDARDIZED_DOMAIN_PARAMETERS => {
                let id = match params {
                    Some(p) if p.tag == der::INTEGER => {
                        der::uint(p.value, FILE, "standardized domain parameter id")?
                    }
                    _ => return Err(malformed("standardized domain parameter id")),
                };
                if id <= 2 {
                    let (y, _) = tlv::parse_one(key_bits).map_err(LdsError::tlv(FILE))?;
                    if y.tag != der::INTEGER {
                        return Err(malformed("DH public value"));
                    }
                    PublicKey::Dh {
                        parameters: params.map(|p| p.raw.to_vec()).unwrap_or_default(),
                        public: unsigned(y.value),
                    }
                } else {
                    PublicKey::Ec {
                        parameters: EcParameters::Standardized { id },
                        point: key_bits.to_vec(),
                    }
                }
            }
            _ => PublicKey::Other {
                key: key_bits.to_vec(),
            },
        };
        Ok(PublicKeyInfo {
            algorithm,
            key,
            raw: spki.raw.to_vec(),
        })
    }

    /// An EC key on a named curve, DER encoded.
    pub fn ec_named(curve_oid: &str, point: Vec<u8>) -> Self {
        Self::build(
            EC_PUBLIC_KEY,
            PublicKey::Ec {
                parameters: EcParameters::Named {
                    oid: curve_oid.to_string(),
                },
                point,
            },
        )
    }

    /// An RSA key, DER encoded.
    pub fn rsa(modulus: Vec<u8>, exponent: Vec<u8>) -> Self {
        Self::build(
            RSA_ENCRYPTION,
            PublicKey::Rsa {
                modulus: unsigned(&modulus),
                exponent: unsigned(&exponent),
            },
        )
    }

    /// A key of `algorithm` with `key`, DER encoded (`raw` filled in).
    pub fn build(algorithm: &str, key: PublicKey) -> Self {
        let mut info = PublicKeyInfo {
            algorithm: algorithm.to_string(),
            key,
            raw: Vec::new(),
        };
        info.raw = info.encode();
        info
    }

    /// DER encoding of the fields (equal to `raw` for a DER key read in).
    pub fn encode(&self) -> Vec<u8> {
        let mut alg = der::oid_tlv(&self.algorithm);
        let bits: Vec<u8> = match &self.key {
            PublicKey::Rsa { modulus, exponent } => {
                alg.extend_from_slice(&[0x05, 0x00]);
                let body = [int_tlv(modulus), int_tlv(exponent)].concat();
                tlv::tlv(der::SEQUENCE, &body)
            }
            PublicKey::Ec { parameters, point } => {
                match parameters {
                    EcParameters::Named { oid } => alg.extend(der::oid_tlv(oid)),
                    EcParameters::Explicit(c) => alg.extend(explicit_tlv(c)),
                    EcParameters::Implicit => alg.extend_from_slice(&[0x05, 0x00]),
                    EcParameters::Standardized { id } => {
                        tlv::write_tlv(der::INTEGER, &der::uint_bytes(*id), &mut alg)
                    }
                }
                point.clone()
            }
            PublicKey::Dh { parameters, public } => {
                alg.extend_from_slice(parameters);
                int_tlv(public)
            }
            PublicKey::Other { key } => key.clone(),
        };
        let mut bit_string = vec![0u8];
        bit_string.extend_from_slice(&bits);
        let body = [
            tlv::tlv(der::SEQUENCE, &alg),
            tlv::tlv(der::BIT_STRING, &bit_string),
        ]
        .concat();
        tlv::tlv(der::SEQUENCE, &body)
    }
}

fn malformed(what: &'static str) -> LdsError {
    LdsError::Malformed { file: FILE, what }
}

/// An INTEGER's content as unsigned big-endian without leading zeros (at least one byte).
fn unsigned(v: &[u8]) -> Vec<u8> {
    let skip = v.iter().take_while(|&&b| b == 0).count();
    match v.get(skip..) {
        Some(s) if !s.is_empty() => s.to_vec(),
        _ => vec![0],
    }
}

/// A DER INTEGER of an unsigned big-endian value.
fn int_tlv(v: &[u8]) -> Vec<u8> {
    let mut c = unsigned(v);
    if c.first().is_some_and(|b| b & 0x80 != 0) {
        c.insert(0, 0);
    }
    tlv::tlv(der::INTEGER, &c)
}

pub(crate) fn ec_parameters(params: Option<&Tlv<'_>>) -> Result<EcParameters, LdsError> {
    let Some(p) = params else {
        return Ok(EcParameters::Implicit);
    };
    match p.tag {
        der::OID => Ok(EcParameters::Named {
            oid: der::oid_to_string(p.value, FILE)?,
        }),
        0x05 => Ok(EcParameters::Implicit),
        der::SEQUENCE => {
            let f = der::children(p.value, FILE)?;
            let (field, curve, base, order) = match f.as_slice() {
                [_version, field, curve, base, order, ..] => (field, curve, base, order),
                _ => return Err(malformed("explicit EC parameters")),
            };
            let field_parts = der::children(field.value, FILE)?;
            let prime = match field_parts.as_slice() {
                [ft, p, ..]
                    if ft.tag == der::OID
                        && der::oid_to_string(ft.value, FILE)? == PRIME_FIELD
                        && p.tag == der::INTEGER =>
                {
                    unsigned(p.value)
                }
                _ => return Err(malformed("EC field (only prime fields are supported)")),
            };
            let curve_parts = der::children(curve.value, FILE)?;
            let (a, b) = match curve_parts.as_slice() {
                [a, b, ..] => (a.value.to_vec(), b.value.to_vec()),
                _ => return Err(malformed("EC curve coefficients")),
            };
            let cofactor = match f.get(5) {
                Some(h) if h.tag == der::INTEGER => Some(der::uint(h.value, FILE, "EC cofactor")?),
                _ => None,
            };
            Ok(EcParameters::Explicit(ExplicitCurve {
                prime,
                a,
                b,
                generator: base.value.to_vec(),
                order: unsigned(order.value),
                cofactor,
            }))
        }
        _ => Err(malformed("EC parameters")),
    }
}

pub(crate) fn explicit_tlv(c: &ExplicitCurve) -> Vec<u8> {
    let field = tlv::tlv(
        der::SEQUENCE,
        &[der::oid_tlv(PRIME_FIELD), int_tlv(&c.prime)].concat(),
    );
    let curve = tlv::tlv(
        der::SEQUENCE,
        &[
            tlv::tlv(der::OCTET_STRING, &c.a),
            tlv::tlv(der::OCTET_STRING, &c.b),
        ]
        .concat(),
    );
    let mut body = [
        tlv::tlv(der::INTEGER, &[1]),
        field,
        curve,
        tlv::tlv(der::OCTET_STRING, &c.generator),
        int_tlv(&c.order),
    ]
    .concat();
    if let Some(h) = c.cofactor {
        tlv::write_tlv(der::INTEGER, &der::uint_bytes(h), &mut body);
    }
    tlv::tlv(der::SEQUENCE, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rsa_key_from_the_aa_transcript() {
        let path = crate::test_vectors_dir().join("transcripts/aa_rsa_active_authentication.json");
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let dg15 = hex::decode(json["inputs"]["DG15"].as_str().unwrap()).unwrap();
        // 6F 82 01 02 { SubjectPublicKeyInfo }
        let info = PublicKeyInfo::parse(&dg15[4..]).unwrap();
        assert_eq!(info.algorithm, RSA_ENCRYPTION);
        match &info.key {
            PublicKey::Rsa { modulus, exponent } => {
                assert_eq!(modulus.len() * 8, 1792);
                assert_eq!(exponent, &[0x01, 0x00, 0x01]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(info.encode(), info.raw);
        assert_eq!(info.raw, dg15[4..]);
    }

    #[test]
    fn ec_named_and_explicit_round_trip() {
        let point = [vec![0x04], vec![0x11; 32], vec![0x22; 32]].concat();
        let named = PublicKeyInfo::ec_named("1.3.36.3.3.2.8.1.1.7", point.clone());
        assert_eq!(PublicKeyInfo::parse(&named.raw).unwrap(), named);
        let explicit = PublicKeyInfo::build(
            EC_PUBLIC_KEY,
            PublicKey::Ec {
                parameters: EcParameters::Explicit(ExplicitCurve {
                    prime: vec![0xA9; 32],
                    a: vec![0x7D; 32],
                    b: vec![0x26; 32],
                    generator: point.clone(),
                    order: vec![0xA9; 32],
                    cofactor: Some(1),
                }),
                point,
            },
        );
        assert_eq!(PublicKeyInfo::parse(&explicit.raw).unwrap(), explicit);
    }

    #[test]
    fn malformed_keys() {
        assert!(PublicKeyInfo::parse(&[0x30, 0x00]).is_err());
        assert!(PublicKeyInfo::parse(&[0x31, 0x00]).is_err());
        assert!(PublicKeyInfo::parse(&hex::decode("300A300506032A0304030100").unwrap()).is_ok());
        assert!(PublicKeyInfo::parse(&hex::decode("300730020600030100").unwrap()).is_err());
    }
}
