//! Chip and active authentication inside the pipeline: which one runs (CA v1, CA v2 after
//! Terminal Authentication, or the PACE-CAM check), and their results as the verifier's
//! [`ProtocolOutcome`]. A clone's failure is a `Failed` outcome; only a broken session is an
//! error.

use crate::chip::access::pace::OpenedWith;
use crate::chip::auth::aa::{ActiveAuthResult, active_authentication};
use crate::chip::auth::auth_key::AuthStatus;
use crate::chip::auth::ca::v2::{EphemeralKey, chip_authentication_v2};
use crate::chip::auth::ca::{ChipAuthResult, chip_authentication};
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

/// What the pipeline knows when chip authentication is due.
pub(crate) struct CaContext<'a> {
    /// How the session was opened.
    pub opened: &'a OpenedWith,
    /// EF.CardSecurity's SecurityInfos (after PACE).
    pub card_security: Option<&'a SecurityInfos>,
    /// DG14.
    pub dg14: Option<&'a Dg14>,
    /// The ephemeral key a passed Terminal Authentication version 2 committed to.
    pub ta_ephemeral: Option<&'a EphemeralKey>,
    /// Whether the operator gave terminal credentials (TA was attempted).
    pub terminal: bool,
}

/// What chip authentication gave: the outcome (`None` when nothing applies) and, for a passed
/// CA version 1, the terminal's ephemeral public key Terminal Authentication version 1 signs.
pub(crate) struct CaRun {
    pub outcome: Option<ProtocolOutcome>,
    pub ca_v1_ephemeral: Option<Vec<u8>>,
}

/// Chip authentication: the PACE-CAM check when PACE ran with Chip Authentication Mapping
/// (ICAO 9303-11 §4.4.3.5.2, with a chip key of EF.CardSecurity or DG14); else, after PACE on
/// a chip offering Chip Authentication version 2, version 2 with Terminal Authentication's
/// ephemeral key (BSI TR-03110-3 §B.3; unsupported without a passed TA); else CA v1 with
/// DG14's key when DG14 offers one.
pub(crate) fn run_chip_authentication<C: CardChannel, R: CryptoRng + ?Sized>(
    session: &mut ChipSession<C>,
    cx: &CaContext<'_>,
    rng: &mut R,
) -> Result<CaRun, ChipError> {
    let only = |outcome| {
        Ok(CaRun {
            outcome: Some(outcome),
            ca_v1_ephemeral: None,
        })
    };
    let (card_security, dg14) = (cx.card_security, cx.dg14);
    if let OpenedWith::Pace(pace) = cx.opened
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
        return only(match verified {
            Some(ok) => ca_outcome(&ChipAuthResult::via_pace_cam(
                ok,
                &protocol,
                "EC",
                PA_CHECKED_BY_VERIFIER,
            )),
            None => ProtocolOutcome::Unsupported {
                reason: "PACE-CAM ran but neither EF.CardSecurity nor DG14 has its chip key".into(),
            },
        });
    }
    let v2_infos = card_security
        .into_iter()
        .chain(dg14.map(|d| &d.security_infos))
        .find(|i| crate::chip::auth::ca::v2::plan(i).is_ok());
    if let (OpenedWith::Pace(_), Some(infos)) = (cx.opened, v2_infos) {
        return match cx.ta_ephemeral {
            Some(key) => {
                let r = chip_authentication_v2(session, infos, key, PA_CHECKED_BY_VERIFIER)?;
                only(ca_outcome(&r))
            }
            None => only(ProtocolOutcome::Unsupported {
                reason: if cx.terminal {
                    "Chip Authentication version 2 follows Terminal Authentication \
                     (BSI TR-03110-3 §B.3), which did not pass"
                } else {
                    "Chip Authentication version 2 follows Terminal Authentication \
                     (BSI TR-03110-3 §B.3): no terminal certificates and key given"
                }
                .into(),
            }),
        };
    }
    let Some(dg14) = dg14 else {
        return Ok(CaRun {
            outcome: None,
            ca_v1_ephemeral: None,
        });
    };
    if dg14.security_infos.chip_authentication_keys().is_empty() {
        return Ok(CaRun {
            outcome: None,
            ca_v1_ephemeral: None,
        });
    }
    let r = chip_authentication(session, &dg14.security_infos, PA_CHECKED_BY_VERIFIER, rng)?;
    Ok(CaRun {
        outcome: Some(ca_outcome(&r)),
        ca_v1_ephemeral: r.ephemeral_public,
    })
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
