//! The ICAO 9303-11 §9.7.1 key derivation function: K = H(K_seed ‖ c) truncated to the key
//! length, SHA-1 for 3DES and AES-128, SHA-256 for AES-192/256; DES parity for 3DES keys.

use super::{Cipher, adjust_parity};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Counter c = 1: the encryption key (ICAO 9303-11 §9.7.1.1).
pub const KDF_ENC: u32 = 1;
/// Counter c = 2: the MAC key.
pub const KDF_MAC: u32 = 2;
/// Counter c = 3: the PACE password key K_π.
pub const KDF_PACE: u32 = 3;

/// Derives a `cipher` key from the shared secret `seed` with counter `counter`.
pub fn derive_key(seed: &[u8], counter: u32, cipher: Cipher) -> Zeroizing<Vec<u8>> {
    let c = counter.to_be_bytes();
    let digest: Zeroizing<Vec<u8>> = match cipher {
        Cipher::Tdes | Cipher::Aes128 => {
            let mut h = Sha1::new();
            h.update(seed);
            h.update(c);
            Zeroizing::new(h.finalize().to_vec())
        }
        Cipher::Aes192 | Cipher::Aes256 => {
            let mut h = Sha256::new();
            h.update(seed);
            h.update(c);
            Zeroizing::new(h.finalize().to_vec())
        }
    };
    let mut key = Zeroizing::new(digest.get(..cipher.key_len()).unwrap_or_default().to_vec());
    if cipher == Cipher::Tdes {
        adjust_parity(&mut key);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icao_appendix_d1_basic_access_keys() {
        let seed = hex::decode("239AB9CB282DAF66231DC5A4DF6BFBAE").unwrap();
        assert_eq!(
            hex::encode_upper(&*derive_key(&seed, KDF_ENC, Cipher::Tdes)),
            "AB94FDECF2674FDFB9B391F85D7F76F2"
        );
        assert_eq!(
            hex::encode_upper(&*derive_key(&seed, KDF_MAC, Cipher::Tdes)),
            "7962D9ECE03D1ACD4C76089DCE131543"
        );
    }

    #[test]
    fn aes_lengths_and_hashes() {
        let seed = b"seed";
        let k128 = derive_key(seed, KDF_ENC, Cipher::Aes128);
        let k192 = derive_key(seed, KDF_ENC, Cipher::Aes192);
        let k256 = derive_key(seed, KDF_ENC, Cipher::Aes256);
        assert_eq!((k128.len(), k192.len(), k256.len()), (16, 24, 32));
        let mut sha1_in = seed.to_vec();
        sha1_in.extend([0, 0, 0, 1]);
        assert_eq!(&k128[..], &Sha1::digest(&sha1_in)[..16]);
        assert_eq!(&k256[..], &Sha256::digest(&sha1_in)[..]);
        assert_eq!(&k192[..], &k256[..24]);
        assert_ne!(&derive_key(seed, KDF_PACE, Cipher::Aes128)[..], &k128[..]);
    }
}
