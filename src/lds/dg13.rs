//! DG13, optional details (ICAO 9303-10 §4.7.13): tag 6D, content defined by the issuer,
//! kept raw.

use super::{LdsError, der, text::hex_bytes};
use crate::tlv;
use serde::Serialize;

/// The content of DG13: the value of tag 6D, uninterpreted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dg13 {
    /// The value bytes.
    #[serde(with = "hex_bytes")]
    pub value: Vec<u8>,
}

impl Dg13 {
    /// Parses DG13.
    pub fn parse(data: &[u8]) -> Result<Self, LdsError> {
        let outer = der::outer(data, 0x6D, "DG13")?;
        Ok(Dg13 {
            value: outer.value.to_vec(),
        })
    }

    /// Encodes DG13.
    pub fn encode(&self) -> Vec<u8> {
        tlv::tlv(0x6D, &self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_round_trip() {
        let d = Dg13 {
            value: b"\x5F\x0F\x08SPECIMEN".to_vec(),
        };
        assert_eq!(Dg13::parse(&d.encode()).unwrap(), d);
        assert!(Dg13::parse(&[0x6E, 0x00]).is_err());
    }
}
