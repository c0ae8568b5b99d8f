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

    const TA: &str = "0.4.0.127.0.7.2.2.2";
    const CA_AES128: &str = "0.4.0.127.0.7.2.2.3.2.2";
    const CA_3DES: &str = "0.4.0.127.0.7.2.2.3.2.1";
    const PACE_GM_128: &str = "0.4.0.127.0.7.2.2.4.2.2";
    const PACE_GM_256: &str = "0.4.0.127.0.7.2.2.4.2.4";
    const PACE_CAM_128: &str = "0.4.0.127.0.7.2.2.4.6.2";

    fn ca(protocol: &str, version: u64, key_id: Option<u64>) -> SecurityInfo {
        SecurityInfo::ChipAuthentication {
            protocol: protocol.into(),
            version,
            key_id,
        }
    }

    fn pace(protocol: &str, parameter_id: u64) -> SecurityInfo {
        SecurityInfo::Pace {
            protocol: protocol.into(),
            version: 2,
            parameter_id: Some(parameter_id),
        }
    }

    fn ta() -> SecurityInfo {
        SecurityInfo::TerminalAuthentication {
            protocol: TA.into(),
            version: 1,
            ef_cvca: None,
        }
    }

    /// The DG14 of each chip-authentication transcript: every SecurityInfo other than the
    /// key, and the key (explicit parameters, the point the transcript records, the keyId).
    #[test]
    fn dg14_of_real_documents() {
        let cases: Vec<(&str, Vec<SecurityInfo>, Option<u64>)> = vec![
            (
                "de_chip_authentication.json",
                vec![
                    ta(),
                    pace(PACE_GM_128, 13),
                    pace(PACE_CAM_128, 13),
                    ca(CA_AES128, 1, Some(195)),
                ],
                Some(195),
            ),
            (
                "at_chip_authentication.json",
                vec![ta(), ca(CA_AES128, 1, None), pace(PACE_GM_128, 13)],
                None,
            ),
            (
                "my_chip_authentication.json",
                vec![ca(CA_3DES, 1, None), ta()],
                None,
            ),
            (
                "fr_chip_authentication.json",
                vec![pace(PACE_GM_256, 12)],
                None,
            ),
        ];
        for (name, others, key_id) in cases {
            let json = transcript(name);
            let bytes = hex_of(&json, "DG14");
            let dg14 = Dg14::parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            let infos = &dg14.security_infos.infos;
            assert_eq!(infos.len(), others.len() + 1, "{name}: {infos:?}");
            for info in &others {
                assert!(infos.contains(info), "{name}: {info:?} not in {infos:?}");
            }
            let keys = dg14.security_infos.chip_authentication_keys();
            assert_eq!(keys.len(), 1, "{name}");
            let (key, id) = keys[0];
            assert_eq!(id, key_id, "{name}");
            assert_eq!(key.encode(), key.raw, "{name}: DER re-encoding differs");
            let expected_point = hex_of(&json, "chip_static_public_key_from_DG14");
            match &key.key {
                PublicKey::Ec {
                    parameters: EcParameters::Explicit(curve),
                    point,
                } => {
                    assert_eq!(point, &expected_point, "{name}");
                    assert_eq!(curve.prime.len(), 32, "{name}");
                    assert_eq!(curve.cofactor, Some(1), "{name}");
                }
                other => panic!("{name}: {other:?}"),
            }
            assert_eq!(Dg14::parse(&dg14.encode()).unwrap(), dg14, "{name}");
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
