//! `pki.known_deviations`: the deviations a verified deviation list (ICAO 9303-12,
//! id-icao-DeviationList) records for this document's series, named for the clerk with the
//! check each one affects; `known_defects` marks a failure there as a known defect of the
//! series.

use super::Outcome;
use super::known_defects::affected_checks;
use crate::pki::Status;
use crate::pki::deviation::{
    DeviationDescription, DeviationList, DeviationParameter, DocumentFacts, SignerIdentifier,
    digest_algorithm,
};
use crate::verify::calendar::CheckTime;
use crate::verify::context::Context;

/// A deviation listed for this document's series.
#[derive(Debug, Clone)]
pub(crate) struct ListedDeviation<'a> {
    /// The country whose list names it (the list signer's).
    pub country: String,
    /// What deviates.
    pub description: &'a DeviationDescription,
    /// Whether the list names the document signer by its certificate digest.
    pub by_certificate_digest: bool,
}

impl ListedDeviation<'_> {
    /// The deviation in words, with its parameter (`data group hash wrong: DG2`).
    pub fn name(&self) -> String {
        match self.description.parameter.name() {
            Some(p) => format!("{}: {p}", self.description.type_name()),
            None => self.description.type_name().to_string(),
        }
    }

    /// The same in German (`Hashwert einer Datengruppe falsch: DG2`).
    pub fn name_de(&self) -> String {
        let d = self.description;
        let kind = d.type_name_de();
        let parameter = match &d.parameter {
            DeviationParameter::MrzField(n) => MRZ_FIELDS_DE
                .get(usize::from(*n))
                .map(|f| format!("MRZ-Feld {f}")),
            other => other
                .name()
                .map(|p| p.replace("certificate field", "Zertifikatsfeld"))
                .map(|p| p.replace("certificate extension", "Zertifikatserweiterung")),
        };
        match parameter {
            Some(p) => format!("{kind}: {p}"),
            None => kind.to_string(),
        }
    }
}

/// ICAO 9303-12's MRZField values 0..=9 in German.
const MRZ_FIELDS_DE: [&str; 10] = [
    "allgemein",
    "Dokumentenart",
    "Ausstellerstaat",
    "Name",
    "Dokumentennummer",
    "Staatsangehörigkeit",
    "Geburtsdatum",
    "Geschlecht",
    "Ablaufdatum",
    "optionale Daten",
];

/// The deviations the loaded lists record for this document. A list speaks only for its own
/// State's documents: its signer's country must be the DSC's country.
pub(crate) fn listed<'a>(cx: &Context<'_>, lists: &'a [DeviationList]) -> Vec<ListedDeviation<'a>> {
    let Some(dsc) = &cx.dsc else {
        return Vec::new();
    };
    let Some(dsc_country) = dsc.subject.country() else {
        return Vec::new();
    };
    let mrz = cx.mrz();
    let document_type = mrz.map(|m| format!("{:<<2}", m.document_code));
    let number = mrz.map(|m| m.document_number.trim_end_matches('<').to_string());
    let facts = DocumentFacts {
        dsc,
        document_type: document_type.as_deref(),
        document_number: number.as_deref(),
        issued: cx.issue_date().map(|d| CheckTime::from_date(d).unix()),
    };
    let mut found = Vec::new();
    for list in lists
        .iter()
        .filter(|l| l.country.as_deref() == Some(dsc_country.as_str()))
    {
        let digest = digest_algorithm(&list.content);
        for d in list
            .deviations
            .iter()
            .filter(|d| d.applies_to(&facts, digest))
        {
            let by_certificate_digest = matches!(
                d.documents.signer,
                Some(SignerIdentifier::CertificateDigest(_))
            );
            for description in &d.descriptions {
                found.push(ListedDeviation {
                    country: dsc_country.clone(),
                    description,
                    by_certificate_digest,
                });
            }
        }
    }
    found
}

/// `pki.known_deviations`.
pub fn known_deviations(cx: &Context<'_>, lists: &[DeviationList]) -> Outcome {
    if lists.is_empty() {
        return Outcome::not_checked(
            "Keine Abweichungsliste (Deviation List) geladen",
            "No deviation list loaded",
        );
    }
    if cx.dsc.is_none() {
        return Outcome::not_checked("DS-Zertifikat fehlt", "DS certificate missing");
    }
    let found = listed(cx, lists);
    if found.is_empty() {
        return Outcome::passed(
            "Keine bekannte Abweichung für dieses Dokument gelistet",
            "No known deviation listed for this document",
        )
        .with("deviation_lists", lists.len());
    }
    let with_text = |name: String, d: &ListedDeviation<'_>| match &d.description.description {
        Some(text) => format!("{name} ({text})"),
        None => name,
    };
    let names: Vec<String> = found.iter().map(|d| with_text(d.name(), d)).collect();
    let names_de: Vec<String> = found.iter().map(|d| with_text(d.name_de(), d)).collect();
    let affects: Vec<String> = found
        .iter()
        .map(|d| {
            let checks = affected_checks(&d.description.deviation_type, &d.description.parameter);
            if checks.is_empty() {
                "-".to_string()
            } else {
                checks
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join("+")
            }
        })
        .collect();
    let countries: Vec<&str> = found.iter().map(|d| d.country.as_str()).collect();
    Outcome::new(
        Status::Warning,
        format!(
            "Bekannte Abweichung dieser Dokumentenserie (laut Abweichungsliste des Ausstellers): {}",
            names_de.join("; ")
        ),
        format!(
            "Known deviation of this document series (issuer's deviation list): {}",
            names.join("; ")
        ),
    )
    .with("deviations", names.join("; "))
    .with("affects", affects.join(","))
    .with("listed_by", countries.join(","))
    .with(
        "types",
        found
            .iter()
            .map(|d| d.description.deviation_type.as_str())
            .collect::<Vec<_>>()
            .join(","),
    )
}
