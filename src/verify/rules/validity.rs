//! `doc.validity_span`: the time from issue to expiry fits the issuer's rules for the
//! document type (configured table; German passports and ID cards: 10 years, 6 under 24).

use super::Outcome;
use crate::verify::calendar::{add_years, age_on, days};
use crate::verify::config::VerifierConfig;
use crate::verify::context::Context;

/// Fails when the expiry lies beyond issue date + allowed years (+ tolerance) or not after
/// the issue date; `not_checked` without an issue date or without a table entry.
pub fn validity_span(cx: &Context<'_>, config: &VerifierConfig) -> Outcome {
    let Some(m) = cx.mrz() else {
        return Outcome::not_checked("Keine MRZ vorhanden", "No MRZ available");
    };
    let entry = config
        .thresholds
        .validity
        .iter()
        .find(|v| v.issuer == m.issuer.code && v.document_codes.contains(&m.document_code));
    let Some(entry) = entry else {
        return Outcome::not_checked(
            format!("Keine Regel für {} {}", m.issuer.code, m.document_code),
            format!("No rule for {} {}", m.issuer.code, m.document_code),
        );
    };
    let (Some(issue), Some(expiry)) = (cx.issue_date(), cx.expiry_date()) else {
        return Outcome::not_checked(
            "Ausstellungs- oder Ablaufdatum nicht bekannt",
            "Date of issue or expiry not known",
        );
    };
    let age = cx.birth_date().map(|(b, _)| age_on(b, issue));
    let years = match (entry.under_age, age) {
        (Some((limit, short)), Some(age)) if age < i32::from(limit) => short,
        _ => entry.years,
    };
    let Some(latest) = add_years(issue, years) else {
        return Outcome::not_checked("Datum außerhalb des Bereichs", "Date out of range");
    };
    let beyond = days(expiry) - days(latest);
    let o = if expiry <= issue {
        Outcome::failed(
            format!("Ablauf ({expiry}) nicht nach Ausstellung ({issue})"),
            format!("Expiry ({expiry}) not after issue ({issue})"),
        )
    } else if beyond > i64::from(config.thresholds.validity_tolerance_days) {
        Outcome::failed(
            format!("Gültigkeit länger als {years} Jahre ({issue} bis {expiry})"),
            format!("Valid for more than {years} years ({issue} to {expiry})"),
        )
    } else {
        Outcome::passed(
            format!("Gültigkeit höchstens {years} Jahre ({issue} bis {expiry})"),
            format!("Valid for at most {years} years ({issue} to {expiry})"),
        )
    };
    let o = o
        .with("allowed_years", years)
        .with("date_of_issue", issue)
        .with("date_of_expiry", expiry);
    match age {
        Some(a) => o.with("age_at_issue", a),
        None => o,
    }
}
