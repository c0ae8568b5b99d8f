//! The terminal's Chip Authentication Mapping check (ICAO 9303-11 §4.4.3.5.2): EF.CardSecurity
//! is read after PACE, the chip's static key on the PACE domain parameters is taken from it
//! (BSI TR-03110-3 §A.1.2), and the mapping key must equal CA_IC · PK_IC.

use super::PaceError;
use super::cam_check::CamCheck;
use super::params::DomainParameters;
use super::protocol::PaceOutcome;
use crate::chip::{CardChannel, ChipError, ChipSession, FileId, ReadOptions};
use crate::crypto::curves::NamedCurve;
use crate::lds::{CardSecurity, EcParameters, PublicKey};

/// The curve of a chip-authentication key's parameters, when it names one.
fn key_curve(parameters: &EcParameters) -> Option<DomainParameters> {
    match parameters {
        EcParameters::Standardized { id } => DomainParameters::standardized(*id),
        EcParameters::Named { oid } => NamedCurve::from_oid(oid).map(DomainParameters::Curve),
        EcParameters::Explicit(c) => {
            NamedCurve::from_explicit(&c.prime, &c.a, &c.b, &c.generator, &c.order)
                .map(DomainParameters::Curve)
        }
        EcParameters::Implicit => None,
    }
}

impl PaceOutcome {
    /// The CAM check against EF.CardSecurity (`None` when the run was not CAM): the
    /// ChipAuthenticationPublicKeyInfo whose keyId is the PACEInfo's parameter id (as German
    /// cards have it), else every key on the PACE domain parameters; true when the chip's
    /// mapping key is CA_IC times that key. The file's signature is not checked here.
    pub fn verify_chip_authentication_with_card_security(
        &self,
        card_security: &[u8],
    ) -> Option<Result<bool, PaceError>> {
        self.ca_data.as_ref()?;
        let infos = match CardSecurity::parse(card_security) {
            Ok(cs) => cs.security_infos,
            Err(e) => return Some(Err(PaceError::Protocol(format!("EF.CardSecurity: {e}")))),
        };
        let on_curve: Vec<(&[u8], Option<u64>)> = infos
            .chip_authentication_keys()
            .into_iter()
            .filter_map(|(k, id)| match &k.key {
                PublicKey::Ec { parameters, point }
                    if key_curve(parameters) == Some(self.choice.parameters) =>
                {
                    Some((point.as_slice(), id))
                }
                _ => None,
            })
            .collect();
        let by_id: Vec<&[u8]> = on_curve
            .iter()
            .filter(|(_, id)| id.is_some() && *id == self.choice.parameter_id)
            .map(|(p, _)| *p)
            .collect();
        let candidates = if by_id.is_empty() {
            on_curve.iter().map(|(p, _)| *p).collect()
        } else {
            by_id
        };
        if candidates.is_empty() {
            return Some(Err(PaceError::Protocol(
                "EF.CardSecurity has no chip authentication key on the PACE domain parameters"
                    .into(),
            )));
        }
        let mut any = false;
        for key in candidates {
            match self.verify_chip_authentication(key)? {
                Ok(true) => any = true,
                Ok(false) => {}
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok(any))
    }
}

impl<C: CardChannel> ChipSession<C> {
    /// After a CAM run, before the application is selected: reads EF.CardSecurity from the MF
    /// and checks the chip's key. A lost channel is an error; anything else is the check's
    /// result.
    pub(crate) fn check_cam(&mut self, outcome: &PaceOutcome) -> Result<CamCheck, ChipError> {
        let opts = ReadOptions {
            select_by_fid: true,
            first_read: None,
        };
        let card_security = match self.read_file_with(FileId::CardSecurity, &opts) {
            Ok((bytes, _)) => bytes,
            Err(e @ ChipError::Channel(_)) => return Err(e),
            Err(e) => {
                return Ok(CamCheck {
                    card_security: Vec::new(),
                    result: Err(PaceError::Protocol(format!(
                        "EF.CardSecurity could not be read: {e}"
                    ))),
                });
            }
        };
        let result = outcome
            .verify_chip_authentication_with_card_security(&card_security)
            .unwrap_or_else(|| Err(PaceError::Protocol("not a CAM run".into())));
        Ok(CamCheck {
            card_security,
            result,
        })
    }
}
