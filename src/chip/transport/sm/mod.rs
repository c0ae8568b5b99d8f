//! Secure messaging (ICAO 9303-11 §9.8): session keys and the send sequence counter shared
//! by both ends, and the terminal side that protects commands and unprotects responses.

mod keys;
mod terminal;

pub use keys::{MAC_LEN, SessionKeys, Ssc, padded_header};
pub use terminal::SecureMessaging;

#[cfg(test)]
mod tests;

/// The fuzz target's property: unprotecting arbitrary bytes never panics, and a response
/// protected with the right keys and counter unprotects to exactly its data and status word.
#[doc(hidden)]
pub fn fuzz_check_unwrap(data: &[u8]) {
    use crate::crypto::symmetric::Cipher;
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let cipher = match mode & 3 {
        0 => Cipher::Tdes,
        1 => Cipher::Aes128,
        2 => Cipher::Aes192,
        _ => Cipher::Aes256,
    };
    let keys = SessionKeys::derive(cipher, b"fuzzing secure messaging");
    let ssc = Ssc::zero(cipher.block_len());
    let Ok(mut sm) = SecureMessaging::new(keys.clone(), ssc.clone()) else {
        return;
    };
    if mode & 4 == 0 {
        // Hostile bytes: any outcome but a panic; a success would need a MAC forgery.
        if let Ok(r) = sm.unprotect(rest.to_vec()) {
            assert!(r.data.len() <= rest.len());
        }
    } else {
        // A genuine response carrying `rest` as data: must come back unchanged.
        let mut next = ssc;
        next.increment();
        let Ok(raw) = protect_response_for_check(&keys, &next, rest, mode & 8 != 0) else {
            return;
        };
        let r = sm.unprotect(raw).map_err(|e| e.to_string());
        assert_eq!(r.as_ref().map(|r| r.data.as_slice()), Ok(rest));
        assert_eq!(r.map(|r| r.sw.0), Ok(0x9000));
    }
}

/// Protects a 9000 response carrying `plain` the way a chip does (for the fuzz property).
fn protect_response_for_check(
    keys: &SessionKeys,
    ssc: &Ssc,
    plain: &[u8],
    odd: bool,
) -> Result<Vec<u8>, crate::chip::ChipError> {
    let mut out = Vec::new();
    if !plain.is_empty() {
        let mut enc = plain.to_vec();
        keys.encrypt_padded(ssc, &mut enc)?;
        if !odd {
            enc.insert(0, 0x01);
        }
        crate::tlv::write_tlv(if odd { 0x85 } else { 0x87 }, &enc, &mut out);
    }
    crate::tlv::write_tlv(0x99, &[0x90, 0x00], &mut out);
    let mac = keys.mac(ssc, &[&out])?;
    crate::tlv::write_tlv(0x8E, &mac, &mut out);
    out.extend_from_slice(&[0x90, 0x00]);
    Ok(out)
}
