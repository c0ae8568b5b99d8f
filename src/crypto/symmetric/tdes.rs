//! Two-key triple DES in CBC mode with a zero IV (ICAO 9303-11 §9.8.6.1 / §4.3.3) and the
//! DES key parity adjustment used when deriving 3DES keys (ICAO 9303-11 §9.7.1).

use super::{SymmetricError, check_aligned};
use cipher::{Array, BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use des::TdesEde2;

const KEY_LEN: usize = 16;
const BLOCK: usize = 8;

fn check_key(key: &[u8]) -> Result<(), SymmetricError> {
    if key.len() == KEY_LEN {
        Ok(())
    } else {
        Err(SymmetricError::KeyLength {
            expected: KEY_LEN,
            got: key.len(),
        })
    }
}

/// Encrypts `buf` in place with 2-key 3DES-CBC, IV = 0; `buf` must be block aligned.
pub fn tdes_cbc_encrypt_in_place(key: &[u8], buf: &mut [u8]) -> Result<(), SymmetricError> {
    check_key(key)?;
    check_aligned(buf.len(), BLOCK)?;
    let mut enc =
        cbc::Encryptor::<TdesEde2>::new_from_slices(key, &[0u8; BLOCK]).map_err(|_| {
            SymmetricError::KeyLength {
                expected: KEY_LEN,
                got: key.len(),
            }
        })?;
    let (blocks, _) = Array::slice_as_chunks_mut(buf);
    enc.encrypt_blocks(blocks);
    Ok(())
}

/// Decrypts `buf` in place with 2-key 3DES-CBC, IV = 0; `buf` must be block aligned.
pub fn tdes_cbc_decrypt_in_place(key: &[u8], buf: &mut [u8]) -> Result<(), SymmetricError> {
    check_key(key)?;
    check_aligned(buf.len(), BLOCK)?;
    let mut dec =
        cbc::Decryptor::<TdesEde2>::new_from_slices(key, &[0u8; BLOCK]).map_err(|_| {
            SymmetricError::KeyLength {
                expected: KEY_LEN,
                got: key.len(),
            }
        })?;
    let (blocks, _) = Array::slice_as_chunks_mut(buf);
    dec.decrypt_blocks(blocks);
    Ok(())
}

/// Sets the least significant bit of every byte so each byte has odd parity (DES keys).
pub fn adjust_parity(key: &mut [u8]) {
    for b in key.iter_mut() {
        let high = *b & 0xFE;
        *b = high | u8::from(high.count_ones() % 2 == 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parity_matches_icao_appendix_d() {
        // ICAO 9303-11 Appendix D.1: Ka, Kb before and after parity adjustment.
        let mut k = hex::decode("AB94FCEDF2664EDFB9B291F85D7F77F2").unwrap();
        adjust_parity(&mut k);
        assert_eq!(hex::encode_upper(&k), "AB94FDECF2674FDFB9B391F85D7F76F2");
    }

    #[test]
    fn cbc_round_trip_and_chaining() {
        let key = hex::decode("AB94FDECF2674FDFB9B391F85D7F76F2").unwrap();
        let plain = hex::decode("781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B")
            .unwrap();
        let mut buf = plain.clone();
        tdes_cbc_encrypt_in_place(&key, &mut buf).unwrap();
        // ICAO 9303-11 Appendix D.3: E_IFD.
        assert_eq!(
            hex::encode_upper(&buf),
            "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"
        );
        tdes_cbc_decrypt_in_place(&key, &mut buf).unwrap();
        assert_eq!(buf, plain);
    }

    #[test]
    fn bad_lengths_are_errors() {
        let mut buf = [0u8; 7];
        assert_eq!(
            tdes_cbc_encrypt_in_place(&[0u8; 16], &mut buf),
            Err(SymmetricError::NotBlockAligned { len: 7, block: 8 })
        );
        let mut buf = [0u8; 8];
        assert_eq!(
            tdes_cbc_decrypt_in_place(&[0u8; 8], &mut buf),
            Err(SymmetricError::KeyLength {
                expected: 16,
                got: 8
            })
        );
    }
}
