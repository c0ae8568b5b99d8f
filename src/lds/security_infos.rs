//! SecurityInfos (ICAO 9303-11 §9.2, BSI TR-03110-3 Appendix A.1): the SET of
//! SecurityInfo { protocol OID, required data, optional data } in DG14, EF.CardAccess and
//! EF.CardSecurity. Known kinds are parsed; unknown ones are kept raw.

use super::{LdsError, der, spki::PublicKeyInfo, text::hex_bytes};
use crate::tlv::{self, Tlv};
use serde::Serialize;

const FILE: &str = "SecurityInfos";
const BSI: &str = "0.4.0.127.0.7.2.2";
/// id-PK (chip authentication public keys): id-PK-DH .1, id-PK-ECDH .2.
pub const ID_PK: &str = "0.4.0.127.0.7.2.2.1";
/// id-TA (terminal authentication).
pub const ID_TA: &str = "0.4.0.127.0.7.2.2.2";
/// id-CA (chip authentication): DH .1, ECDH .2, then the cipher .1 3DES … .4 AES-256.
pub const ID_CA: &str = "0.4.0.127.0.7.2.2.3";
/// id-PACE: DH-GM .1, ECDH-GM .2, DH-IM .3, ECDH-IM .4, ECDH-CAM .6, then the cipher.
pub const ID_PACE: &str = "0.4.0.127.0.7.2.2.4";
/// id-icao-mrtd-security-aaProtocolObject (ICAO 9303-11 §9.2.4).
pub const ID_AA: &str = "2.23.136.1.1.5";

/// An AlgorithmIdentifier, its parameters kept as their DER.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlgorithmIdentifier {
    /// The algorithm OID (e.g. id-ecPublicKey).
    pub algorithm: String,
    /// The parameters element as stored (tag, length, value), if any.
    #[serde(with = "super::text::hex_opt")]
    pub parameters: Option<Vec<u8>>,
}

/// One SecurityInfo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum SecurityInfo {
    /// ChipAuthenticationInfo { id-CA-*, version, keyId OPTIONAL }.
    ChipAuthentication {
        /// The protocol OID.
        protocol: String,
        /// The version (1 or 2).
        version: u64,
        /// The key it applies to, when the chip has several.
        key_id: Option<u64>,
    },
    /// ChipAuthenticationPublicKeyInfo { id-PK-*, SubjectPublicKeyInfo, keyId OPTIONAL }.
    ChipAuthenticationPublicKey {
        /// The protocol OID (id-PK-DH or id-PK-ECDH).
        protocol: String,
        /// The chip's static public key.
        public_key: PublicKeyInfo,
        /// The key's identifier.
        key_id: Option<u64>,
    },
    /// ChipAuthenticationDomainParameterInfo { id-CA-DH/ECDH, AlgorithmIdentifier, keyId }.
    ChipAuthenticationDomainParameter {
        /// The protocol OID.
        protocol: String,
        /// The domain parameters.
        domain_parameter: AlgorithmIdentifier,
        /// The key's identifier.
        key_id: Option<u64>,
    },
    /// PACEInfo { id-PACE-*, version, parameterId OPTIONAL }.
    Pace {
        /// The protocol OID (mapping and cipher).
        protocol: String,
        /// The version (2).
        version: u64,
        /// The standardized domain parameter id (0-18) or a proprietary one.
        parameter_id: Option<u64>,
    },
    /// PACEDomainParameterInfo { id-PACE-{mapping}, AlgorithmIdentifier, parameterId }.
    PaceDomainParameter {
        /// The protocol OID (mapping only).
        protocol: String,
        /// The domain parameters.
        domain_parameter: AlgorithmIdentifier,
        /// The parameter id PACEInfo refers to.
        parameter_id: Option<u64>,
    },
    /// TerminalAuthenticationInfo { id-TA, version, efCVCA OPTIONAL }.
    TerminalAuthentication {
        /// The protocol OID.
        protocol: String,
        /// The version (1 or 2).
        version: u64,
        /// The EF.CVCA file identifier element as stored (version 1 only).
        #[serde(with = "super::text::hex_opt")]
        ef_cvca: Option<Vec<u8>>,
    },
    /// ActiveAuthenticationInfo { id-AA, version, signatureAlgorithm }.
    ActiveAuthentication {
        /// The protocol OID.
        protocol: String,
        /// The version (1).
        version: u64,
        /// The signature algorithm OID used for ECDSA active authentication.
        signature_algorithm: String,
    },
    /// Any other SecurityInfo, kept as read.
    Unknown {
        /// The protocol OID.
        protocol: String,
        /// The whole SEQUENCE as read.
        #[serde(with = "hex_bytes")]
        raw: Vec<u8>,
    },
}

/// A SET of SecurityInfo.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SecurityInfos {
    /// The infos in the order stored.
    pub infos: Vec<SecurityInfo>,
}

impl SecurityInfos {
    /// Parses a DER SET OF SecurityInfo (tag 31).
    pub fn parse(data: &[u8]) -> Result<Self, LdsError> {
        let set = der::outer(data, der::SET, FILE)?;
        Self::parse_set_content(set.value)
    }

    /// Parses the SET's content (a sequence of SecurityInfo elements).
    pub fn parse_set_content(content: &[u8]) -> Result<Self, LdsError> {
        let infos = der::children(content, FILE)?
            .iter()
            .map(parse_info)
            .collect::<Result<_, _>>()?;
        Ok(SecurityInfos { infos })
    }

    /// Encodes the SET with the infos in the order held, so a parsed file re-encodes to the
    /// same bytes even when its issuer did not sort the SET (seen on real documents); use
    /// [`SecurityInfos::der_sorted`] first to write DER order.
    pub fn encode(&self) -> Vec<u8> {
        let items: Vec<Vec<u8>> = self.infos.iter().map(SecurityInfo::encode).collect();
        tlv::tlv(der::SET, &items.concat())
    }

    /// The infos in DER SET OF order (by their encodings, X.690 §11.6).
    pub fn der_sorted(mut self) -> Self {
        self.infos.sort_by_cached_key(SecurityInfo::encode);
        self
    }

    /// The first ChipAuthenticationInfo of `version`: its protocol and key id.
    pub fn chip_authentication(&self, version: u64) -> Option<(&str, Option<u64>)> {
        self.infos.iter().find_map(|i| match i {
            SecurityInfo::ChipAuthentication {
                protocol,
                version: v,
                key_id,
            } if *v == version => Some((protocol.as_str(), *key_id)),
            _ => None,
        })
    }

    /// The chip authentication public keys.
    pub fn chip_authentication_keys(&self) -> Vec<(&PublicKeyInfo, Option<u64>)> {
        self.infos
            .iter()
            .filter_map(|i| match i {
                SecurityInfo::ChipAuthenticationPublicKey {
                    public_key, key_id, ..
                } => Some((public_key, *key_id)),
                _ => None,
            })
            .collect()
    }

    /// The PACEInfos as (protocol, parameter id).
    pub fn pace(&self) -> Vec<(&str, Option<u64>)> {
        self.infos
            .iter()
            .filter_map(|i| match i {
                SecurityInfo::Pace {
                    protocol,
                    parameter_id,
                    ..
                } => Some((protocol.as_str(), *parameter_id)),
                _ => None,
            })
            .collect()
    }
}

impl SecurityInfo {
    /// The protocol OID.
    pub fn protocol(&self) -> &str {
        match self {
            SecurityInfo::ChipAuthentication { protocol, .. }
            | SecurityInfo::ChipAuthenticationPublicKey { protocol, .. }
            | SecurityInfo::ChipAuthenticationDomainParameter { protocol, .. }
            | SecurityInfo::Pace { protocol, .. }
            | SecurityInfo::PaceDomainParameter { protocol, .. }
            | SecurityInfo::TerminalAuthentication { protocol, .. }
            | SecurityInfo::ActiveAuthentication { protocol, .. }
            | SecurityInfo::Unknown { protocol, .. } => protocol,
        }
    }

    /// DER encoding of the SecurityInfo SEQUENCE.
    pub fn encode(&self) -> Vec<u8> {
        let int = |n: u64| tlv::tlv(der::INTEGER, &der::uint_bytes(n));
        let opt = |n: Option<u64>| n.map(int).unwrap_or_default();
        let alg = |a: &AlgorithmIdentifier| {
            let body = [
                der::oid_tlv(&a.algorithm),
                a.parameters.clone().unwrap_or_default(),
            ]
            .concat();
            tlv::tlv(der::SEQUENCE, &body)
        };
        let body = match self {
            SecurityInfo::Unknown { raw, .. } => return raw.clone(),
            SecurityInfo::ChipAuthentication {
                protocol,
                version,
                key_id,
            } => [der::oid_tlv(protocol), int(*version), opt(*key_id)].concat(),
            SecurityInfo::ChipAuthenticationPublicKey {
                protocol,
                public_key,
                key_id,
            } => [der::oid_tlv(protocol), public_key.raw.clone(), opt(*key_id)].concat(),
            SecurityInfo::ChipAuthenticationDomainParameter {
                protocol,
                domain_parameter,
                key_id,
            } => [der::oid_tlv(protocol), alg(domain_parameter), opt(*key_id)].concat(),
            SecurityInfo::Pace {
                protocol,
                version,
                parameter_id,
            } => [der::oid_tlv(protocol), int(*version), opt(*parameter_id)].concat(),
            SecurityInfo::PaceDomainParameter {
                protocol,
                domain_parameter,
                parameter_id,
            } => [
                der::oid_tlv(protocol),
                alg(domain_parameter),
                opt(*parameter_id),
            ]
            .concat(),
            SecurityInfo::TerminalAuthentication {
                protocol,
                version,
                ef_cvca,
            } => [
                der::oid_tlv(protocol),
                int(*version),
                ef_cvca.clone().unwrap_or_default(),
            ]
            .concat(),
            SecurityInfo::ActiveAuthentication {
                protocol,
                version,
                signature_algorithm,
            } => [
                der::oid_tlv(protocol),
                int(*version),
                der::oid_tlv(signature_algorithm),
            ]
            .concat(),
        };
        tlv::tlv(der::SEQUENCE, &body)
    }
}

/// The number of arcs below `prefix` that `oid` has, if it lies under it.
fn depth_below(oid: &str, prefix: &str) -> Option<usize> {
    if oid == prefix {
        return Some(0);
    }
    let rest = oid.strip_prefix(prefix)?.strip_prefix('.')?;
    Some(rest.split('.').count())
}

fn parse_info(el: &Tlv<'_>) -> Result<SecurityInfo, LdsError> {
    if el.tag != der::SEQUENCE {
        return Err(LdsError::WrongTag {
            file: FILE,
            expected: der::SEQUENCE,
            found: el.tag,
        });
    }
    let parts = der::children(el.value, FILE)?;
    let (oid, rest) = parts.split_first().ok_or(LdsError::Missing {
        file: FILE,
        what: "protocol of a SecurityInfo",
    })?;
    if oid.tag != der::OID {
        return Err(malformed("protocol of a SecurityInfo"));
    }
    let protocol = der::oid_to_string(oid.value, FILE)?;
    let unknown = || SecurityInfo::Unknown {
        protocol: protocol.clone(),
        raw: el.raw.to_vec(),
    };
    let pk = depth_below(&protocol, ID_PK);
    let ca = depth_below(&protocol, ID_CA);
    let pace = depth_below(&protocol, ID_PACE);
    let info = if pk == Some(1) {
        let key = rest
            .first()
            .ok_or(malformed("chip authentication public key"))?;
        SecurityInfo::ChipAuthenticationPublicKey {
            public_key: PublicKeyInfo::from_tlv(key)?,
            key_id: opt_int(rest.get(1))?,
            protocol,
        }
    } else if protocol == ID_TA {
        SecurityInfo::TerminalAuthentication {
            version: int(rest.first(), "TA version")?,
            ef_cvca: rest.get(1).map(|t| t.raw.to_vec()),
            protocol,
        }
    } else if ca == Some(2) {
        SecurityInfo::ChipAuthentication {
            version: int(rest.first(), "CA version")?,
            key_id: opt_int(rest.get(1))?,
            protocol,
        }
    } else if ca == Some(1) {
        SecurityInfo::ChipAuthenticationDomainParameter {
            domain_parameter: algorithm(rest.first())?,
            key_id: opt_int(rest.get(1))?,
            protocol,
        }
    } else if pace == Some(2) {
        SecurityInfo::Pace {
            version: int(rest.first(), "PACE version")?,
            parameter_id: opt_int(rest.get(1))?,
            protocol,
        }
    } else if pace == Some(1) {
        SecurityInfo::PaceDomainParameter {
            domain_parameter: algorithm(rest.first())?,
            parameter_id: opt_int(rest.get(1))?,
            protocol,
        }
    } else if protocol == ID_AA {
        let sig = rest
            .get(1)
            .filter(|t| t.tag == der::OID)
            .ok_or(malformed("AA signature algorithm"))?;
        SecurityInfo::ActiveAuthentication {
            version: int(rest.first(), "AA version")?,
            signature_algorithm: der::oid_to_string(sig.value, FILE)?,
            protocol,
        }
    } else {
        unknown()
    };
    Ok(info)
}

fn malformed(what: &'static str) -> LdsError {
    LdsError::Malformed { file: FILE, what }
}

fn int(t: Option<&Tlv<'_>>, what: &'static str) -> Result<u64, LdsError> {
    match t {
        Some(t) if t.tag == der::INTEGER => der::uint(t.value, FILE, what),
        _ => Err(malformed(what)),
    }
}

fn opt_int(t: Option<&Tlv<'_>>) -> Result<Option<u64>, LdsError> {
    match t {
        Some(t) if t.tag == der::INTEGER => Ok(Some(der::uint(t.value, FILE, "identifier")?)),
        _ => Ok(None),
    }
}

fn algorithm(t: Option<&Tlv<'_>>) -> Result<AlgorithmIdentifier, LdsError> {
    let t = t
        .filter(|t| t.tag == der::SEQUENCE)
        .ok_or(malformed("domain parameter AlgorithmIdentifier"))?;
    let parts = der::children(t.value, FILE)?;
    let oid = parts
        .first()
        .filter(|o| o.tag == der::OID)
        .ok_or(malformed("domain parameter algorithm"))?;
    Ok(AlgorithmIdentifier {
        algorithm: der::oid_to_string(oid.value, FILE)?,
        parameters: parts.get(1).map(|p| p.raw.to_vec()),
    })
}

/// A readable name for a protocol OID ("id-PACE-ECDH-GM-AES-CBC-CMAC-128"), if known.
pub fn protocol_name(oid: &str) -> Option<String> {
    if oid == ID_AA {
        return Some("id-AA".into());
    }
    if oid == ID_TA {
        return Some("id-TA".into());
    }
    let rest = oid.strip_prefix(BSI)?.strip_prefix('.')?;
    let arcs: Vec<&str> = rest.split('.').collect();
    let cipher = |c: Option<&&str>| match c {
        None => Some(String::new()),
        Some(&"1") => Some("-3DES-CBC-CBC".into()),
        Some(&"2") => Some("-AES-CBC-CMAC-128".into()),
        Some(&"3") => Some("-AES-CBC-CMAC-192".into()),
        Some(&"4") => Some("-AES-CBC-CMAC-256".into()),
        _ => None,
    };
    let name = match (arcs.first(), arcs.get(1)) {
        (Some(&"1"), Some(&"1")) => "id-PK-DH".to_string(),
        (Some(&"1"), Some(&"2")) => "id-PK-ECDH".to_string(),
        (Some(&"3"), Some(&"1")) => format!("id-CA-DH{}", cipher(arcs.get(2))?),
        (Some(&"3"), Some(&"2")) => format!("id-CA-ECDH{}", cipher(arcs.get(2))?),
        (Some(&"4"), Some(m)) => {
            let mapping = match *m {
                "1" => "DH-GM",
                "2" => "ECDH-GM",
                "3" => "DH-IM",
                "4" => "ECDH-IM",
                "6" => "ECDH-CAM",
                _ => return None,
            };
            format!("id-PACE-{mapping}{}", cipher(arcs.get(2))?)
        }
        _ => return None,
    };
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lds::spki::{EcParameters, PublicKey};

    fn transcript_hex(name: &str, key: &str) -> Vec<u8> {
        let path = crate::test_vectors_dir().join("transcripts").join(name);
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        hex::decode(json["inputs"][key].as_str().unwrap()).unwrap()
    }

    #[test]
    fn icao_card_access() {
        let bytes = transcript_hex("icao_9303_11_appG1_pace_gm_ecdh.json", "EF_CardAccess");
        let infos = SecurityInfos::parse(&bytes).unwrap();
        assert_eq!(
            infos.infos,
            vec![SecurityInfo::Pace {
                protocol: "0.4.0.127.0.7.2.2.4.2.2".into(),
                version: 2,
                parameter_id: Some(13),
            }]
        );
        assert_eq!(
            protocol_name(infos.infos[0].protocol()).as_deref(),
            Some("id-PACE-ECDH-GM-AES-CBC-CMAC-128")
        );
        assert_eq!(infos.encode(), bytes);
    }

    #[test]
    fn nz_and_de_card_access() {
        let nz = SecurityInfos::parse(&transcript_hex(
            "nz_pace_gm_ecdh_3des.json",
            "EF_CardAccess",
        ))
        .unwrap();
        assert_eq!(nz.pace(), vec![("0.4.0.127.0.7.2.2.4.2.1", Some(13))]);
        let de_bytes = transcript_hex("de_pace_cam_ecdh_read_cardsecurity.json", "EF_CardAccess");
        let de = SecurityInfos::parse(&de_bytes).unwrap();
        let pace = de.pace();
        assert!(pace.contains(&("0.4.0.127.0.7.2.2.4.2.2", Some(13))));
        assert!(pace.contains(&("0.4.0.127.0.7.2.2.4.6.2", Some(13))));
        assert_eq!(de.encode(), de_bytes);
    }

    #[test]
    fn bad_infos() {
        assert!(SecurityInfos::parse(&[0x30, 0x00]).is_err());
        assert!(SecurityInfos::parse(&[0x31, 0x02, 0x30, 0x00]).is_err());
        assert!(SecurityInfos::parse(&[0x31, 0x02, 0x04, 0x00]).is_err());
        // A PACEInfo without its version.
        let bad = tlv::tlv(
            der::SET,
            &tlv::tlv(der::SEQUENCE, &der::oid_tlv("0.4.0.127.0.7.2.2.4.2.2")),
        );
        assert!(SecurityInfos::parse(&bad).is_err());
        // An unknown protocol is kept.
        let unknown_seq = tlv::tlv(
            der::SEQUENCE,
            &[der::oid_tlv("1.2.3.4"), vec![0x05, 0x00]].concat(),
        );
        let infos = SecurityInfos::parse(&tlv::tlv(der::SET, &unknown_seq)).unwrap();
        assert_eq!(
            infos.infos,
            vec![SecurityInfo::Unknown {
                protocol: "1.2.3.4".into(),
                raw: unknown_seq.clone()
            }]
        );
    }

    #[test]
    fn every_kind_round_trips() {
        let point = [vec![0x04], vec![0x33; 32], vec![0x44; 32]].concat();
        let infos = SecurityInfos {
            infos: vec![
                SecurityInfo::ChipAuthentication {
                    protocol: "0.4.0.127.0.7.2.2.3.2.2".into(),
                    version: 1,
                    key_id: Some(1),
                },
                SecurityInfo::ChipAuthenticationPublicKey {
                    protocol: "0.4.0.127.0.7.2.2.1.2".into(),
                    public_key: PublicKeyInfo::ec_named("1.3.36.3.3.2.8.1.1.7", point),
                    key_id: Some(1),
                },
                SecurityInfo::ChipAuthenticationDomainParameter {
                    protocol: "0.4.0.127.0.7.2.2.3.2".into(),
                    domain_parameter: AlgorithmIdentifier {
                        algorithm: "0.4.0.127.0.7.1.2".into(),
                        parameters: Some(vec![0x02, 0x01, 0x0D]),
                    },
                    key_id: None,
                },
                SecurityInfo::Pace {
                    protocol: "0.4.0.127.0.7.2.2.4.2.2".into(),
                    version: 2,
                    parameter_id: Some(13),
                },
                SecurityInfo::PaceDomainParameter {
                    protocol: "0.4.0.127.0.7.2.2.4.2".into(),
                    domain_parameter: AlgorithmIdentifier {
                        algorithm: "0.4.0.127.0.7.1.2".into(),
                        parameters: None,
                    },
                    parameter_id: Some(32),
                },
                SecurityInfo::TerminalAuthentication {
                    protocol: ID_TA.into(),
                    version: 1,
                    ef_cvca: Some(vec![0x04, 0x02, 0x01, 0x1C]),
                },
                SecurityInfo::ActiveAuthentication {
                    protocol: ID_AA.into(),
                    version: 1,
                    signature_algorithm: "0.4.0.127.0.7.1.1.4.1.3".into(),
                },
            ],
        };
        let back = SecurityInfos::parse(&infos.encode()).unwrap();
        assert_eq!(back, infos);
        let sorted = infos.clone().der_sorted();
        let encodings: Vec<Vec<u8>> = sorted.infos.iter().map(SecurityInfo::encode).collect();
        assert!(encodings.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(sorted.infos.len(), infos.infos.len());
        let keys = back.chip_authentication_keys();
        assert_eq!(keys.len(), 1);
        assert!(matches!(
            keys[0].0.key,
            PublicKey::Ec {
                parameters: EcParameters::Named { .. },
                ..
            }
        ));
    }
}
