//! Writing BER-TLV with definite lengths in the shortest form (DER-compatible lengths).

/// Appends the bytes of `tag` (as read by [`super::parse_one`], e.g. `0x5F1F`).
pub fn encode_tag(tag: u32, out: &mut Vec<u8>) {
    let bytes = tag.to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count().min(3);
    out.extend_from_slice(&bytes[skip..]);
}

/// Appends a definite length in the shortest form.
pub fn encode_length(len: usize, out: &mut Vec<u8>) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = (len as u64).to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (8 - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// Appends tag, length and value.
pub fn write_tlv(tag: u32, value: &[u8], out: &mut Vec<u8>) {
    encode_tag(tag, out);
    encode_length(value.len(), out);
    out.extend_from_slice(value);
}

/// Returns tag, length and value as a new buffer.
pub fn tlv(tag: u32, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 8);
    write_tlv(tag, value, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::super::parse_one;
    use super::*;

    #[test]
    fn round_trip_lengths_and_tags() {
        for &tag in &[0x01u32, 0x5F1F, 0x7F61, 0x5F0E, 0x1F8101] {
            for len in [0usize, 1, 127, 128, 255, 256, 65535, 65536] {
                let value = vec![0x5A; len];
                let enc = tlv(tag, &value);
                let (t, rest) = parse_one(&enc).unwrap();
                assert_eq!(t.tag, tag);
                assert_eq!(t.value, &value[..]);
                assert!(rest.is_empty());
            }
        }
    }

    #[test]
    fn shortest_length_forms() {
        let mut v = Vec::new();
        encode_length(0x7F, &mut v);
        encode_length(0x80, &mut v);
        encode_length(0x100, &mut v);
        assert_eq!(v, [0x7F, 0x81, 0x80, 0x82, 0x01, 0x00]);
    }
}
