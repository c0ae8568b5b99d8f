//! DG3 (fingerprints, tag 63) and DG4 (irises, tag 76) (ICAO 9303-10 §4.7.3-4.7.4): the
//! CBEFF structure with each ISO/IEC 19794-4/-6 data block kept raw. Reading them needs
//! EAC terminal authentication.

use super::{LdsError, cbeff::BiometricGroup, der};
use crate::tlv;
use serde::Serialize;

/// Which of the two secondary biometrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SecondaryBiometric {
    /// DG3, fingerprints.
    Fingerprint,
    /// DG4, irises.
    Iris,
}

impl SecondaryBiometric {
    fn tag(self) -> u32 {
        match self {
            SecondaryBiometric::Fingerprint => 0x63,
            SecondaryBiometric::Iris => 0x76,
        }
    }

    fn file(self) -> &'static str {
        match self {
            SecondaryBiometric::Fingerprint => "DG3",
            SecondaryBiometric::Iris => "DG4",
        }
    }
}

/// The content of DG3 or DG4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BiometricDg {
    /// Fingerprint or iris.
    pub kind: SecondaryBiometric,
    /// The CBEFF template group, data blocks raw.
    pub group: BiometricGroup,
}

impl BiometricDg {
    /// Parses DG3 or DG4.
    pub fn parse(kind: SecondaryBiometric, data: &[u8]) -> Result<Self, LdsError> {
        let outer = der::outer(data, kind.tag(), kind.file())?;
        let group = BiometricGroup::parse(outer.value, kind.file())?;
        Ok(BiometricDg { kind, group })
    }

    /// Encodes the data group.
    pub fn encode(&self) -> Vec<u8> {
        tlv::tlv(self.kind.tag(), &self.group.encode())
    }

    /// The format identifiers of the data blocks ("FIR" for 19794-4 finger images, "IIR"
    /// for 19794-6 iris images), as a first look at what is inside.
    pub fn record_formats(&self) -> Vec<String> {
        self.group
            .templates
            .iter()
            .map(|t| {
                let head = t.data.get(..3).unwrap_or(&t.data);
                String::from_utf8_lossy(head).into_owned()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lds::cbeff::{BDB, BiometricHeader, BiometricTemplate};

    #[test]
    fn fingerprints_and_irises_round_trip() {
        for (kind, fmt, btype) in [
            (SecondaryBiometric::Fingerprint, b"FIR\0", 0x08),
            (SecondaryBiometric::Iris, b"IIR\0", 0x10),
        ] {
            let mut data = fmt.to_vec();
            data.extend_from_slice(b"020\0 raw");
            let dg = BiometricDg {
                kind,
                group: BiometricGroup {
                    declared_count: Some(1),
                    templates: vec![BiometricTemplate {
                        header: BiometricHeader::iso19794(btype, 0x0007),
                        data_tag: BDB,
                        data,
                    }],
                },
            };
            let back = BiometricDg::parse(kind, &dg.encode()).unwrap();
            assert_eq!(back, dg);
            assert_eq!(back.record_formats()[0], String::from_utf8_lossy(&fmt[..3]));
        }
        assert!(BiometricDg::parse(SecondaryBiometric::Iris, &[0x63, 0x00]).is_err());
    }
}
