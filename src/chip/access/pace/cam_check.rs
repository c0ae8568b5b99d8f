//! The result of the Chip Authentication Mapping check (ICAO 9303-11 §4.4.3.5.2) that a PACE
//! outcome carries: EF.CardSecurity as read and whether the chip proved its key.

use super::PaceError;

/// The CAM check of one PACE run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CamCheck {
    /// EF.CardSecurity as read (empty when it could not be read); its signature is passive
    /// authentication's to check.
    pub card_security: Vec<u8>,
    /// Whether the chip proved the static key EF.CardSecurity carries (`false`: a chip with
    /// another key, e.g. a clone), or why that could not be checked.
    pub result: Result<bool, PaceError>,
}

impl CamCheck {
    /// Whether the chip passed: the key in EF.CardSecurity is the one it proved.
    pub fn passed(&self) -> bool {
        self.result == Ok(true)
    }
}
