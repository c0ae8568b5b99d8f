//! Chip protocol rules: access control (BAC or PACE), active authentication
//! (ICAO 9303-11 §6.1) and chip authentication (§6.2), from the results the reader passes in.
//! Whether the chip must prove itself comes from signed data, never from EF.COM: EF.SOD
//! listing DG14 (or the chip offering PACE-CAM) requires chip authentication, EF.SOD listing
//! DG15 requires active authentication (see [`chip_authentication_required`]).

use super::Outcome;
use crate::chip::FileId;
use crate::lds::parse_card_access;
use crate::pki::Status;
use crate::verify::context::Context;
use crate::verify::input::ProtocolOutcome;
use crate::verify::lang::Text;

/// The outcome of `name`'s result. For active and chip authentication (`proves_chip`) a
/// failure means the chip could not prove it holds the key its data groups publish: the chip
/// is not genuine (a copy), whatever passive authentication said about the data.
fn outcome(result: Option<&ProtocolOutcome>, name: &str, proves_chip: bool) -> Outcome {
    match result {
        None => Outcome::not_checked(
            format!("{name} nicht durchgeführt"),
            format!("{name} not performed"),
        ),
        Some(ProtocolOutcome::Passed { detail }) => {
            Outcome::passed(format!("{name} erfolgreich"), format!("{name} succeeded"))
                .with("detail", detail)
        }
        Some(ProtocolOutcome::Failed { reason }) if proves_chip => Outcome::failed(
            format!("{name} fehlgeschlagen: Chip nicht echt (Kopie?)"),
            format!("{name} failed: chip not genuine (a copy?)"),
        )
        .with("reason", reason),
        Some(ProtocolOutcome::Failed { reason }) => {
            Outcome::failed(format!("{name} fehlgeschlagen"), format!("{name} failed"))
                .with("reason", reason)
        }
        Some(ProtocolOutcome::Unsupported { reason }) => Outcome::new(
            Status::Unsupported,
            format!("{name} nicht unterstützt"),
            format!("{name} not supported"),
        )
        .with("reason", reason),
    }
}

/// `chip.access_control`: BAC or PACE succeeded.
pub fn access_control(cx: &Context<'_>) -> Outcome {
    let access = cx.input.chip.as_ref().and_then(|c| c.access.as_ref());
    match access {
        None => Outcome::not_checked("Chip nicht live gelesen", "Chip not read live"),
        Some((protocol, result)) => {
            let name = match protocol {
                super::super::input::AccessProtocol::Bac => "BAC",
                super::super::input::AccessProtocol::Pace => "PACE",
            };
            outcome(Some(result), name, false).with("protocol", name)
        }
    }
}

/// Why the chip must prove itself with chip authentication, if it must: EF.SOD lists DG14
/// (the chip-authentication key, ICAO 9303-11 §6.2), or EF.CardAccess offers PACE with Chip
/// Authentication Mapping (ICAO 9303-11 §4.4.3.5), or the read used it.
pub(crate) fn chip_authentication_required(cx: &Context<'_>) -> Option<Text> {
    if cx.sod_lists(14) {
        return Some(Text::new("EF.SOD DG14 führt", "EF.SOD lists DG14"));
    }
    let card_access_offers_cam = cx
        .input
        .files
        .get(&FileId::CardAccess)
        .and_then(|b| parse_card_access(b).ok())
        .is_some_and(|infos| {
            infos
                .pace()
                .iter()
                .any(|(oid, _)| oid.starts_with(PACE_CAM_PREFIX))
        });
    card_access_offers_cam.then(|| {
        Text::new(
            "EF.CardAccess PACE-CAM anbietet",
            "EF.CardAccess offers PACE-CAM",
        )
    })
}

/// Why the chip must prove itself with active authentication, if it must: EF.SOD lists DG15
/// (the active-authentication key, ICAO 9303-11 §6.1).
pub(crate) fn active_authentication_required(cx: &Context<'_>) -> Option<Text> {
    cx.sod_lists(15)
        .then(|| Text::new("EF.SOD DG15 führt", "EF.SOD lists DG15"))
}

/// id-PACE-ECDH-CAM (BSI TR-03110-3 §A.1.1.1: id-PACE 6).
const PACE_CAM_PREFIX: &str = "0.4.0.127.0.7.2.2.4.6.";

/// The outcome of a protocol that signed data requires (`why`) but that did not run: the chip
/// is not authenticated, in words, so that the verdict cannot be `genuine`.
fn not_authenticated(name: &str, why: Text) -> Outcome {
    Outcome::not_checked(
        format!(
            "Chip nicht authentisiert: {} nicht durchgeführt, obwohl {}",
            name, why.de
        ),
        format!(
            "chip not authenticated: {} not performed although {}",
            name, why.en
        ),
    )
    .with("required_because", why.en)
}

/// `chip.active_authentication`: the chip signed the terminal's challenge with DG15's key.
pub fn active_authentication(cx: &Context<'_>) -> Outcome {
    let name = "Active Authentication";
    let result = cx.input.active_authentication.as_ref();
    match (result, active_authentication_required(cx)) {
        (None, Some(why)) => not_authenticated(name, why),
        _ => outcome(result, name, true),
    }
}

/// `chip.chip_authentication`: the chip proved its DG14 key (CA v1/v2) or PACE-CAM's.
pub fn chip_authentication(cx: &Context<'_>) -> Outcome {
    let name = "Chip Authentication";
    let result = cx.input.chip_authentication.as_ref();
    match (result, chip_authentication_required(cx)) {
        (None, Some(why)) => not_authenticated(name, why),
        _ => outcome(result, name, true),
    }
}
