//! Active Authentication (ICAO 9303-11 §6.1): INTERNAL AUTHENTICATE with the terminal's random
//! challenge, checked with DG15's key — RSA with ISO/IEC 9796-2 scheme 1 or ECDSA with the
//! hash DG14's ActiveAuthenticationInfo names — and the result with its evidence.

use crate::chip::auth::auth_key::{AuthStatus, UNTRUSTED_KEY, ec_curve};
use crate::chip::transport::apdu::{EXTENDED_NE_MAX, SHORT_NE_MAX};
use crate::chip::{CardChannel, ChipError, ChipSession, CommandApdu};
use crate::crypto::hash::HashAlgorithm;
use crate::crypto::iso9796_2::{self, modulus_bits};
use crate::crypto::signature::{self, PublicKey, SignatureAlgorithm};
use crate::lds::{Dg14, Dg15, PublicKey as LdsKey, SecurityInfo};
use rand_core::CryptoRng;

/// What Active Authentication found, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActiveAuthResult {
    /// Passed, failed (not genuine) or unsupported.
    pub status: AuthStatus,
    /// The signature scheme, e.g. `ISO/IEC 9796-2 scheme 1 SHA-256` or `ECDSA SHA-256`.
    pub algorithm: String,
    /// The key, e.g. `RSA-1792` or `EC brainpoolP256r1`.
    pub key: String,
    /// The key size in bits (modulus or field).
    pub key_bits: usize,
    /// Whether DG15 (and DG14, for ECDSA) passed passive authentication; without it a pass
    /// proves nothing.
    pub trusted_key: bool,
    /// The challenge sent.
    pub challenge: [u8; 8],
    /// Why it failed or is unsupported, or a warning on a pass.
    pub detail: String,
}

impl ActiveAuthResult {
    /// Passed with a key passive authentication vouched for: the chip is genuine.
    pub fn genuine(&self) -> bool {
        self.status == AuthStatus::Passed && self.trusted_key
    }
}

/// The ECDSA hash named by DG14's ActiveAuthenticationInfo (ICAO 9303-11 §9.2.4), if any.
fn aa_hash(dg14: Option<&Dg14>) -> Option<Result<HashAlgorithm, String>> {
    let oid = dg14?.security_infos.infos.iter().find_map(|i| match i {
        SecurityInfo::ActiveAuthentication {
            signature_algorithm,
            ..
        } => Some(signature_algorithm.clone()),
        _ => None,
    })?;
    // X9.62 ecdsa-with-SHA* and BSI TR-03111 §5.2.1 ecdsa-plain-SHA* (0.4.0.127.0.7.1.1.4.1.x).
    let hash = match oid.as_str() {
        "1.2.840.10045.4.1" | "0.4.0.127.0.7.1.1.4.1.1" => HashAlgorithm::Sha1,
        "1.2.840.10045.4.3.1" | "0.4.0.127.0.7.1.1.4.1.2" => HashAlgorithm::Sha224,
        "1.2.840.10045.4.3.2" | "0.4.0.127.0.7.1.1.4.1.3" => HashAlgorithm::Sha256,
        "1.2.840.10045.4.3.3" | "0.4.0.127.0.7.1.1.4.1.4" => HashAlgorithm::Sha384,
        "1.2.840.10045.4.3.4" | "0.4.0.127.0.7.1.1.4.1.5" => HashAlgorithm::Sha512,
        _ => return Some(Err(format!("signature algorithm {oid}"))),
    };
    Some(Ok(hash))
}

/// The INTERNAL AUTHENTICATE command (ICAO 9303-11 §6.1; ISO/IEC 7816-4 §11.5.2). It asks
/// for whatever the chip answers: an ECDSA signature may come DER-encoded, longer than the
/// `response_len` the key suggests. An answer the key says is longer than 256 bytes (RSA
/// over 2048 bits) needs the extended maximum, `00 00`.
pub fn internal_authenticate(challenge: &[u8; 8], response_len: usize) -> CommandApdu {
    let cmd = CommandApdu::new(0x00, 0x88, 0x00, 0x00).with_data(challenge.to_vec());
    if response_len <= SHORT_NE_MAX {
        cmd.with_max_le()
    } else {
        cmd.with_le(EXTENDED_NE_MAX)
    }
}

/// Checks an AA response `signature` over `challenge` with DG15's key (the hash for ECDSA from
/// DG14's ActiveAuthenticationInfo, else the one matching the curve size). No chip involved.
pub fn check_signature(
    dg15: &Dg15,
    dg14: Option<&Dg14>,
    challenge: &[u8; 8],
    signature: &[u8],
    pa_passed: bool,
) -> ActiveAuthResult {
    let mut r = ActiveAuthResult {
        status: AuthStatus::Unsupported,
        algorithm: String::new(),
        key: String::new(),
        key_bits: 0,
        trusted_key: pa_passed,
        challenge: *challenge,
        detail: String::new(),
    };
    match &dg15.public_key.key {
        LdsKey::Rsa { modulus, exponent } => {
            r.key_bits = modulus_bits(modulus);
            r.key = format!("RSA-{}", r.key_bits);
            r.algorithm = "ISO/IEC 9796-2 scheme 1".into();
            match iso9796_2::verify(modulus, exponent, signature, challenge) {
                Ok(rec) => {
                    r.algorithm = format!("ISO/IEC 9796-2 scheme 1 {}", rec.hash.name());
                    r.status = AuthStatus::Passed;
                }
                Err(iso9796_2::Iso9796Error::BadKey(e)) => {
                    r.detail = format!("DG15 key: {e}");
                }
                Err(iso9796_2::Iso9796Error::UnsupportedHash(id)) => {
                    r.detail = format!("hash identifier {id:#04x} in the signature's trailer");
                }
                Err(e) => {
                    r.status = AuthStatus::Failed;
                    r.detail = format!("chip not genuine: {e}");
                }
            }
        }
        LdsKey::Ec { parameters, point } => {
            let Some(curve) = ec_curve(parameters) else {
                r.key = "EC (unknown curve)".into();
                r.detail = "DG15's curve is not one this library implements".into();
                return r;
            };
            r.key = format!("EC {}", curve.name());
            r.key_bits = curve.field_len() * 8;
            let hash = match aa_hash(dg14) {
                Some(Ok(h)) => h,
                Some(Err(what)) => {
                    r.algorithm = "ECDSA".into();
                    r.detail = format!("unsupported {what}");
                    return r;
                }
                None => {
                    r.detail =
                        "no ActiveAuthenticationInfo in DG14: hash chosen by curve size".into();
                    match curve.field_len() {
                        0..=32 => HashAlgorithm::Sha256,
                        33..=48 => HashAlgorithm::Sha384,
                        _ => HashAlgorithm::Sha512,
                    }
                }
            };
            r.algorithm = format!("ECDSA {}", hash.name());
            let key = PublicKey::Ec {
                curve,
                point: point.clone(),
            };
            match signature::verify(
                &key,
                &SignatureAlgorithm::Ecdsa { hash },
                challenge,
                signature,
            ) {
                Ok(()) => r.status = AuthStatus::Passed,
                Err(signature::SignatureError::Invalid) => {
                    r.status = AuthStatus::Failed;
                    r.detail = "chip not genuine: the ECDSA signature does not verify".into();
                }
                Err(e) => r.detail = e.to_string(),
            }
        }
        LdsKey::Dh { .. } | LdsKey::Other { .. } => {
            r.key = dg15.public_key.algorithm.clone();
            r.detail = format!("AA key algorithm {}", dg15.public_key.algorithm);
        }
    }
    if !pa_passed {
        r.detail = if r.detail.is_empty() {
            UNTRUSTED_KEY.into()
        } else {
            format!("{}; {UNTRUSTED_KEY}", r.detail)
        };
    }
    r
}

/// Runs Active Authentication: draws an 8-byte challenge from `rng`, sends INTERNAL
/// AUTHENTICATE and checks the answer with DG15's key. `pa_passed` says whether passive
/// authentication covered DG15 and DG14. A chip that refuses the command fails; only channel
/// and secure-messaging errors are errors.
pub fn active_authentication<C: CardChannel, R: CryptoRng + ?Sized>(
    session: &mut ChipSession<C>,
    dg15: &Dg15,
    dg14: Option<&Dg14>,
    pa_passed: bool,
    rng: &mut R,
) -> Result<ActiveAuthResult, ChipError> {
    let mut challenge = [0u8; 8];
    rng.fill_bytes(&mut challenge);
    let expected_len = match &dg15.public_key.key {
        LdsKey::Rsa { modulus, .. } => modulus_bits(modulus).div_ceil(8),
        _ => 256,
    };
    let resp = session.exchange(&internal_authenticate(&challenge, expected_len))?;
    if !resp.sw.is_success() {
        let mut r = check_signature(dg15, dg14, &challenge, &[], pa_passed);
        if r.status != AuthStatus::Unsupported {
            r.status = AuthStatus::Failed;
            r.detail = format!(
                "chip not genuine: INTERNAL AUTHENTICATE refused with {}",
                resp.sw
            );
        }
        return Ok(r);
    }
    Ok(check_signature(
        dg15, dg14, &challenge, &resp.data, pa_passed,
    ))
}
