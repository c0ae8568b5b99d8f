//! The report's view of the German eID application (BSI TR-03110-4 §3.1): each data group
//! read with its value, the ones the chip refused and the ones the rights did not grant.

use super::DocumentInput;
use super::lang::Text;
use crate::lds::{EidDg, eid_dg_name};
use serde::Serialize;

/// One eID data group read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EidField {
    /// The data group number, 1..=22.
    pub data_group: u8,
    /// What it holds, e.g. `given names`.
    pub name: &'static str,
    /// Its value for display (dates DD.MM.YYYY, places on one line, raw data in hex).
    pub value: Option<String>,
    /// Why it does not parse, when it does not.
    pub error: Option<String>,
}

/// One eID data group the chip refused or does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EidRefusal {
    /// The data group number.
    pub data_group: u8,
    /// The chip's status word, e.g. `6982`.
    pub status: String,
}

/// What was read of the eID application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EidSummary {
    /// Why the application could not be selected, when it could not.
    pub select_error: Option<String>,
    /// The data groups read, in order.
    pub read: Vec<EidField>,
    /// Granted data groups the chip did not serve.
    pub refused: Vec<EidRefusal>,
    /// Data groups the terminal's effective rights do not grant.
    pub not_granted: Vec<u8>,
}

/// The summary, when the eID application was tried.
pub fn summarize_eid(input: &DocumentInput) -> Option<EidSummary> {
    let eid = input.eid.as_ref()?;
    let read = eid
        .read
        .iter()
        .map(|(&n, bytes)| {
            let parsed = EidDg::parse(n, bytes);
            EidField {
                data_group: n,
                name: eid_dg_name(n),
                value: parsed.as_ref().ok().map(|d| d.value.display()),
                error: parsed.err().map(|e| e.to_string()),
            }
        })
        .collect();
    Some(EidSummary {
        select_error: eid.select_error.clone(),
        read,
        refused: eid
            .refused
            .iter()
            .map(|(n, sw)| EidRefusal {
                data_group: *n,
                status: sw.clone(),
            })
            .collect(),
        not_granted: eid.not_granted.clone(),
    })
}

/// The data groups read as words, grouped: the names (DG4–DG7, DG13) count once as "Name".
pub(crate) fn categories(fields: &[EidField]) -> Vec<Text> {
    let mut out: Vec<Text> = Vec::new();
    for f in fields.iter().filter(|f| f.error.is_none()) {
        let (de, en) = match f.data_group {
            1 => ("Dokumentart", "document type"),
            2 => ("ausstellender Staat", "issuing state"),
            3 => ("Ablaufdatum", "date of expiry"),
            4..=7 | 13 => ("Name", "name"),
            8 => ("Geburtsdatum", "date of birth"),
            9 => ("Geburtsort", "place of birth"),
            10 => ("Staatsangehörigkeit", "nationality"),
            11 => ("Geschlecht", "sex"),
            15 => ("Ausstellungsdatum", "date of issuance"),
            17 => ("Anschrift", "address"),
            18 => ("Gemeindeschlüssel", "community ID"),
            19 | 20 => ("Nebenbestimmungen", "residence permit notes"),
            21 => ("Telefonnummer", "phone number"),
            22 => ("E-Mail-Adresse", "email address"),
            _ => ("weitere Daten", "other data"),
        };
        if !out.iter().any(|t| t.en == en) {
            out.push(Text::new(de, en));
        }
    }
    out
}

/// What eID DG`n` holds, in German (BSI TR-03127's field names).
pub(crate) fn eid_dg_name_de(n: u8) -> &'static str {
    match n {
        1 => "Dokumentart",
        2 => "ausstellender Staat",
        3 => "Ablaufdatum",
        4 => "Vornamen",
        5 => "Familienname",
        6 => "Ordens- oder Künstlername",
        7 => "Doktorgrad",
        8 => "Geburtsdatum",
        9 => "Geburtsort",
        10 => "Staatsangehörigkeit",
        11 => "Geschlecht",
        12 => "optionale Daten",
        13 => "Geburtsname",
        14 => "Unterschrift",
        15 => "Ausstellungsdatum",
        17 => "Anschrift",
        18 => "Gemeindeschlüssel",
        19 => "Nebenbestimmungen I",
        20 => "Nebenbestimmungen II",
        21 => "Telefonnummer",
        22 => "E-Mail-Adresse",
        _ => "RFU",
    }
}
