//! Chip and active authentication inside the pipeline: which one runs (CA v1, or the PACE-CAM
//! check), and their results as the verifier's [`ProtocolOutcome`]. A clone's failure is a
//! `Failed` outcome; only a broken session is an error.

use crate::chip::aa::{ActiveAuthResult, active_authentication};
use crate::chip::auth_key::AuthStatus;
use crate::chip::ca::{ChipAuthResult, chip_authentication};
use crate::chip::pace::OpenedWith;
use crate::chip::{CardChannel, ChipError, ChipSession};
use crate::lds::{Dg14, Dg15, PublicKey, SecurityInfos};
use crate::verify::ProtocolOutcome;
use rand_core::CryptoRng;

// Passive authentication runs later, in the verifier, whose verdict is `genuine` only when it
// passes; the protocols are therefore run as if their key were vouched for, and the results
// carry no "untrusted key" note.
const PA_CHECKED_BY_VERIFIER: bool = true;

fn outcome(status: AuthStatus, passed: String, detail: &str) -> ProtocolOutcome {
    match status {
        AuthStatus::Passed => ProtocolOutcome::Passed {
            detail: if detail.is_empty() {
                passed
            } else {
                format!("{passed}; {detail}")
            },
        },
        AuthStatus::Failed => ProtocolOutcome::Failed {
            reason: detail.to_string(),
        },
        AuthStatus::Unsupported => ProtocolOutcome::Unsupported {
            reason: detail.to_string(),
        },
    }
}

fn ca_outcome(r: &ChipAuthResult) -> ProtocolOutcome {
    let method = match r.method {
        Some(m) => format!(" ({m:?})"),
        None => String::new(),
    };
    outcome(
        r.status,
        format!("{}, {}{method}", r.protocol, r.key),
        &r.detail,
    )
}

fn aa_outcome(r: &ActiveAuthResult) -> ProtocolOutcome {
    outcome(r.status, format!("{}, {}", r.algorithm, r.key), &r.detail)
}

/// Chip authentication: the PACE-CAM check when PACE ran with Chip Authentication Mapping
/// (ICAO 9303-11 §4.4.3.5.2, with a chip key of EF.CardSecurity or DG14), else CA v1 with
/// DG14's key when DG14 offers one. `None` when neither applies.
pub(crate) fn run_chip_authentication<C: CardChannel, R: CryptoRng + ?Sized>(
    session: &mut ChipSession<C>,
    opened: &OpenedWith,
    card_security: Option<&SecurityInfos>,
    dg14: Option<&Dg14>,
    rng: &mut R,
) -> Result<Option<ProtocolOutcome>, ChipError> {
    if let OpenedWith::Pace(pace) = opened
        && pace.ca_data.is_some()
    {
        let keys = card_security
            .into_iter()
            .chain(dg14.map(|d| &d.security_infos))
            .flat_map(SecurityInfos::chip_authentication_keys);
        let mut verified = None;
        for (info, _) in keys {
            if let PublicKey::Ec { point, .. } = &info.key
                && let Some(Ok(ok)) = pace.verify_chip_authentication(point)
            {
                verified = Some(ok);
                if ok {
                    break;
                }
            }
        }
        let protocol = pace.choice.protocol.oid.clone();
        return Ok(Some(match verified {
            Some(ok) => ca_outcome(&ChipAuthResult::via_pace_cam(
                ok,
                &protocol,
                "EC",
                PA_CHECKED_BY_VERIFIER,
            )),
            None => ProtocolOutcome::Unsupported {
                reason: "PACE-CAM ran but neither EF.CardSecurity nor DG14 has its chip key".into(),
            },
        }));
    }
    let Some(dg14) = dg14 else {
        return Ok(None);
    };
    if dg14.security_infos.chip_authentication_keys().is_empty() {
        return Ok(None);
    }
    let r = chip_authentication(session, &dg14.security_infos, PA_CHECKED_BY_VERIFIER, rng)?;
    Ok(Some(ca_outcome(&r)))
}

/// Active authentication with DG15's key (and DG14's ActiveAuthenticationInfo for ECDSA).
pub(crate) fn run_active_authentication<C: CardChannel, R: CryptoRng + ?Sized>(
    session: &mut ChipSession<C>,
    dg15: &Dg15,
    dg14: Option<&Dg14>,
    rng: &mut R,
) -> Result<ProtocolOutcome, ChipError> {
    let r = active_authentication(session, dg15, dg14, PA_CHECKED_BY_VERIFIER, rng)?;
    Ok(aa_outcome(&r))
}
