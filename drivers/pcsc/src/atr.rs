//! Answer-to-reset parsing: the historical bytes (ISO/IEC 7816-3 §8.2) and the card
//! capabilities they advertise (ISO/IEC 7816-4 §12.1.1), notably extended length support.

/// Why an ATR could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AtrError {
    /// The ATR ends before the bytes its format byte and interface bytes announce.
    #[error("ATR truncated: {0} bytes")]
    Truncated(usize),
}

/// The historical bytes of `atr` (ISO/IEC 7816-3 §8.2.2): after TS, T0 and the interface
/// bytes TA/TB/TC/TD announced by T0 and each TDi, `K` bytes where K is T0's low nibble.
pub fn historical_bytes(atr: &[u8]) -> Result<&[u8], AtrError> {
    let truncated = || AtrError::Truncated(atr.len());
    // TS at 0, T0 at 1: high nibble Y1 says which of TA1..TD1 follow, low nibble is K.
    let t0 = *atr.get(1).ok_or_else(truncated)?;
    let k = usize::from(t0 & 0x0F);
    let mut pos = 2usize;
    let mut y = t0 >> 4;
    loop {
        // Bits 5..8 of Y announce TA, TB, TC, TD in that order.
        let count = (y & 0x07).count_ones() as usize;
        pos = pos.checked_add(count).ok_or_else(truncated)?;
        if y & 0x08 == 0 {
            break;
        }
        let td = *atr.get(pos).ok_or_else(truncated)?;
        pos = pos.checked_add(1).ok_or_else(truncated)?;
        y = td >> 4;
    }
    let end = pos.checked_add(k).ok_or_else(truncated)?;
    atr.get(pos..end).ok_or_else(truncated)
}

/// The card capabilities from the historical bytes (ISO/IEC 7816-4 §12.1.1.10): up to three
/// bytes of compact-TLV object '7X' (selection methods, data coding, third software function).
pub fn card_capabilities(historical: &[u8]) -> Option<&[u8]> {
    // Category indicator (ISO/IEC 7816-4 §12.1.1): '80' = compact-TLV objects follow,
    // '00' = compact-TLV objects then a three-byte status indicator at the end.
    let (&category, rest) = historical.split_first()?;
    let objects = match category {
        0x80 => rest,
        0x00 => rest.get(..rest.len().checked_sub(3)?)?,
        _ => return None,
    };
    let mut cursor = objects;
    while let Some((&tag_len, tail)) = cursor.split_first() {
        // Compact TLV: high nibble = tag, low nibble = length.
        let len = usize::from(tag_len & 0x0F);
        let value = tail.get(..len)?;
        if tag_len >> 4 == 0x7 {
            return Some(value);
        }
        cursor = tail.get(len..)?;
    }
    None
}

/// What `atr` says about extended Lc/Le fields: `Some(bit)` from the card capabilities,
/// `None` when the ATR has no card capabilities (then only trying tells).
pub fn extended_length_support(atr: &[u8]) -> Option<bool> {
    let caps = card_capabilities(historical_bytes(atr).ok()?)?;
    caps.get(2).map(|third| third & 0x40 != 0)
}

/// Whether `atr` advertises extended Lc/Le fields: bit b7 ('40') of the third software
/// function table byte of the card capabilities (ISO/IEC 7816-4 §12.1.1.10, Table 119).
/// `false` when the ATR cannot be parsed or does not say.
pub fn advertises_extended_length(atr: &[u8]) -> bool {
    extended_length_support(atr) == Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn historical_bytes_after_interface_bytes() {
        // TS=3B, T0=8A (TD1 follows, K=10), TD1=80 (TD2 follows, T=0), TD2=01 (T=1, none)
        let atr = [
            0x3B, 0x8A, 0x80, 0x01, 0x80, 0x31, 0xF8, 0x73, 0xF7, 0x41, 0xE0, 0x82, 0x90, 0x00,
            0x75,
        ];
        let hist = historical_bytes(&atr).unwrap();
        assert_eq!(
            hist,
            &[0x80, 0x31, 0xF8, 0x73, 0xF7, 0x41, 0xE0, 0x82, 0x90, 0x00]
        );
        assert_eq!(card_capabilities(hist), Some(&[0xF7, 0x41, 0xE0][..]));
        assert!(advertises_extended_length(&atr));
    }

    #[test]
    fn capabilities_without_extended_length() {
        let atr = [0x3B, 0x85, 0x80, 0x01, 0x80, 0x73, 0xF7, 0x41, 0x80, 0x00];
        assert_eq!(
            card_capabilities(historical_bytes(&atr).unwrap()),
            Some(&[0xF7, 0x41, 0x80][..])
        );
        assert!(!advertises_extended_length(&atr));
        assert_eq!(extended_length_support(&atr), Some(false));
        // Capabilities of one byte say nothing about extended length.
        assert_eq!(
            extended_length_support(&[0x3B, 0x03, 0x80, 0x71, 0xF7]),
            None
        );
    }

    #[test]
    fn category_zero_keeps_status_indicator_out() {
        // Category 00: objects, then 3 status bytes. A '73' inside the status must not count.
        let hist = [0x00, 0x31, 0xC0, 0x73, 0x00, 0x00];
        assert_eq!(card_capabilities(&hist), None);
        let hist = [0x00, 0x73, 0x00, 0x00, 0xC0, 0x01, 0x90, 0x00];
        assert_eq!(card_capabilities(&hist), Some(&[0x00, 0x00, 0xC0][..]));
    }

    #[test]
    fn atr_with_ta_tb_tc() {
        // T0=F2: TA1 TB1 TC1 TD1 present, K=2; TD1=11: TA2 present, T=1.
        let atr = [0x3B, 0xF2, 0x11, 0x00, 0xFF, 0x11, 0x96, 0x80, 0x01, 0x00];
        assert_eq!(historical_bytes(&atr).unwrap(), &[0x80, 0x01]);
        assert!(!advertises_extended_length(&atr));
    }

    #[test]
    fn truncated_and_hostile_atrs_are_errors() {
        assert_eq!(historical_bytes(&[]), Err(AtrError::Truncated(0)));
        assert_eq!(historical_bytes(&[0x3B]), Err(AtrError::Truncated(1)));
        // TD chain that runs off the end.
        assert_eq!(
            historical_bytes(&[0x3B, 0x80, 0x80, 0x80]),
            Err(AtrError::Truncated(4))
        );
        // K larger than what is left.
        assert_eq!(
            historical_bytes(&[0x3B, 0x0F, 0x80]),
            Err(AtrError::Truncated(3))
        );
        // Compact TLV whose length runs past the end.
        assert_eq!(card_capabilities(&[0x80, 0x73, 0xF7]), None);
        assert!(!advertises_extended_length(&[0x3B, 0x8F]));
        // Every proper prefix of an ATR with ten historical bytes is truncated.
        let atr = [
            0x3B, 0x8A, 0x80, 0x01, 0x80, 0x31, 0xF8, 0x73, 0xF7, 0x41, 0xE0, 0x82, 0x90, 0x00,
        ];
        for n in 0..atr.len() {
            assert!(historical_bytes(&atr[..n]).is_err(), "prefix {n}");
            assert!(!advertises_extended_length(&atr[..n]), "prefix {n}");
        }
        assert!(advertises_extended_length(&atr));
    }
}
