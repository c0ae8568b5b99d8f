//! EF.CardAccess (a bare SecurityInfos SET) and EF.CardSecurity (BSI TR-03110-3 A.1.2: a
//! CMS SignedData, RFC 5652 §5, whose eContent is SecurityInfos). Only the content is
//! extracted here, by a minimal BER walk; the signature is checked in `pki`.

use super::{LdsError, der, security_infos::SecurityInfos};
use crate::tlv::{self, Tlv};
use serde::Serialize;

const FILE: &str = "EF.CardSecurity";
/// id-signedData (PKCS #7).
const SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
/// id-SecurityObject (BSI TR-03110-3 A.1.2.5), the eContentType of EF.CardSecurity.
pub const ID_SECURITY_OBJECT: &str = "0.4.0.127.0.7.3.2.1";

/// Parses EF.CardAccess.
pub fn parse_card_access(data: &[u8]) -> Result<SecurityInfos, LdsError> {
    SecurityInfos::parse(data)
}

/// The content of EF.CardSecurity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardSecurity {
    /// The eContentType OID (id-SecurityObject for a conforming card).
    pub content_type: String,
    /// The SecurityInfos signed by the card's issuer.
    pub security_infos: SecurityInfos,
}

impl CardSecurity {
    /// Parses EF.CardSecurity: ContentInfo { signedData, [0] SignedData { version,
    /// digestAlgorithms, encapContentInfo { eContentType, [0] OCTET STRING }, … } }.
    /// Indefinite lengths and a constructed (chunked) OCTET STRING are accepted.
    pub fn parse(data: &[u8]) -> Result<Self, LdsError> {
        let econtent = encapsulated_content(data)?;
        Ok(CardSecurity {
            content_type: econtent.0,
            security_infos: SecurityInfos::parse(&econtent.1)?,
        })
    }
}

/// The eContentType and eContent bytes of a CMS SignedData ContentInfo.
pub fn encapsulated_content(data: &[u8]) -> Result<(String, Vec<u8>), LdsError> {
    let content_info = der::outer(data, der::SEQUENCE, FILE)?;
    let ci = der::children(content_info.value, FILE)?;
    let (oid, explicit) = match ci.as_slice() {
        [oid, explicit, ..] if oid.tag == der::OID && explicit.tag == 0xA0 => (oid, explicit),
        _ => return Err(malformed("ContentInfo")),
    };
    if der::oid_to_string(oid.value, FILE)? != SIGNED_DATA {
        return Err(malformed("ContentInfo (not SignedData)"));
    }
    let signed_data = first(explicit.value, der::SEQUENCE, "SignedData")?;
    let sd = der::children(signed_data.value, FILE)?;
    let encap = sd
        .get(2)
        .filter(|t| t.tag == der::SEQUENCE)
        .ok_or(malformed("encapContentInfo"))?;
    let ec = der::children(encap.value, FILE)?;
    let (ctype, wrapped) = match ec.as_slice() {
        [ctype, wrapped, ..] if ctype.tag == der::OID && wrapped.tag == 0xA0 => (ctype, wrapped),
        _ => return Err(malformed("eContent")),
    };
    let octets = tlv::parse_one(wrapped.value)
        .map_err(LdsError::tlv(FILE))?
        .0;
    let mut content = Vec::new();
    collect_octets(&octets, 0, &mut content)?;
    Ok((der::oid_to_string(ctype.value, FILE)?, content))
}

fn first<'a>(value: &'a [u8], tag: u32, what: &'static str) -> Result<Tlv<'a>, LdsError> {
    let (t, _) = tlv::parse_one(value).map_err(LdsError::tlv(FILE))?;
    if t.tag == tag {
        Ok(t)
    } else {
        Err(malformed(what))
    }
}

/// Concatenates an OCTET STRING, primitive (04) or constructed of chunks (24, BER).
fn collect_octets(t: &Tlv<'_>, depth: usize, out: &mut Vec<u8>) -> Result<(), LdsError> {
    match t.tag {
        0x04 => {
            out.extend_from_slice(t.value);
            Ok(())
        }
        0x24 if depth < 8 => {
            for c in der::children(t.value, FILE)? {
                collect_octets(&c, depth + 1, out)?;
            }
            Ok(())
        }
        _ => Err(malformed("eContent OCTET STRING")),
    }
}

fn malformed(what: &'static str) -> LdsError {
    LdsError::Malformed { file: FILE, what }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lds::security_infos::SecurityInfo;
    use crate::lds::spki::{EcParameters, PublicKey};

    #[test]
    fn german_card_security() {
        let bytes =
            std::fs::read(crate::test_vectors_dir().join("sod/CardSecurity_DE.bin")).unwrap();
        let cs = CardSecurity::parse(&bytes).unwrap();
        assert_eq!(cs.content_type, ID_SECURITY_OBJECT);
        let infos = &cs.security_infos.infos;
        let expected = [
            SecurityInfo::TerminalAuthentication {
                protocol: "0.4.0.127.0.7.2.2.2".into(),
                version: 2,
                ef_cvca: None,
            },
            SecurityInfo::ChipAuthentication {
                protocol: "0.4.0.127.0.7.2.2.3.2.2".into(),
                version: 2,
                key_id: Some(72),
            },
            SecurityInfo::Pace {
                protocol: "0.4.0.127.0.7.2.2.4.2.2".into(),
                version: 2,
                parameter_id: Some(13),
            },
            SecurityInfo::Pace {
                protocol: "0.4.0.127.0.7.2.2.4.6.2".into(),
                version: 2,
                parameter_id: Some(13),
            },
        ];
        for e in &expected {
            assert!(infos.contains(e), "{e:?} not in {infos:?}");
        }
        assert!(infos.iter().any(|i| matches!(i,
            SecurityInfo::ChipAuthenticationDomainParameter { protocol, domain_parameter, .. }
                if protocol == "0.4.0.127.0.7.2.2.3.2"
                    && domain_parameter.algorithm == crate::lds::spki::STANDARDIZED_DOMAIN_PARAMETERS)));
        assert_eq!(infos.len(), 7);
        // Two chip authentication keys: 13 and 72 (the one CAInfo names), brainpoolP256r1.
        let keys = cs.security_infos.chip_authentication_keys();
        let ids: Vec<Option<u64>> = keys.iter().map(|(_, id)| *id).collect();
        assert_eq!(ids.len(), 2);
        assert!(ids.contains(&Some(13)) && ids.contains(&Some(72)));
        for (key, _) in &keys {
            assert_eq!(
                key.algorithm,
                crate::lds::spki::STANDARDIZED_DOMAIN_PARAMETERS
            );
            assert!(matches!(
                key.key,
                PublicKey::Ec { parameters: EcParameters::Standardized { id: 13 }, ref point } if point.len() == 65
            ));
            assert_eq!(key.encode(), key.raw);
        }
    }

    #[test]
    fn chunked_and_indefinite_econtent() {
        let infos = SecurityInfos {
            infos: vec![SecurityInfo::Pace {
                protocol: "0.4.0.127.0.7.2.2.4.2.2".into(),
                version: 2,
                parameter_id: Some(13),
            }],
        };
        let set = infos.encode();
        let (a, b) = set.split_at(5);
        let chunks = [tlv::tlv(0x04, a), tlv::tlv(0x04, b)].concat();
        // encapContentInfo with a constructed OCTET STRING, the rest in indefinite form.
        let encap = tlv::tlv(
            der::SEQUENCE,
            &[
                der::oid_tlv(ID_SECURITY_OBJECT),
                tlv::tlv(0xA0, &tlv::tlv(0x24, &chunks)),
            ]
            .concat(),
        );
        let sd_body = [vec![0x02, 0x01, 0x03], vec![0x31, 0x00], encap].concat();
        let mut sd = vec![0x30, 0x80];
        sd.extend_from_slice(&sd_body);
        sd.extend_from_slice(&[0, 0]);
        let mut ci = vec![0x30, 0x80];
        ci.extend(der::oid_tlv(SIGNED_DATA));
        ci.extend_from_slice(&[0xA0, 0x80]);
        ci.extend_from_slice(&sd);
        ci.extend_from_slice(&[0, 0, 0, 0]);
        let cs = CardSecurity::parse(&ci).unwrap();
        assert_eq!(cs.security_infos, infos);
    }

    #[test]
    fn not_signed_data() {
        let ci = tlv::tlv(
            der::SEQUENCE,
            &[
                der::oid_tlv("1.2.840.113549.1.7.1"),
                tlv::tlv(0xA0, &[0x30, 0x00]),
            ]
            .concat(),
        );
        assert!(CardSecurity::parse(&ci).is_err());
        assert!(CardSecurity::parse(&[0x30, 0x00]).is_err());
        assert!(CardSecurity::parse(&[]).is_err());
    }
}
