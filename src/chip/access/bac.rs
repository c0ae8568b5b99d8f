//! Basic Access Control, terminal side (ICAO 9303-11 §4.3 and Appendix D): Kseed from the
//! MRZ information, GET CHALLENGE, EXTERNAL AUTHENTICATE, session keys and the initial SSC.

use crate::chip::transport::apdu::CommandApdu;
use crate::chip::transport::sm::{SecureMessaging, SessionKeys, Ssc};
use crate::chip::{ChipError, StatusWord};
use crate::crypto::hash::HashAlgorithm;
use crate::crypto::symmetric::{
    BlockMac, Cipher, KDF_ENC, KDF_MAC, derive_key, pad_iso7816, tdes_cbc_decrypt_in_place,
    tdes_cbc_encrypt_in_place,
};
use rand_core::CryptoRng;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Kseed = the first 16 bytes of SHA-1(MRZ information) (ICAO 9303-11 §9.7.2).
pub fn kseed(mrz_information: &[u8]) -> Zeroizing<Vec<u8>> {
    let digest = Zeroizing::new(HashAlgorithm::Sha1.digest(mrz_information));
    Zeroizing::new(digest.get(..16).unwrap_or_default().to_vec())
}

/// The basic access keys (KEnc, KMAC) derived from the MRZ information.
pub fn basic_access_keys(mrz_information: &[u8]) -> (Zeroizing<Vec<u8>>, Zeroizing<Vec<u8>>) {
    let seed = kseed(mrz_information);
    (
        derive_key(&seed, KDF_ENC, Cipher::Tdes),
        derive_key(&seed, KDF_MAC, Cipher::Tdes),
    )
}

/// The retail MAC over pad(data), as BAC uses it for M_IFD and M_IC.
pub(crate) fn bac_mac(kmac: &[u8], data: &[u8]) -> Result<Vec<u8>, ChipError> {
    let mut padded = data.to_vec();
    pad_iso7816(&mut padded, 8);
    let mut m = BlockMac::new(Cipher::Tdes, kmac)?;
    m.update(&padded);
    Ok(m.finalize())
}

/// The messages of one BAC run, for checking a run against a worked example.
pub(crate) struct BacRun {
    pub(crate) rnd_ifd: Zeroizing<[u8; 8]>,
    pub(crate) k_ifd: Zeroizing<[u8; 16]>,
}

impl BacRun {
    /// Draws RND.IFD and then K.IFD from `rng`, in that order.
    pub(crate) fn draw<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut run = BacRun {
            rnd_ifd: Zeroizing::new([0; 8]),
            k_ifd: Zeroizing::new([0; 16]),
        };
        rng.fill_bytes(&mut *run.rnd_ifd);
        rng.fill_bytes(&mut *run.k_ifd);
        run
    }

    /// The EXTERNAL AUTHENTICATE data E_IFD ‖ M_IFD for the chip's challenge.
    pub(crate) fn command_data(
        &self,
        kenc: &[u8],
        kmac: &[u8],
        rnd_ic: &[u8; 8],
    ) -> Result<Vec<u8>, ChipError> {
        let mut s = Zeroizing::new(Vec::with_capacity(40));
        s.extend_from_slice(&*self.rnd_ifd);
        s.extend_from_slice(rnd_ic);
        s.extend_from_slice(&*self.k_ifd);
        tdes_cbc_encrypt_in_place(kenc, &mut s)?;
        let mac = bac_mac(kmac, &s)?;
        let mut data = s.to_vec();
        data.extend_from_slice(&mac);
        Ok(data)
    }

    /// Checks the chip's E_IC ‖ M_IC and returns the secure-messaging session.
    pub(crate) fn finish(
        &self,
        kenc: &[u8],
        kmac: &[u8],
        rnd_ic: &[u8; 8],
        resp: &[u8],
    ) -> Result<SecureMessaging, ChipError> {
        let (e_ic, m_ic) = match (resp.get(..32), resp.get(32..)) {
            (Some(e), Some(m)) if m.len() == 8 => (e, m),
            _ => {
                return Err(ChipError::BacFailed(format!(
                    "the chip's answer has {} bytes, not 40",
                    resp.len()
                )));
            }
        };
        let expected = bac_mac(kmac, e_ic)?;
        if !bool::from(expected.as_slice().ct_eq(m_ic)) {
            return Err(ChipError::BacFailed(
                "the MAC of the chip's answer is wrong".into(),
            ));
        }
        let mut r = Zeroizing::new(e_ic.to_vec());
        tdes_cbc_decrypt_in_place(kenc, &mut r)?;
        let echoed_ic = r.get(..8).unwrap_or_default();
        let echoed_ifd = r.get(8..16).unwrap_or_default();
        let k_ic = r.get(16..32).unwrap_or_default();
        let ok = echoed_ic.ct_eq(rnd_ic) & echoed_ifd.ct_eq(&*self.rnd_ifd);
        if !bool::from(ok) {
            return Err(ChipError::BacFailed(
                "the chip did not echo the challenges".into(),
            ));
        }
        let seed: Zeroizing<Vec<u8>> =
            Zeroizing::new(self.k_ifd.iter().zip(k_ic).map(|(a, b)| a ^ b).collect());
        let keys = SessionKeys::derive(Cipher::Tdes, &seed);
        let mut ssc = [0u8; 8];
        ssc[..4].copy_from_slice(&rnd_ic[4..]);
        ssc[4..].copy_from_slice(&self.rnd_ifd[4..]);
        SecureMessaging::new(keys, Ssc::new(&ssc))
    }
}

/// GET CHALLENGE (ISO/IEC 7816-4 §11.5.3): 8 bytes.
pub(crate) fn get_challenge() -> CommandApdu {
    CommandApdu::new(0x00, 0x84, 0x00, 0x00).with_le(8)
}

/// EXTERNAL AUTHENTICATE with E_IFD ‖ M_IFD, Le = 40 (ICAO 9303-11 §4.3.4.1).
pub(crate) fn external_authenticate(data: Vec<u8>) -> CommandApdu {
    CommandApdu::new(0x00, 0x82, 0x00, 0x00)
        .with_data(data)
        .with_le(40)
}

/// Turns a refusal of EXTERNAL AUTHENTICATE into a clear error.
pub(crate) fn refused(sw: StatusWord) -> ChipError {
    ChipError::BacFailed(format!(
        "the chip refused EXTERNAL AUTHENTICATE with {sw}; are the document number, date of \
         birth and date of expiry right?"
    ))
}
