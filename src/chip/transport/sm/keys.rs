//! Session keys and send sequence counter shared by both ends of secure messaging: the
//! cipher (3DES-CBC IV 0, or AES-CBC with IV = E(KSenc, SSC)) and the MAC over SSC ‖ data
//! (retail MAC, or CMAC truncated to 8 bytes), per ICAO 9303-11 §9.8.6 and §9.8.3.

use crate::chip::ChipError;
use crate::crypto::symmetric::{
    BlockMac, Cipher, KDF_ENC, KDF_MAC, aes_cbc_decrypt_in_place, aes_cbc_encrypt_in_place,
    aes_ecb_encrypt_block, derive_key, pad_iso7816, tdes_cbc_decrypt_in_place,
    tdes_cbc_encrypt_in_place,
};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Length of the cryptographic checksum in DO'8E' (ICAO 9303-11 §9.8.6).
pub const MAC_LEN: usize = 8;

/// The send sequence counter: as long as the cipher's block, incremented before every
/// command and every response (ICAO 9303-11 §9.8.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ssc(Vec<u8>);

impl Ssc {
    /// A counter with the given initial bytes.
    pub fn new(bytes: &[u8]) -> Self {
        Ssc(bytes.to_vec())
    }

    /// A zero counter of `len` bytes (PACE starts SM at zero).
    pub fn zero(len: usize) -> Self {
        Ssc(vec![0; len])
    }

    /// Adds one, big-endian, wrapping at the top.
    pub fn increment(&mut self) {
        for b in self.0.iter_mut().rev() {
            let (v, carry) = b.overflowing_add(1);
            *b = v;
            if !carry {
                break;
            }
        }
    }

    /// The counter's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// KSenc and KSmac for one cipher; zeroized when dropped.
#[derive(Clone)]
pub struct SessionKeys {
    cipher: Cipher,
    enc: Zeroizing<Vec<u8>>,
    mac: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SessionKeys({:?}, ..)", self.cipher)
    }
}

impl SessionKeys {
    /// Session keys from their bytes; each must be `cipher.key_len()` long.
    pub fn new(cipher: Cipher, ks_enc: &[u8], ks_mac: &[u8]) -> Result<Self, ChipError> {
        for k in [ks_enc, ks_mac] {
            if k.len() != cipher.key_len() {
                return Err(crate::crypto::symmetric::SymmetricError::KeyLength {
                    expected: cipher.key_len(),
                    got: k.len(),
                }
                .into());
            }
        }
        Ok(SessionKeys {
            cipher,
            enc: Zeroizing::new(ks_enc.to_vec()),
            mac: Zeroizing::new(ks_mac.to_vec()),
        })
    }

    /// KSenc = KDF(seed, 1), KSmac = KDF(seed, 2) (ICAO 9303-11 §9.7.1).
    pub fn derive(cipher: Cipher, seed: &[u8]) -> Self {
        SessionKeys {
            cipher,
            enc: derive_key(seed, KDF_ENC, cipher),
            mac: derive_key(seed, KDF_MAC, cipher),
        }
    }

    /// The cipher these keys belong to.
    pub fn cipher(&self) -> Cipher {
        self.cipher
    }

    /// KSenc (for tests and key checks; treat as secret).
    pub fn enc_key(&self) -> &[u8] {
        &self.enc
    }

    /// KSmac (for tests and key checks; treat as secret).
    pub fn mac_key(&self) -> &[u8] {
        &self.mac
    }

    fn iv(&self, ssc: &Ssc) -> Result<Vec<u8>, ChipError> {
        match self.cipher {
            Cipher::Tdes => Ok(vec![0; 8]),
            _ => {
                let block: [u8; 16] = ssc
                    .as_bytes()
                    .try_into()
                    .map_err(|_| ChipError::SmMalformed("AES SSC is not 16 bytes"))?;
                Ok(aes_ecb_encrypt_block(&self.enc, &block)?.to_vec())
            }
        }
    }

    /// Pads `buf` (ISO/IEC 7816-4) and encrypts it in place under KSenc for counter `ssc`.
    pub fn encrypt_padded(&self, ssc: &Ssc, buf: &mut Vec<u8>) -> Result<(), ChipError> {
        pad_iso7816(buf, self.cipher.block_len());
        self.encrypt_in_place(ssc, buf)
    }

    /// Encrypts block-aligned `buf` in place under KSenc for counter `ssc`.
    pub fn encrypt_in_place(&self, ssc: &Ssc, buf: &mut [u8]) -> Result<(), ChipError> {
        match self.cipher {
            Cipher::Tdes => tdes_cbc_encrypt_in_place(&self.enc, buf)?,
            _ => aes_cbc_encrypt_in_place(&self.enc, &self.iv(ssc)?, buf)?,
        }
        Ok(())
    }

    /// Decrypts block-aligned `buf` in place under KSenc for counter `ssc` (padding stays).
    pub fn decrypt_in_place(&self, ssc: &Ssc, buf: &mut [u8]) -> Result<(), ChipError> {
        match self.cipher {
            Cipher::Tdes => tdes_cbc_decrypt_in_place(&self.enc, buf)?,
            _ => aes_cbc_decrypt_in_place(&self.enc, &self.iv(ssc)?, buf)?,
        }
        Ok(())
    }

    /// The 8-byte MAC over pad(SSC ‖ parts…) under KSmac.
    pub fn mac(&self, ssc: &Ssc, parts: &[&[u8]]) -> Result<[u8; MAC_LEN], ChipError> {
        let mut m = BlockMac::new(self.cipher, &self.mac)?;
        m.update(ssc.as_bytes());
        let mut len = ssc.as_bytes().len();
        for p in parts {
            m.update(p);
            len = len.saturating_add(p.len());
        }
        // ISO/IEC 9797-1 padding method 2, fed without copying the message.
        let mut pad = Vec::with_capacity(16);
        pad.push(0x80);
        let block = self.cipher.block_len();
        while !(len + pad.len()).is_multiple_of(block) {
            pad.push(0);
        }
        m.update(&pad);
        let full = m.finalize();
        let mut out = [0u8; MAC_LEN];
        out.copy_from_slice(
            full.get(..MAC_LEN)
                .ok_or(ChipError::SmMalformed("short MAC"))?,
        );
        Ok(out)
    }

    /// Whether `mac` is the MAC over pad(SSC ‖ parts…), compared in constant time.
    pub fn verify_mac(&self, ssc: &Ssc, parts: &[&[u8]], mac: &[u8]) -> Result<bool, ChipError> {
        let expected = self.mac(ssc, parts)?;
        Ok(bool::from(expected.as_slice().ct_eq(mac)))
    }
}

/// Pads a command header CLA INS P1 P2 to one block (ICAO 9303-11 §9.8.4).
pub fn padded_header(header: [u8; 4], block: usize) -> Vec<u8> {
    let mut h = header.to_vec();
    pad_iso7816(&mut h, block);
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssc_increments_with_carry() {
        let mut s = Ssc::new(&[0x00, 0xFF, 0xFF]);
        s.increment();
        assert_eq!(s.as_bytes(), &[0x01, 0x00, 0x00]);
        let mut s = Ssc::new(&[0xFF, 0xFF]);
        s.increment();
        assert_eq!(s.as_bytes(), &[0, 0]);
    }

    #[test]
    fn keys_check_lengths() {
        assert!(SessionKeys::new(Cipher::Aes256, &[0; 32], &[0; 16]).is_err());
        assert!(SessionKeys::new(Cipher::Tdes, &[0; 16], &[0; 16]).is_ok());
    }
}
