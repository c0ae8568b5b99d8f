//! `doc.blocked`: the document (issuer + number) is not on the configured list of
//! documents reported lost, stolen or revoked.

use super::Outcome;
use crate::verify::config::VerifierConfig;
use crate::verify::context::Context;

/// `not_checked` without a list, `failed` when listed.
pub fn blocked(cx: &Context<'_>, config: &VerifierConfig) -> Outcome {
    let Some(list) = &config.blocked else {
        return Outcome::not_checked(
            "Keine Sperrliste konfiguriert",
            "No blocked list configured",
        );
    };
    let Some(m) = cx.mrz() else {
        return Outcome::not_checked("Keine MRZ vorhanden", "No MRZ available");
    };
    let listed = list
        .iter()
        .any(|b| b.issuer == m.issuer.code && b.number == m.document_number);
    let o = if listed {
        Outcome::failed("Dokument ist gesperrt", "Document is blocked")
    } else {
        Outcome::passed(
            format!("Nicht unter {} gesperrten Dokumenten", list.len()),
            format!("Not among {} blocked documents", list.len()),
        )
    };
    o.with("issuer", &m.issuer.code)
        .with("document_number", &m.document_number)
}
