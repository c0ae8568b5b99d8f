//! Symmetric primitives for BAC, PACE and secure messaging: 3DES and AES in CBC/ECB, retail
//! MAC and CMAC, ISO/IEC 7816-4 padding and the ICAO 9303-11 key derivation function.

mod aes;
mod kdf;
mod mac;
mod padding;
mod tdes;

pub use aes::{aes_cbc_decrypt_in_place, aes_cbc_encrypt_in_place, aes_ecb_encrypt_block};
pub use kdf::{KDF_ENC, KDF_MAC, KDF_PACE, derive_key};
pub use mac::{BlockMac, aes_cmac, retail_mac};
pub use padding::{pad_iso7816, padded_len, unpad_iso7816};
pub use tdes::{adjust_parity, tdes_cbc_decrypt_in_place, tdes_cbc_encrypt_in_place};

/// The block ciphers the eMRTD protocols use for session keys (ICAO 9303-11 §9.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cipher {
    /// Two-key triple DES (K1 ‖ K2, 16 bytes) with the ISO/IEC 9797-1 retail MAC.
    Tdes,
    /// AES with a 128-bit key and CMAC.
    Aes128,
    /// AES with a 192-bit key and CMAC.
    Aes192,
    /// AES with a 256-bit key and CMAC.
    Aes256,
}

impl Cipher {
    /// The key length in bytes.
    pub fn key_len(self) -> usize {
        match self {
            Cipher::Tdes | Cipher::Aes128 => 16,
            Cipher::Aes192 => 24,
            Cipher::Aes256 => 32,
        }
    }

    /// The block length in bytes (8 for 3DES, 16 for AES); also the SSC length in SM.
    pub fn block_len(self) -> usize {
        match self {
            Cipher::Tdes => 8,
            _ => 16,
        }
    }
}

/// Why a symmetric operation could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SymmetricError {
    /// A key of the wrong length for the cipher.
    #[error("key of {got} bytes where the cipher takes {expected}")]
    KeyLength {
        /// Bytes the cipher needs.
        expected: usize,
        /// Bytes given.
        got: usize,
    },
    /// An IV of the wrong length.
    #[error("IV of {got} bytes where the cipher takes {expected}")]
    IvLength {
        /// Bytes the cipher needs.
        expected: usize,
        /// Bytes given.
        got: usize,
    },
    /// Input to a padding-free CBC operation that is not a whole number of blocks.
    #[error("{len} bytes are not a whole number of {block}-byte blocks")]
    NotBlockAligned {
        /// Input length.
        len: usize,
        /// Block length.
        block: usize,
    },
    /// Decrypted data without valid ISO/IEC 7816-4 padding (0x80 then zero bytes).
    #[error("invalid ISO/IEC 7816-4 padding")]
    BadPadding,
}

/// Checks that `len` is a whole number of `block`-byte blocks.
fn check_aligned(len: usize, block: usize) -> Result<(), SymmetricError> {
    if len.is_multiple_of(block) {
        Ok(())
    } else {
        Err(SymmetricError::NotBlockAligned { len, block })
    }
}
