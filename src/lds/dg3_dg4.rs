//! DG3 (fingerprints, tag 63) and DG4 (irises, tag 76) (ICAO 9303-10 §4.7.3-4.7.4): the
//! CBEFF structure, each ISO/IEC 19794-4/-6 data block kept raw and read as its record's
//! headers. Reading them needs EAC terminal authentication.

use super::{LdsError, cbeff::BiometricGroup, der, iso19794::BiometricRecord};
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
    /// Each template's data block read as its record, in template order.
    pub records: Vec<BiometricRecord>,
}

impl BiometricDg {
    /// Parses DG3 or DG4.
    pub fn parse(kind: SecondaryBiometric, data: &[u8]) -> Result<Self, LdsError> {
        let outer = der::outer(data, kind.tag(), kind.file())?;
        let group = BiometricGroup::parse(outer.value, kind.file())?;
        Self::new(kind, group)
    }

    /// The data group of `group`, each data block read as the record `kind` calls for
    /// (19794-4 finger records in DG3, 19794-6 iris records in DG4; 39794 blocks kept).
    pub fn new(kind: SecondaryBiometric, group: BiometricGroup) -> Result<Self, LdsError> {
        let iris = kind == SecondaryBiometric::Iris;
        let records = group
            .templates
            .iter()
            .map(|t| BiometricRecord::parse(t, iris, kind.file()))
            .collect::<Result<_, _>>()?;
        Ok(BiometricDg {
            kind,
            group,
            records,
        })
    }

    /// The file's name, `DG3` or `DG4`.
    pub fn file_name(&self) -> &'static str {
        self.kind.file()
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
    use crate::lds::cbeff::{BDB, BDB_CONSTRUCTED, BiometricHeader, BiometricTemplate};
    use crate::lds::{iso19794_4, iso19794_6};

    fn group(blocks: Vec<(u32, Vec<u8>)>, btype: u8) -> BiometricGroup {
        BiometricGroup {
            declared_count: Some(blocks.len() as u64),
            templates: blocks
                .into_iter()
                .map(|(data_tag, data)| BiometricTemplate {
                    header: BiometricHeader::iso19794(btype, 0x0007),
                    data_tag,
                    data,
                })
                .collect(),
        }
    }

    #[test]
    fn fingerprints_and_irises_round_trip() {
        let finger = iso19794_4::tests::sample();
        let iris = iso19794_6::tests::sample();
        for (kind, data, btype, record) in [
            (
                SecondaryBiometric::Fingerprint,
                finger.encode(),
                0x08,
                BiometricRecord::Finger(finger),
            ),
            (
                SecondaryBiometric::Iris,
                iris.encode(),
                0x10,
                BiometricRecord::Iris(iris),
            ),
        ] {
            let blocks = vec![(BDB, data.clone()), (BDB_CONSTRUCTED, vec![0xA1, 0x00])];
            let dg = BiometricDg::new(kind, group(blocks, btype)).unwrap();
            assert_eq!(dg.records, [record, BiometricRecord::Iso39794]);
            let back = BiometricDg::parse(kind, &dg.encode()).unwrap();
            assert_eq!(back, dg);
            assert_eq!(
                back.record_formats()[0],
                String::from_utf8_lossy(&data[..3])
            );
        }
        assert!(BiometricDg::parse(SecondaryBiometric::Iris, &[0x63, 0x00]).is_err());
    }

    #[test]
    fn a_wrong_or_broken_record_makes_the_data_group_unreadable() {
        let finger = iso19794_4::tests::sample().encode();
        let iris = iso19794_6::tests::sample().encode();
        // Iris records in DG3 and finger records in DG4 are refused.
        for (kind, data) in [
            (SecondaryBiometric::Fingerprint, iris.clone()),
            (SecondaryBiometric::Iris, finger.clone()),
        ] {
            let dg = tlv::tlv(kind.tag(), &group(vec![(BDB, data)], 0x08).encode());
            assert!(matches!(
                BiometricDg::parse(kind, &dg),
                Err(LdsError::Malformed { .. })
            ));
        }
        // A record cut short inside a well-formed CBEFF structure.
        let kind = SecondaryBiometric::Fingerprint;
        for cut in [0, 4, 31, 32, finger.len() - 1] {
            let g = group(vec![(BDB, finger[..cut].to_vec())], 0x08);
            let e = BiometricDg::parse(kind, &tlv::tlv(0x63, &g.encode())).unwrap_err();
            assert!(matches!(e, LdsError::Malformed { file: "DG3", .. }), "{e}");
        }
    }
}
