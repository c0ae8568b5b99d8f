//! Opening a chip the way ICAO 9303-11 §4.2 orders it: read EF.CardAccess, run PACE with the
//! strongest supported PACEInfo, and fall back to BAC (MRZ only) when PACE is not offered or
//! fails for any reason but a wrong password; then select the eMRTD application.

use super::keys::PacePassword;
use super::params::supported_choices;
use super::protocol::PaceOutcome;
use crate::chip::{CardChannel, ChipError, ChipSession, FileId};
use rand_core::CryptoRng;

/// The access key the operator entered; its bytes are wiped when it is dropped.
#[derive(Clone, zeroize::ZeroizeOnDrop)]
pub enum AccessKey {
    /// The MRZ information (document number, date of birth, date of expiry with their check
    /// digits): PACE with the MRZ, or BAC.
    Mrz(Vec<u8>),
    /// The card access number: PACE only.
    Can(Vec<u8>),
    /// The eID PIN: PACE only.
    Pin(Vec<u8>),
    /// The eID PUK: PACE only.
    Puk(Vec<u8>),
}

impl std::fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AccessKey::Mrz(_) => "AccessKey::Mrz(..)",
            AccessKey::Can(_) => "AccessKey::Can(..)",
            AccessKey::Pin(_) => "AccessKey::Pin(..)",
            AccessKey::Puk(_) => "AccessKey::Puk(..)",
        })
    }
}

impl AccessKey {
    fn password(&self) -> PacePassword {
        match self {
            AccessKey::Mrz(m) => PacePassword::Mrz(m.clone()),
            AccessKey::Can(c) => PacePassword::Can(c.clone()),
            AccessKey::Pin(p) => PacePassword::Pin(p.clone()),
            AccessKey::Puk(p) => PacePassword::Puk(p.clone()),
        }
    }
}

/// How the session was opened.
#[derive(Debug, Clone)]
pub enum OpenedWith {
    /// PACE, with what it established.
    Pace(Box<PaceOutcome>),
    /// BAC; `pace_error` says why PACE was not used (not offered, or how it failed).
    Bac {
        /// Why not PACE.
        pace_error: String,
    },
}

impl<C: CardChannel> ChipSession<C> {
    /// Opens a session: PACE when EF.CardAccess offers it, else (or when PACE fails for any
    /// reason but a wrong password) BAC with the MRZ; the eMRTD application is selected.
    pub fn open<R: CryptoRng + ?Sized>(
        channel: C,
        key: &AccessKey,
        rng: &mut R,
    ) -> Result<(Self, OpenedWith), ChipError> {
        let mut s = Self::new(channel);
        let pace_error = match s.try_pace(key, rng) {
            Ok(mut outcome) => {
                if outcome.ca_data.is_some() {
                    // EF.CardSecurity lives in the MF: read it before selecting the eMRTD.
                    outcome.cam = Some(s.check_cam(&outcome)?);
                }
                s.select_application()?;
                return Ok((s, OpenedWith::Pace(Box::new(outcome))));
            }
            Err(e @ ChipError::WrongAccessKey { .. }) => return Err(e),
            Err(e @ ChipError::Channel(_)) => return Err(e),
            Err(e) => e,
        };
        let AccessKey::Mrz(mrz) = key else {
            return Err(pace_error);
        };
        s.clear_secure_messaging();
        s.select_application()?;
        s.run_bac(mrz, rng)?;
        Ok((
            s,
            OpenedWith::Bac {
                pace_error: pace_error.to_string(),
            },
        ))
    }

    fn try_pace<R: CryptoRng + ?Sized>(
        &mut self,
        key: &AccessKey,
        rng: &mut R,
    ) -> Result<PaceOutcome, ChipError> {
        let (card_access, _) = self.read_file(FileId::CardAccess)?;
        let infos = crate::lds::parse_card_access(&card_access).map_err(|e| {
            ChipError::Pace(super::PaceError::Protocol(format!("EF.CardAccess: {e}")))
        })?;
        let choice = supported_choices(&infos)
            .into_iter()
            .next()
            .ok_or_else(|| {
                ChipError::Pace(super::PaceError::Unsupported(
                    "no supported PACEInfo in EF.CardAccess".into(),
                ))
            })?;
        let mut outcome = self.run_pace(&choice, &key.password(), rng)?;
        outcome.card_access = Some(infos);
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wiped_on_drop<T: zeroize::ZeroizeOnDrop>(_: &T) -> bool {
        true
    }

    #[test]
    fn access_keys_do_not_show_or_keep_the_password() {
        for key in [
            AccessKey::Mrz(b"L898902C<369080619406236".to_vec()),
            AccessKey::Can(b"123456".to_vec()),
            AccessKey::Pin(b"654321".to_vec()),
            AccessKey::Puk(b"9876543210".to_vec()),
        ] {
            let shown = format!("{key:?}");
            assert!(
                !shown.contains("123456") && !shown.contains("L898") && !shown.contains("654321")
            );
            assert!(!shown.contains("9876543210"), "{shown}");
            assert!(wiped_on_drop(&key) && wiped_on_drop(&key.password()));
            assert_eq!(
                key.password().reference(),
                match key {
                    AccessKey::Mrz(_) => 1,
                    AccessKey::Can(_) => 2,
                    AccessKey::Pin(_) => 3,
                    AccessKey::Puk(_) => 4,
                }
            );
        }
    }
}
