//! Reading the German eID application after Terminal Authentication version 2 by an
//! authentication terminal or an inspection system (BSI TR-03110-4 §2.2, TR-03127): SELECT it,
//! then each data group the effective CHAT grants, as input for `chip.eid_application`.

use super::{InspectError, ProgressEvent, Stage};
use crate::chip::{CardChannel, ChipError, ChipSession, Ef, ReadOptions};
use crate::lds::{EID_AID, EID_DATA_GROUPS, eid_fid};
use crate::pki::cvc::Chat;
use crate::verify::EidInput;

/// The eID data groups `rights` let the terminal read, 1..=22 ([`Chat::reads_eid_dg`]).
pub(crate) fn granted_eid_groups(rights: &Chat) -> Vec<u8> {
    (1..=EID_DATA_GROUPS)
        .filter(|&n| rights.reads_eid_dg(n))
        .collect()
}

/// Selects the eID application and reads every data group in `granted`; a status word
/// from the chip marks that group refused, a failing SELECT the whole application. Returns
/// the input for the report; only a broken channel or a cancellation is an error.
/// `carried` is the APDU count of earlier sessions of this run, for the progress events.
pub(crate) fn read_eid<C: CardChannel>(
    session: &mut ChipSession<C>,
    carried: usize,
    granted: &[u8],
    read: &ReadOptions,
    progress: &mut dyn FnMut(&ProgressEvent) -> bool,
) -> Result<EidInput, InspectError> {
    let mut out = EidInput {
        not_granted: (1..=EID_DATA_GROUPS)
            .filter(|n| !granted.contains(n))
            .collect(),
        ..EidInput::default()
    };
    match session.select_aid(&EID_AID, "eID") {
        Ok(()) => {}
        Err(ChipError::Status { sw, .. }) => {
            out.select_error = Some(format!("SELECT eID application: {sw}"));
            return Ok(out);
        }
        Err(e) => return Err(InspectError::chip("eID application", e)),
    }
    for &n in granted {
        // eID DGn: FID 01nn, short EF identifier nn (BSI TR-03110-4 §3.1.1 Table 3).
        let ef = Ef {
            name: format!("eID DG{n}"),
            sfi: n,
            fid: eid_fid(n),
        };
        let before = carried.saturating_add(session.counters().apdus);
        let mut observe = |done: usize, total: Option<usize>| {
            progress(&ProgressEvent {
                stage: Stage::ReadEidFile(n),
                done,
                total,
                apdus: before,
            })
        };
        match session.read_ef_observed(&ef, read, &mut observe) {
            Ok((bytes, _)) => {
                out.read.insert(n, bytes);
            }
            Err(ChipError::Status { sw, .. }) => out.refused.push((n, sw.to_string())),
            Err(e) => return Err(InspectError::chip(ef.name, e)),
        }
    }
    Ok(out)
}
