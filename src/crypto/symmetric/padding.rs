//! ISO/IEC 7816-4 padding (= ISO/IEC 9797-1 padding method 2): 0x80, then zero bytes up to
//! the block boundary; always at least one byte is added.

use super::SymmetricError;

/// The length of `len` bytes after padding to `block` bytes.
pub fn padded_len(len: usize, block: usize) -> usize {
    let block = block.max(1);
    (len / block + 1).saturating_mul(block)
}

/// Appends ISO/IEC 7816-4 padding to `data` for a `block`-byte cipher.
pub fn pad_iso7816(data: &mut Vec<u8>, block: usize) {
    let target = padded_len(data.len(), block);
    data.push(0x80);
    data.resize(target, 0x00);
}

/// Returns `data` without its ISO/IEC 7816-4 padding: trailing zero bytes, then one 0x80.
pub fn unpad_iso7816(data: &[u8]) -> Result<&[u8], SymmetricError> {
    let end = data
        .iter()
        .rposition(|&b| b != 0x00)
        .ok_or(SymmetricError::BadPadding)?;
    match data.get(end) {
        Some(0x80) => Ok(data.get(..end).unwrap_or_default()),
        _ => Err(SymmetricError::BadPadding),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_next_block_always() {
        let mut v = vec![1, 2, 3];
        pad_iso7816(&mut v, 8);
        assert_eq!(v, [1, 2, 3, 0x80, 0, 0, 0, 0]);
        let mut v = vec![0u8; 8];
        pad_iso7816(&mut v, 8);
        assert_eq!(v.len(), 16);
        assert_eq!(v[8], 0x80);
        let mut v = vec![];
        pad_iso7816(&mut v, 16);
        assert_eq!(v.len(), 16);
        assert_eq!(padded_len(15, 16), 16);
        assert_eq!(padded_len(16, 16), 32);
    }

    #[test]
    fn unpad_round_trip_and_errors() {
        for len in 0..40 {
            let data: Vec<u8> = (0..len as u8).map(|b| b | 1).collect();
            let mut p = data.clone();
            pad_iso7816(&mut p, 8);
            assert_eq!(unpad_iso7816(&p).unwrap(), &data[..]);
        }
        assert_eq!(unpad_iso7816(&[]), Err(SymmetricError::BadPadding));
        assert_eq!(unpad_iso7816(&[0, 0, 0]), Err(SymmetricError::BadPadding));
        assert_eq!(
            unpad_iso7816(&[1, 2, 0x81, 0]),
            Err(SymmetricError::BadPadding)
        );
        assert_eq!(unpad_iso7816(&[0x80]).unwrap(), &[] as &[u8]);
    }
}
