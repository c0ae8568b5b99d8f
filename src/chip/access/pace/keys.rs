//! PACE key material (ICAO 9303-11 §4.4.3 and §9.7): the password key K_π, the nonce's
//! decryption, session keys, the authentication tokens over the 7F49 public-key object, and
//! the decryption of the chip's authentication data in Chip Authentication Mapping.

use super::PaceError;
use crate::chip::transport::sm::SessionKeys;
use crate::crypto::agreement::Group;
use crate::crypto::hash::HashAlgorithm;
use crate::crypto::symmetric::{
    BlockMac, Cipher, KDF_PACE, aes_cbc_decrypt_in_place, aes_ecb_encrypt_block, derive_key,
    pad_iso7816, tdes_cbc_decrypt_in_place, unpad_iso7816,
};
use crate::tlv;
use zeroize::Zeroizing;

/// The password PACE runs on (ICAO 9303-11 §9.7.3; BSI TR-03110-3 §A.3.2).
#[derive(Clone, zeroize::ZeroizeOnDrop)]
pub enum PacePassword {
    /// The MRZ information: document number, date of birth, date of expiry, each with its
    /// check digit (as for BAC).
    Mrz(Vec<u8>),
    /// The card access number printed on the document.
    Can(Vec<u8>),
    /// A PIN (eID cards).
    Pin(Vec<u8>),
    /// A PUK (eID cards).
    Puk(Vec<u8>),
}

impl std::fmt::Debug for PacePassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PacePassword::Mrz(_) => "PacePassword::Mrz(..)",
            PacePassword::Can(_) => "PacePassword::Can(..)",
            PacePassword::Pin(_) => "PacePassword::Pin(..)",
            PacePassword::Puk(_) => "PacePassword::Puk(..)",
        })
    }
}

impl PacePassword {
    /// The password reference of MSE:Set AT tag 83 (BSI TR-03110-3 §D.3: 1 MRZ, 2 CAN,
    /// 3 PIN, 4 PUK).
    pub fn reference(&self) -> u8 {
        match self {
            PacePassword::Mrz(_) => 1,
            PacePassword::Can(_) => 2,
            PacePassword::Pin(_) => 3,
            PacePassword::Puk(_) => 4,
        }
    }

    /// A short name for messages.
    pub fn name(&self) -> &'static str {
        match self {
            PacePassword::Mrz(_) => "MRZ",
            PacePassword::Can(_) => "CAN",
            PacePassword::Pin(_) => "PIN",
            PacePassword::Puk(_) => "PUK",
        }
    }

    /// The shared secret π: SHA-1 of the MRZ information, or the password's ISO 8859-1 bytes.
    fn secret(&self) -> Zeroizing<Vec<u8>> {
        match self {
            PacePassword::Mrz(m) => Zeroizing::new(HashAlgorithm::Sha1.digest(m)),
            PacePassword::Can(p) | PacePassword::Pin(p) | PacePassword::Puk(p) => {
                Zeroizing::new(p.clone())
            }
        }
    }

    /// K_π = KDF_π(π) = KDF(π, 3) for `cipher` (ICAO 9303-11 §9.7.3).
    pub fn key(&self, cipher: Cipher) -> Zeroizing<Vec<u8>> {
        derive_key(&self.secret(), KDF_PACE, cipher)
    }
}

/// Decrypts the chip's nonce z with K_π, CBC with a zero IV (ICAO 9303-11 §4.4.3.1).
pub fn decrypt_nonce(
    cipher: Cipher,
    k_pi: &[u8],
    z: &[u8],
) -> Result<Zeroizing<Vec<u8>>, PaceError> {
    let mut s = Zeroizing::new(z.to_vec());
    if s.is_empty() || !s.len().is_multiple_of(cipher.block_len()) {
        return Err(PaceError::Protocol(format!(
            "the encrypted nonce has {} bytes",
            z.len()
        )));
    }
    match cipher {
        Cipher::Tdes => tdes_cbc_decrypt_in_place(k_pi, &mut s)?,
        _ => aes_cbc_decrypt_in_place(k_pi, &[0; 16], &mut s)?,
    }
    Ok(s)
}

/// Encrypts the nonce s with K_π (the chip's side of [`decrypt_nonce`]).
#[doc(hidden)]
pub fn encrypt_nonce_for_chip(cipher: Cipher, k_pi: &[u8], s: &mut [u8]) -> Result<(), PaceError> {
    encrypt_zero_iv(cipher, k_pi, s)
}

/// Encrypts with `key` in CBC mode with a zero IV (the pseudo-random function's E, and the
/// chip's nonce encryption).
pub(crate) fn encrypt_zero_iv(
    cipher: Cipher,
    key: &[u8],
    data: &mut [u8],
) -> Result<(), PaceError> {
    match cipher {
        Cipher::Tdes => crate::crypto::symmetric::tdes_cbc_encrypt_in_place(key, data)?,
        _ => crate::crypto::symmetric::aes_cbc_encrypt_in_place(key, &[0; 16], data)?,
    }
    Ok(())
}

/// The public-key data object 7F49 { 06 OID, 86 point | 84 value } the tokens are computed
/// over (ICAO 9303-11 §4.4.3.4 and §9.4).
pub fn public_key_object(oid: &[u8], tag: u8, public: &[u8]) -> Vec<u8> {
    let mut body = tlv::tlv(0x06, oid);
    body.extend(tlv::tlv(u32::from(tag), public));
    tlv::tlv(0x7F49, &body)
}

/// The authentication token: CMAC (AES) or retail MAC over the padded object (3DES) under
/// KSmac, 8 bytes (ICAO 9303-11 §4.4.3.4 and §9.7.4).
pub fn token(keys: &SessionKeys, object: &[u8]) -> Result<[u8; 8], PaceError> {
    let cipher = keys.cipher();
    let mut m = BlockMac::new(cipher, keys.mac_key())?;
    if cipher == Cipher::Tdes {
        let mut padded = object.to_vec();
        pad_iso7816(&mut padded, 8);
        m.update(&padded);
    } else {
        m.update(object);
    }
    let full = m.finalize();
    let mut t = [0u8; 8];
    t.copy_from_slice(full.get(..8).ok_or(PaceError::Crypto("short MAC".into()))?);
    Ok(t)
}

/// Session keys from the shared secret K (ICAO 9303-11 §9.7.1).
pub fn session_keys(cipher: Cipher, shared_secret: &[u8]) -> SessionKeys {
    SessionKeys::derive(cipher, shared_secret)
}

/// Decrypts the chip's authentication data A_IC of Chip Authentication Mapping: AES-CBC under
/// KSenc with IV = E(KSenc, −1), then unpadding (ICAO 9303-11 §4.4.3.5.1).
pub fn decrypt_ca_data(keys: &SessionKeys, a_ic: &[u8]) -> Result<Zeroizing<Vec<u8>>, PaceError> {
    if keys.cipher() == Cipher::Tdes {
        return Err(PaceError::Protocol(
            "Chip Authentication Mapping with 3DES".into(),
        ));
    }
    let iv = aes_ecb_encrypt_block(keys.enc_key(), &[0xFF; 16])?;
    let mut buf = Zeroizing::new(a_ic.to_vec());
    aes_cbc_decrypt_in_place(keys.enc_key(), &iv, &mut buf)?;
    let len = unpad_iso7816(&buf)?.len();
    buf.truncate(len);
    Ok(buf)
}

/// Encrypts CA_IC for Chip Authentication Mapping (the chip's side of [`decrypt_ca_data`]).
pub fn encrypt_ca_data(keys: &SessionKeys, ca_ic: &[u8]) -> Result<Vec<u8>, PaceError> {
    let iv = aes_ecb_encrypt_block(keys.enc_key(), &[0xFF; 16])?;
    let mut buf = ca_ic.to_vec();
    pad_iso7816(&mut buf, 16);
    crate::crypto::symmetric::aes_cbc_encrypt_in_place(keys.enc_key(), &iv, &mut buf)?;
    Ok(buf)
}

/// The pseudo-random function R(s, t) of the Integrated Mapping (ICAO 9303-11 §4.4.3.3.2,
/// BSI TR-03110-3 §A.3.3.1): key_0 = E(t, s); x_i = E(key_i, c1), key_{i+1} = E(key_i, c0),
/// until the output is at least log2(p) + 64 bits. E is the PACE cipher (CBC, zero IV) keyed
/// with the terminal's nonce t (as long as the key); each key is cut to the key length. The
/// constants are l = 128 bits for 3DES and AES-128 and l = 256 bits for AES-192/256, and the
/// chip's nonce s is as long as them (a shorter s leaves key_0 short; it is then zero-padded,
/// a case the specifications leave open).
pub fn pseudo_random(
    cipher: Cipher,
    s: &[u8],
    t: &[u8],
    modulus_bits: usize,
) -> Result<Zeroizing<Vec<u8>>, PaceError> {
    const C0_128: &str = "A668892A7C41E3CA739F40B057D85904";
    const C1_128: &str = "A4E136AC725F738B01C1F60217C188AD";
    const C0_256: &str = "D463D65234124EF7897054986DCA0A174E28DF758CBAA03F240616414D5A1676";
    const C1_256: &str = "54BD7255F0AAF831BEC3423FCF39D69B6CBF066677D0FAAE5AADD99DF8E53517";
    let (c0, c1) = match cipher {
        Cipher::Tdes | Cipher::Aes128 => (hex_bytes(C0_128), hex_bytes(C1_128)),
        Cipher::Aes192 | Cipher::Aes256 => (hex_bytes(C0_256), hex_bytes(C1_256)),
    };
    let klen = cipher.key_len();
    if t.len() != klen {
        return Err(PaceError::Protocol(format!(
            "the Integrated Mapping nonce t has {} bytes, the key {klen}",
            t.len()
        )));
    }
    let block_bits = cipher.block_len() * 8;
    let blocks_out = c1.len() * 8;
    let needed = modulus_bits.saturating_add(64);
    let rounds = needed.div_ceil(blocks_out.max(block_bits));
    let mut key = Zeroizing::new(s.to_vec());
    encrypt_zero_iv(cipher, t, &mut key)?;
    key.resize(klen, 0);
    let mut out = Zeroizing::new(Vec::new());
    for _ in 0..rounds {
        let mut x = Zeroizing::new(c1.clone());
        encrypt_zero_iv(cipher, &key, &mut x)?;
        out.extend_from_slice(&x);
        let mut next = Zeroizing::new(c0.clone());
        encrypt_zero_iv(cipher, &key, &mut next)?;
        next.truncate(klen);
        key = next;
    }
    Ok(out)
}

fn hex_bytes(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| s.get(2 * i..2 * i + 2))
        .filter_map(|b| u8::from_str_radix(b, 16).ok())
        .collect()
}

/// The terminal's chip-authentication-mapping check (ICAO 9303-11 §4.4.3.5.2): the chip's
/// mapping public key must equal CA_IC · PK_IC.
pub(crate) fn cam_holds(
    group: &dyn Group,
    chip_mapping_public: &[u8],
    ca_ic: &[u8],
    chip_static_public: &[u8],
) -> Result<bool, PaceError> {
    group.check_public(chip_static_public)?;
    let expected = group.mul(chip_static_public, ca_ic)?;
    Ok(bool::from(subtle::ConstantTimeEq::ct_eq(
        expected.as_slice(),
        chip_mapping_public,
    )))
}
