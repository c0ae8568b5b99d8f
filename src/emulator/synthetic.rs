//! Synthetic documents for load and protocol tests: each file is random bytes inside the
//! right outer LDS tag (ICAO 9303-10 §4.6), and EF.COM lists the data groups present.

use crate::chip::FileId;
use crate::emulator::rng::Generator;
use crate::tlv;

/// Builds a document whose files have (about) the given total sizes; EF.COM is generated
/// from the data groups among them (an EF.COM in `sizes` is ignored).
pub fn synthetic_document(sizes: &[(FileId, usize)], seed: [u8; 32]) -> Vec<(FileId, Vec<u8>)> {
    let mut rng = Generator::new(seed);
    let mut tags = Vec::new();
    let mut out = Vec::new();
    for &(file, size) in sizes {
        if file == FileId::Com {
            continue;
        }
        if let (Some(tag), Some(_)) = (file.lds_tag(), file.data_group_number()) {
            tags.push(tag);
        }
        let tag = u32::from(file.lds_tag().unwrap_or(0x30));
        // Pick the value length so that tag + length + value come to `size` bytes.
        let mut value_len = size.saturating_sub(2);
        while value_len > 0 && tlv::tlv(tag, &[]).len() + length_bytes(value_len) + value_len > size
        {
            value_len -= 1;
        }
        let mut value = vec![0u8; value_len];
        rng.fill(&mut value);
        out.push((file, tlv::tlv(tag, &value)));
    }
    // EF.COM: LDS version 0107, Unicode 040000, tag list (ICAO 9303-10 §4.6.1).
    let mut com = Vec::new();
    tlv::write_tlv(0x5F01, b"0107", &mut com);
    tlv::write_tlv(0x5F36, b"040000", &mut com);
    tlv::write_tlv(0x5C, &tags, &mut com);
    out.insert(0, (FileId::Com, tlv::tlv(0x60, &com)));
    out
}

fn length_bytes(len: usize) -> usize {
    let mut v = Vec::new();
    tlv::encode_length(len, &mut v);
    v.len().saturating_sub(1)
}

/// The document of the reading benchmark: EF.COM, EF.SOD (~2 KB), DG1, a 20 KB DG2, DG11,
/// DG12, DG14 and DG15.
pub fn benchmark_document(seed: [u8; 32]) -> Vec<(FileId, Vec<u8>)> {
    synthetic_document(
        &[
            (FileId::Sod, 2000),
            (FileId::Dg1, 93),
            (FileId::Dg2, 20 * 1024),
            (FileId::Dg11, 120),
            (FileId::Dg12, 90),
            (FileId::Dg14, 330),
            (FileId::Dg15, 170),
        ],
        seed,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_tags() {
        let doc = benchmark_document([7; 32]);
        let sizes: Vec<(FileId, usize)> = doc.iter().map(|(f, b)| (*f, b.len())).collect();
        assert_eq!(sizes[0].0, FileId::Com);
        assert!(sizes.contains(&(FileId::Dg2, 20480)));
        assert!(sizes.contains(&(FileId::Sod, 2000)));
        assert!(sizes.contains(&(FileId::Dg1, 93)));
        for (f, b) in &doc {
            let (t, rest) = tlv::parse_one(b).unwrap();
            assert!(rest.is_empty());
            assert_eq!(Some(t.tag as u8), f.lds_tag());
        }
        assert_eq!(
            crate::chip::listed_data_groups(&doc[0].1),
            vec![
                FileId::Dg1,
                FileId::Dg2,
                FileId::Dg11,
                FileId::Dg12,
                FileId::Dg14,
                FileId::Dg15
            ]
        );
    }
}
