//! DG14 (ICAO 9303-10 §4.7.14, 9303-11 §9.2): tag 6E around the SecurityInfos for chip
//! authentication, PACE and terminal authentication.

use super::{LdsError, der, security_infos::SecurityInfos};
use crate::tlv;
use serde::Serialize;

/// The content of DG14.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dg14 {
    /// The SecurityInfos.
    pub security_infos: SecurityInfos,
}

impl Dg14 {
    /// Parses DG14.
    pub fn parse(data: &[u8]) -> Result<Self, LdsError> {
        let outer = der::outer(data, 0x6E, "DG14")?;
        Ok(Dg14 {
            security_infos: SecurityInfos::parse(outer.value)?,
        })
    }

    /// Encodes DG14.
    pub fn encode(&self) -> Vec<u8> {
        tlv::tlv(0x6E, &self.security_infos.encode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lds::security_infos::SecurityInfo;
    use crate::lds::spki::{EcParameters, PublicKey};

    fn transcript(name: &str) -> serde_json::Value {
        let path = crate::test_vectors_dir().join("transcripts").join(name);
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    fn hex_of(json: &serde_json::Value, key: &str) -> Vec<u8> {
        hex::decode(json["inputs"][key].as_str().unwrap()).unwrap()
    }

    /// The DG14 of each chip-authentication transcript holds the chip's static key that the
    /// transcript records separately; the infos are what the documents are known to carry.
    #[test]
    fn dg14_of_real_documents() {
        let cases: [(&str, &[&str], Option<u64>, bool); 4] = [
            (
                "de_chip_authentication.json",
                &["0.4.0.127.0.7.2.2.3.2.2", "0.4.0.127.0.7.2.2.1.2"],
                Some(195),
                true,
            ),
            (
                "at_chip_authentication.json",
                &["0.4.0.127.0.7.2.2.3.2.2", "0.4.0.127.0.7.2.2.1.2"],
                None,
                true,
            ),
            (
                "my_chip_authentication.json",
                &["0.4.0.127.0.7.2.2.1.2"],
                None,
                true,
            ),
            (
                "fr_chip_authentication.json",
                &["0.4.0.127.0.7.2.2.1.2"],
                None,
                true,
            ),
        ];
        for (name, protocols, key_id, explicit) in cases {
            let json = transcript(name);
            let bytes = hex_of(&json, "DG14");
            let dg14 = Dg14::parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            let got: Vec<&str> = dg14
                .security_infos
                .infos
                .iter()
                .map(SecurityInfo::protocol)
                .collect();
            for p in protocols {
                assert!(got.contains(p), "{name}: {p} not in {got:?}");
            }
            let keys = dg14.security_infos.chip_authentication_keys();
            assert_eq!(keys.len(), 1, "{name}");
            let (key, id) = keys[0];
            assert_eq!(id, key_id, "{name}");
            let expected_point = hex_of(&json, "chip_static_public_key_from_DG14");
            match &key.key {
                PublicKey::Ec { parameters, point } => {
                    assert_eq!(point, &expected_point, "{name}");
                    assert_eq!(
                        matches!(parameters, EcParameters::Explicit(_)),
                        explicit,
                        "{name}: {parameters:?}"
                    );
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn wrong_tag() {
        assert!(Dg14::parse(&[0x31, 0x00]).is_err());
        assert_eq!(
            Dg14::parse(&[0x6E, 0x02, 0x31, 0x00])
                .unwrap()
                .security_infos
                .infos,
            vec![]
        );
    }
}
