//! What a PACEInfo names (ICAO 9303-11 §9.2.1, BSI TR-03110-3 §A.1.1.1): the mapping, DH or
//! ECDH, the cipher; the standardized domain parameters (ICAO 9303-11 §9.5.1, table 6); and
//! the choice of the strongest PACEInfo a chip offers in EF.CardAccess.

use super::PaceError;
use crate::crypto::agreement::{self, DhGroup, Group, ModpId};
use crate::crypto::curves::NamedCurve;
use crate::crypto::symmetric::Cipher;
use crate::lds::{SecurityInfo, SecurityInfos};

/// id-PACE (BSI TR-03110-3 §A.1.1.1).
const ID_PACE: &str = "0.4.0.127.0.7.2.2.4";

/// The mapping of the nonce onto a new generator (ICAO 9303-11 §4.4.3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Mapping {
    /// Generic Mapping: G~ = s·G + H.
    Generic,
    /// Integrated Mapping: G~ from a pseudo-random function of s and the terminal's t.
    Integrated,
    /// Chip Authentication Mapping: Generic Mapping plus the chip's static key proof.
    ChipAuthentication,
}

/// A PACE protocol: mapping, key agreement and cipher, from its OID.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PaceProtocol {
    /// The dotted OID, e.g. `0.4.0.127.0.7.2.2.4.2.2`.
    pub oid: String,
    /// The mapping.
    pub mapping: Mapping,
    /// ECDH (true) or DH (false).
    pub ecdh: bool,
    /// The cipher of K_π, the tokens and secure messaging.
    #[serde(serialize_with = "cipher_name")]
    pub cipher: Cipher,
}

impl PaceProtocol {
    /// Parses `id-PACE-{DH,ECDH}-{GM,IM,CAM}-{3DES-CBC-CBC,AES-CBC-CMAC-128/192/256}`.
    pub fn from_oid(oid: &str) -> Option<Self> {
        let rest = oid.strip_prefix(ID_PACE)?.strip_prefix('.')?;
        let (kind, cipher) = rest.split_once('.')?;
        let (mapping, ecdh) = match kind {
            "1" => (Mapping::Generic, false),
            "2" => (Mapping::Generic, true),
            "3" => (Mapping::Integrated, false),
            "4" => (Mapping::Integrated, true),
            "6" => (Mapping::ChipAuthentication, true),
            _ => return None,
        };
        let cipher = match cipher {
            "1" => Cipher::Tdes,
            "2" => Cipher::Aes128,
            "3" => Cipher::Aes192,
            "4" => Cipher::Aes256,
            _ => return None,
        };
        Some(PaceProtocol {
            oid: oid.to_string(),
            mapping,
            ecdh,
            cipher,
        })
    }

    /// The OID's content octets (for tag 80 of MSE:Set AT and tag 06 of the 7F49 object).
    pub fn oid_bytes(&self) -> Vec<u8> {
        crate::lds::der::oid_from_string(&self.oid).unwrap_or_default()
    }
}

/// Standardized domain parameters (ICAO 9303-11 §9.5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum DomainParameters {
    /// A MODP group of RFC 5114: ids 0, 1, 2.
    Modp(u8),
    /// A named curve: ids 8–18.
    Curve(NamedCurve),
}

impl DomainParameters {
    /// The parameters with this standardized id.
    pub fn standardized(id: u64) -> Option<Self> {
        use NamedCurve::*;
        Some(match id {
            0..=2 => DomainParameters::Modp(u8::try_from(id).ok()?),
            8 => DomainParameters::Curve(P192),
            9 => DomainParameters::Curve(BrainpoolP192r1),
            10 => DomainParameters::Curve(P224),
            11 => DomainParameters::Curve(BrainpoolP224r1),
            12 => DomainParameters::Curve(P256),
            13 => DomainParameters::Curve(BrainpoolP256r1),
            14 => DomainParameters::Curve(BrainpoolP320r1),
            15 => DomainParameters::Curve(P384),
            16 => DomainParameters::Curve(BrainpoolP384r1),
            17 => DomainParameters::Curve(BrainpoolP512r1),
            18 => DomainParameters::Curve(P521),
            _ => return None,
        })
    }

    /// Every standardized id.
    pub const IDS: [u64; 14] = [0, 1, 2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];

    /// Whether these are elliptic-curve parameters.
    pub fn is_ec(self) -> bool {
        matches!(self, DomainParameters::Curve(_))
    }

    /// Bits of the group's modulus (for ranking).
    fn strength(self) -> usize {
        match self {
            DomainParameters::Modp(0) => 80,
            DomainParameters::Modp(_) => 112,
            DomainParameters::Curve(c) => c.field_len() * 4,
        }
    }

    pub(crate) fn group(self) -> Result<Box<dyn Group>, PaceError> {
        Ok(match self {
            DomainParameters::Modp(id) => {
                let modp = ModpId::from_id(u64::from(id))
                    .ok_or_else(|| PaceError::Unsupported(format!("MODP group {id}")))?;
                Box::new(DhGroup::standard(modp)?)
            }
            DomainParameters::Curve(c) => agreement::curve(c),
        })
    }
}

/// One PACE configuration the chip offers: protocol and domain parameters, and the parameter
/// id to name in MSE:Set AT.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PaceChoice {
    /// The protocol.
    pub protocol: PaceProtocol,
    /// The domain parameters.
    pub parameters: DomainParameters,
    /// The parameter id of the PACEInfo (sent in MSE:Set AT as tag 84), if it had one.
    pub parameter_id: Option<u64>,
}

impl PaceChoice {
    /// A choice from a protocol OID and a standardized parameter id.
    pub fn standardized(oid: &str, parameter_id: u64) -> Result<Self, PaceError> {
        let protocol = PaceProtocol::from_oid(oid)
            .ok_or_else(|| PaceError::Unsupported(format!("PACE protocol {oid}")))?;
        let parameters = DomainParameters::standardized(parameter_id).ok_or_else(|| {
            PaceError::Unsupported(format!("PACE domain parameter id {parameter_id}"))
        })?;
        if protocol.ecdh != parameters.is_ec() {
            return Err(PaceError::Unsupported(format!(
                "{oid} with domain parameter id {parameter_id}"
            )));
        }
        Ok(PaceChoice {
            protocol,
            parameters,
            parameter_id: Some(parameter_id),
        })
    }

    fn rank(&self) -> (usize, usize, u8) {
        let mapping = match self.protocol.mapping {
            Mapping::Generic => 0,
            Mapping::Integrated => 1,
            Mapping::ChipAuthentication => 2,
        };
        (
            self.protocol.cipher.key_len(),
            self.parameters.strength(),
            mapping,
        )
    }
}

/// Every PACEInfo in `infos` this code supports, strongest first (key length, then group
/// size, then CAM > IM > GM). A proprietary parameter id is honoured when a
/// PACEDomainParameterInfo names a known curve by OID.
pub fn supported_choices(infos: &SecurityInfos) -> Vec<PaceChoice> {
    let mut out = Vec::new();
    for info in &infos.infos {
        let SecurityInfo::Pace {
            protocol,
            version,
            parameter_id,
        } = info
        else {
            continue;
        };
        let Some(proto) = PaceProtocol::from_oid(protocol) else {
            continue;
        };
        if *version != 2 {
            continue;
        }
        let params = match parameter_id {
            Some(id) if *id <= 31 => DomainParameters::standardized(*id),
            _ => proprietary(infos, &proto, *parameter_id),
        };
        let Some(parameters) = params else {
            continue;
        };
        if parameters.is_ec() != proto.ecdh || !mapping_defined(&proto, parameters) {
            continue;
        }
        out.push(PaceChoice {
            protocol: proto,
            parameters,
            parameter_id: *parameter_id,
        });
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.rank()));
    out
}

/// Whether the mapping is defined on these parameters: the Integrated Mapping's point
/// encoding needs p ≡ 3 (mod 4), which P-224 lacks (ICAO 9303-11 Appendix B).
pub(crate) fn mapping_defined(proto: &PaceProtocol, parameters: DomainParameters) -> bool {
    !(proto.mapping == Mapping::Integrated
        && parameters == DomainParameters::Curve(NamedCurve::P224))
}

/// The domain parameters of the PACEDomainParameterInfo with this id for the protocol's
/// key agreement (BSI TR-03110-3 §A.1.1.1 and §A.2.1): an AlgorithmIdentifier with
/// standardizedDomainParameters and an id, id-ecPublicKey with a named curve or explicit
/// ECParameters (X9.62), or dhpublicnumber with explicit DomainParameters (X9.42). Explicit
/// parameters are used when they are exactly one of the standardized groups (as
/// `crypto::curves::NamedCurve::from_explicit` matches keys); any other group is unsupported.
fn proprietary(
    infos: &SecurityInfos,
    proto: &PaceProtocol,
    id: Option<u64>,
) -> Option<DomainParameters> {
    infos.infos.iter().find_map(|i| match i {
        SecurityInfo::PaceDomainParameter {
            protocol,
            domain_parameter,
            parameter_id,
        } if *parameter_id == id && proto.oid.starts_with(protocol.as_str()) => {
            explicit_domain_parameters(domain_parameter)
        }
        _ => None,
    })
}

/// The standardized group an AlgorithmIdentifier of domain parameters names or spells out.
pub(crate) fn explicit_domain_parameters(
    alg: &crate::lds::AlgorithmIdentifier,
) -> Option<DomainParameters> {
    use crate::lds::spki::{DH_PUBLIC_NUMBER, EC_PUBLIC_KEY, STANDARDIZED_DOMAIN_PARAMETERS};
    let params = alg.parameters.as_deref();
    let tlv = match params {
        Some(p) => Some(crate::tlv::parse_one(p).ok()?.0),
        None => None,
    };
    match alg.algorithm.as_str() {
        STANDARDIZED_DOMAIN_PARAMETERS => {
            let t = tlv.filter(|t| t.tag == 0x02)?;
            let id = crate::lds::der::uint(t.value, "PACEDomainParameterInfo", "id").ok()?;
            DomainParameters::standardized(id)
        }
        EC_PUBLIC_KEY => match crate::lds::spki::ec_parameters(tlv.as_ref()).ok()? {
            crate::lds::EcParameters::Named { oid } => {
                NamedCurve::from_oid(&oid).map(DomainParameters::Curve)
            }
            crate::lds::EcParameters::Explicit(c) => {
                NamedCurve::from_explicit(&c.prime, &c.a, &c.b, &c.generator, &c.order)
                    .filter(|_| c.cofactor.is_none_or(|h| h == 1))
                    .map(DomainParameters::Curve)
            }
            _ => None,
        },
        DH_PUBLIC_NUMBER => {
            // DomainParameters ::= SEQUENCE { p, g, q, j OPTIONAL, validationParms OPTIONAL }.
            let t = tlv.filter(|t| t.tag == 0x30)?;
            let parts = crate::lds::der::children(t.value, "PACEDomainParameterInfo").ok()?;
            let (p, g, q) = match parts.as_slice() {
                [p, g, q, ..] if [p, g, q].iter().all(|x| x.tag == 0x02) => (p, g, q),
                _ => return None,
            };
            ModpId::matching(p.value, g.value, q.value).map(|m| DomainParameters::Modp(m.id()))
        }
        _ => None,
    }
}

fn cipher_name<S: serde::Serializer>(c: &Cipher, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match c {
        Cipher::Tdes => "3DES",
        Cipher::Aes128 => "AES-128",
        Cipher::Aes192 => "AES-192",
        Cipher::Aes256 => "AES-256",
    })
}
