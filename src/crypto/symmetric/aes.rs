//! AES-128/192/256 in CBC mode (secure messaging, ICAO 9303-11 §9.8.6.2) and single-block
//! ECB encryption for the SM IV = E(KSenc, SSC).

use super::{SymmetricError, check_aligned};
use aes::{Aes128, Aes192, Aes256};
use cipher::{Array, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt, KeyInit, KeyIvInit};

const BLOCK: usize = 16;

fn key_error(key: &[u8]) -> SymmetricError {
    SymmetricError::KeyLength {
        expected: if key.len() < 24 {
            16
        } else if key.len() < 32 {
            24
        } else {
            32
        },
        got: key.len(),
    }
}

fn check_iv(iv: &[u8]) -> Result<(), SymmetricError> {
    if iv.len() == BLOCK {
        Ok(())
    } else {
        Err(SymmetricError::IvLength {
            expected: BLOCK,
            got: iv.len(),
        })
    }
}

fn cbc_enc<C: BlockCipherEncrypt<BlockSize = cipher::consts::U16> + KeyInit>(
    key: &[u8],
    iv: &[u8],
    buf: &mut [u8],
) -> Result<(), SymmetricError> {
    let mut enc = cbc::Encryptor::<C>::new_from_slices(key, iv).map_err(|_| key_error(key))?;
    let (blocks, _) = Array::slice_as_chunks_mut(buf);
    enc.encrypt_blocks(blocks);
    Ok(())
}

fn cbc_dec<C: cipher::BlockCipherDecrypt<BlockSize = cipher::consts::U16> + KeyInit>(
    key: &[u8],
    iv: &[u8],
    buf: &mut [u8],
) -> Result<(), SymmetricError> {
    let mut dec = cbc::Decryptor::<C>::new_from_slices(key, iv).map_err(|_| key_error(key))?;
    let (blocks, _) = Array::slice_as_chunks_mut(buf);
    dec.decrypt_blocks(blocks);
    Ok(())
}

/// Encrypts `buf` in place with AES-CBC; the key length (16, 24, 32) selects AES-128/192/256.
pub fn aes_cbc_encrypt_in_place(
    key: &[u8],
    iv: &[u8],
    buf: &mut [u8],
) -> Result<(), SymmetricError> {
    check_iv(iv)?;
    check_aligned(buf.len(), BLOCK)?;
    match key.len() {
        16 => cbc_enc::<Aes128>(key, iv, buf),
        24 => cbc_enc::<Aes192>(key, iv, buf),
        32 => cbc_enc::<Aes256>(key, iv, buf),
        _ => Err(key_error(key)),
    }
}

/// Decrypts `buf` in place with AES-CBC; the key length selects AES-128/192/256.
pub fn aes_cbc_decrypt_in_place(
    key: &[u8],
    iv: &[u8],
    buf: &mut [u8],
) -> Result<(), SymmetricError> {
    check_iv(iv)?;
    check_aligned(buf.len(), BLOCK)?;
    match key.len() {
        16 => cbc_dec::<Aes128>(key, iv, buf),
        24 => cbc_dec::<Aes192>(key, iv, buf),
        32 => cbc_dec::<Aes256>(key, iv, buf),
        _ => Err(key_error(key)),
    }
}

fn ecb_block<C: BlockCipherEncrypt<BlockSize = cipher::consts::U16> + KeyInit>(
    key: &[u8],
    block: &[u8; BLOCK],
) -> Result<[u8; BLOCK], SymmetricError> {
    let cipher = C::new_from_slice(key).map_err(|_| key_error(key))?;
    let mut b = Array::from(*block);
    cipher.encrypt_block(&mut b);
    Ok(b.into())
}

/// Encrypts one 16-byte block with AES (ECB), e.g. the SM IV = E(KSenc, SSC).
pub fn aes_ecb_encrypt_block(
    key: &[u8],
    block: &[u8; BLOCK],
) -> Result<[u8; BLOCK], SymmetricError> {
    match key.len() {
        16 => ecb_block::<Aes128>(key, block),
        24 => ecb_block::<Aes192>(key, block),
        32 => ecb_block::<Aes256>(key, block),
        _ => Err(key_error(key)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fips197_single_blocks() {
        // FIPS-197 Appendix C example vectors.
        let pt: [u8; 16] = hex::decode("00112233445566778899aabbccddeeff")
            .unwrap()
            .try_into()
            .unwrap();
        let k: Vec<u8> = (0u8..32).collect();
        assert_eq!(
            hex::encode(aes_ecb_encrypt_block(&k[..16], &pt).unwrap()),
            "69c4e0d86a7b0430d8cdb78070b4c55a"
        );
        assert_eq!(
            hex::encode(aes_ecb_encrypt_block(&k[..24], &pt).unwrap()),
            "dda97ca4864cdfe06eaf70a0ec0d7191"
        );
        assert_eq!(
            hex::encode(aes_ecb_encrypt_block(&k, &pt).unwrap()),
            "8ea2b7ca516745bfeafc49904b496089"
        );
    }

    #[test]
    fn cbc_matches_sp800_38a() {
        // NIST SP 800-38A F.2.1 CBC-AES128.Encrypt, first two blocks.
        let key = hex::decode("2b7e151628aed2a6abf7158809cf4f3c").unwrap();
        let iv = hex::decode("000102030405060708090a0b0c0d0e0f").unwrap();
        let plain = hex::decode("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51")
            .unwrap();
        let mut buf = plain.clone();
        aes_cbc_encrypt_in_place(&key, &iv, &mut buf).unwrap();
        assert_eq!(
            hex::encode(&buf),
            "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
        );
        aes_cbc_decrypt_in_place(&key, &iv, &mut buf).unwrap();
        assert_eq!(buf, plain);
    }

    #[test]
    fn bad_lengths_are_errors() {
        let mut buf = [0u8; 16];
        assert!(matches!(
            aes_cbc_encrypt_in_place(&[0; 17], &[0; 16], &mut buf),
            Err(SymmetricError::KeyLength { got: 17, .. })
        ));
        assert!(matches!(
            aes_cbc_decrypt_in_place(&[0; 16], &[0; 8], &mut buf),
            Err(SymmetricError::IvLength { got: 8, .. })
        ));
        let mut buf = [0u8; 15];
        assert!(matches!(
            aes_cbc_encrypt_in_place(&[0; 16], &[0; 16], &mut buf),
            Err(SymmetricError::NotBlockAligned { .. })
        ));
        assert!(aes_ecb_encrypt_block(&[0; 5], &[0; 16]).is_err());
    }
}
