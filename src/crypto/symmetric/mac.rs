//! Message authentication codes: ISO/IEC 9797-1 MAC algorithm 3 (retail MAC with DES, used
//! with 3DES secure messaging) and AES-CMAC (NIST SP 800-38B). Callers pad for the retail MAC.

use super::{Cipher, SymmetricError};
use aes::{Aes128, Aes192, Aes256};
use cmac::Cmac;
use des::Des;
use digest::{KeyInit, Mac};
use retail_mac::RetailMac;

/// A MAC computed incrementally: retail MAC for [`Cipher::Tdes`], CMAC for the AES ciphers.
#[derive(Clone)]
pub enum BlockMac {
    /// ISO/IEC 9797-1 MAC algorithm 3 with DES; input must already be padded to 8 bytes.
    Retail(RetailMac<Des>),
    /// AES-128-CMAC.
    Cmac128(Cmac<Aes128>),
    /// AES-192-CMAC.
    Cmac192(Cmac<Aes192>),
    /// AES-256-CMAC.
    Cmac256(Cmac<Aes256>),
}

impl std::fmt::Debug for BlockMac {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlockMac { .. }")
    }
}

impl BlockMac {
    /// Starts a MAC for `cipher` under `key`.
    pub fn new(cipher: Cipher, key: &[u8]) -> Result<Self, SymmetricError> {
        let err = || SymmetricError::KeyLength {
            expected: cipher.key_len(),
            got: key.len(),
        };
        if key.len() != cipher.key_len() {
            return Err(err());
        }
        Ok(match cipher {
            Cipher::Tdes => BlockMac::Retail(RetailMac::new_from_slice(key).map_err(|_| err())?),
            Cipher::Aes128 => BlockMac::Cmac128(Cmac::new_from_slice(key).map_err(|_| err())?),
            Cipher::Aes192 => BlockMac::Cmac192(Cmac::new_from_slice(key).map_err(|_| err())?),
            Cipher::Aes256 => BlockMac::Cmac256(Cmac::new_from_slice(key).map_err(|_| err())?),
        })
    }

    /// Feeds more message bytes.
    pub fn update(&mut self, data: &[u8]) {
        match self {
            BlockMac::Retail(m) => m.update(data),
            BlockMac::Cmac128(m) => m.update(data),
            BlockMac::Cmac192(m) => m.update(data),
            BlockMac::Cmac256(m) => m.update(data),
        }
    }

    /// The full MAC: 8 bytes for the retail MAC, 16 for CMAC.
    pub fn finalize(self) -> Vec<u8> {
        match self {
            BlockMac::Retail(m) => m.finalize().into_bytes().to_vec(),
            BlockMac::Cmac128(m) => m.finalize().into_bytes().to_vec(),
            BlockMac::Cmac192(m) => m.finalize().into_bytes().to_vec(),
            BlockMac::Cmac256(m) => m.finalize().into_bytes().to_vec(),
        }
    }
}

/// ISO/IEC 9797-1 MAC algorithm 3 (DES, 16-byte key K ‖ K') over `data`, which the caller has
/// padded (ISO/IEC 9797-1 padding method 2, see [`super::pad_iso7816`]).
pub fn retail_mac(key: &[u8], data: &[u8]) -> Result<[u8; 8], SymmetricError> {
    let mut m = BlockMac::new(Cipher::Tdes, key)?;
    m.update(data);
    let out = m.finalize();
    let mut mac = [0u8; 8];
    mac.copy_from_slice(out.get(..8).ok_or(SymmetricError::BadPadding)?);
    Ok(mac)
}

/// AES-CMAC over `data`; the key length selects AES-128/192/256.
pub fn aes_cmac(key: &[u8], data: &[u8]) -> Result<[u8; 16], SymmetricError> {
    let cipher = match key.len() {
        16 => Cipher::Aes128,
        24 => Cipher::Aes192,
        _ => Cipher::Aes256,
    };
    let mut m = BlockMac::new(cipher, key)?;
    m.update(data);
    let out = m.finalize();
    let mut mac = [0u8; 16];
    mac.copy_from_slice(out.get(..16).ok_or(SymmetricError::BadPadding)?);
    Ok(mac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retail_mac_iso9797_b4() {
        // ISO/IEC 9797-1:2011 B.4 (MAC algorithm 3), message already zero-padded to 24 bytes.
        let key = hex::decode("0123456789ABCDEFFEDCBA9876543210").unwrap();
        let mac = retail_mac(&key, b"Now is the time for all ").unwrap();
        assert_eq!(hex::encode_upper(mac), "A1C72E74EA3FA9B6");
    }

    #[test]
    fn retail_mac_icao_appendix_d_mifd() {
        // ICAO 9303-11 D.3: M_IFD = MAC(KMAC, pad(E_IFD)).
        let key = hex::decode("7962D9ECE03D1ACD4C76089DCE131543").unwrap();
        let mut data =
            hex::decode("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
                .unwrap();
        super::super::pad_iso7816(&mut data, 8);
        assert_eq!(
            hex::encode_upper(retail_mac(&key, &data).unwrap()),
            "5F1448EEA8AD90A7"
        );
    }

    #[test]
    fn cmac_rfc4493_and_sp800_38b() {
        let k128 = hex::decode("2b7e151628aed2a6abf7158809cf4f3c").unwrap();
        let msg = hex::decode("6bc1bee22e409f96e93d7e117393172a").unwrap();
        assert_eq!(
            hex::encode(aes_cmac(&k128, &msg).unwrap()),
            "070a16b46b4d4144f79bdd9dd04a287c"
        );
        assert_eq!(
            hex::encode(aes_cmac(&k128, &[]).unwrap()),
            "bb1d6929e95937287fa37d129b756746"
        );
        let k256 = hex::decode("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
            .unwrap();
        assert_eq!(
            hex::encode(aes_cmac(&k256, &msg).unwrap()),
            "28a7023f452e8f82bd4bf28d8c37c35c"
        );
        let k192 = hex::decode("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b").unwrap();
        assert_eq!(
            hex::encode(aes_cmac(&k192, &msg).unwrap()),
            "9e99a7bf31e710900662f65e617c5184"
        );
    }

    #[test]
    fn wrong_key_lengths() {
        assert!(retail_mac(&[0; 8], &[0; 8]).is_err());
        assert!(aes_cmac(&[0; 20], &[]).is_err());
        assert!(BlockMac::new(Cipher::Aes192, &[0; 16]).is_err());
    }
}
