//! The chip side of Basic Access Control (ICAO 9303-11 §4.3): checks the terminal's
//! EXTERNAL AUTHENTICATE against its challenge, answers E_IC ‖ M_IC, starts 3DES SM.

use crate::chip::StatusWord;
use crate::chip::access::bac::bac_mac;
use crate::chip::transport::sm::{SessionKeys, Ssc};
use crate::crypto::symmetric::{Cipher, tdes_cbc_decrypt_in_place, tdes_cbc_encrypt_in_place};
use crate::emulator::rng::Generator;
use crate::emulator::transport::sm::ChipSm;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Checks E_IFD ‖ M_IFD for `challenge`; returns the answer and the chip's SM session.
pub(crate) fn external_authenticate(
    kenc: &[u8],
    kmac: &[u8],
    challenge: &[u8; 8],
    data: &[u8],
    rng: &mut Generator,
) -> Result<(Vec<u8>, ChipSm), StatusWord> {
    let fail = StatusWord::AUTHENTICATION_FAILED;
    let (Some(e_ifd), Some(m_ifd)) = (data.get(..32), data.get(32..)) else {
        return Err(StatusWord::WRONG_LENGTH);
    };
    if m_ifd.len() != 8 {
        return Err(StatusWord::WRONG_LENGTH);
    }
    let mac = bac_mac(kmac, e_ifd).map_err(|_| fail)?;
    if !bool::from(mac.as_slice().ct_eq(m_ifd)) {
        return Err(fail);
    }
    let mut s = Zeroizing::new(e_ifd.to_vec());
    tdes_cbc_decrypt_in_place(kenc, &mut s).map_err(|_| fail)?;
    let (rnd_ifd, rnd_ic, k_ifd) = (
        s.get(..8).unwrap_or_default(),
        s.get(8..16).unwrap_or_default(),
        s.get(16..32).unwrap_or_default(),
    );
    if !bool::from(rnd_ic.ct_eq(challenge)) {
        return Err(fail);
    }
    let mut k_ic = Zeroizing::new([0u8; 16]);
    rng.fill(&mut *k_ic);
    let mut r = Zeroizing::new(Vec::with_capacity(32));
    r.extend_from_slice(challenge);
    r.extend_from_slice(rnd_ifd);
    r.extend_from_slice(&*k_ic);
    tdes_cbc_encrypt_in_place(kenc, &mut r).map_err(|_| fail)?;
    let m_ic = bac_mac(kmac, &r).map_err(|_| fail)?;
    let mut answer = r.to_vec();
    answer.extend_from_slice(&m_ic);

    let seed: Zeroizing<Vec<u8>> =
        Zeroizing::new(k_ifd.iter().zip(k_ic.iter()).map(|(a, b)| a ^ b).collect());
    let keys = SessionKeys::derive(Cipher::Tdes, &seed);
    let mut ssc = [0u8; 8];
    ssc[..4].copy_from_slice(challenge.get(4..).unwrap_or(&[0; 4]));
    ssc[4..].copy_from_slice(rnd_ifd.get(4..).unwrap_or(&[0; 4]));
    Ok((answer, ChipSm::new(keys, Ssc::new(&ssc))))
}
