//! DG15 (ICAO 9303-10 §4.7.15): tag 6F around the Active Authentication public key, a
//! SubjectPublicKeyInfo (RSA, or EC with named or explicit parameters), kept raw.

use super::{LdsError, der, spki::PublicKeyInfo};
use crate::tlv;
use serde::Serialize;

/// The content of DG15.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dg15 {
    /// The Active Authentication public key.
    pub public_key: PublicKeyInfo,
}

impl Dg15 {
    /// Parses DG15.
    pub fn parse(data: &[u8]) -> Result<Self, LdsError> {
        let outer = der::outer(data, 0x6F, "DG15")?;
        Ok(Dg15 {
            public_key: PublicKeyInfo::parse(outer.value)?,
        })
    }

    /// Encodes DG15 (the key's raw encoding, unchanged).
    pub fn encode(&self) -> Vec<u8> {
        tlv::tlv(0x6F, &self.public_key.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lds::spki::{PublicKey, RSA_ENCRYPTION};

    #[test]
    fn rsa_dg15_of_a_real_document() {
        let path = crate::test_vectors_dir().join("transcripts/aa_rsa_active_authentication.json");
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let bytes = hex::decode(json["inputs"]["DG15"].as_str().unwrap()).unwrap();
        let dg15 = Dg15::parse(&bytes).unwrap();
        assert_eq!(dg15.public_key.algorithm, RSA_ENCRYPTION);
        assert!(matches!(dg15.public_key.key, PublicKey::Rsa { .. }));
        assert_eq!(dg15.encode(), bytes);
    }

    #[test]
    fn ec_round_trip_and_bad_input() {
        let point = [vec![0x04], vec![0x55; 48], vec![0x66; 48]].concat();
        let dg15 = Dg15 {
            public_key: PublicKeyInfo::ec_named("1.3.132.0.34", point),
        };
        assert_eq!(Dg15::parse(&dg15.encode()).unwrap(), dg15);
        assert!(Dg15::parse(&[0x6F, 0x00]).is_err());
        assert!(Dg15::parse(&[0x6E, 0x00]).is_err());
    }
}
