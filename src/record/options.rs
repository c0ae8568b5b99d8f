//! What a record says beyond the report: who checked (office, desk, operator), why, in which
//! language, when it was written, and whether the face may be printed.

use crate::verify::Lang;

/// The circumstances of a check, printed on the record and kept in its metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordOptions {
    /// The office (e.g. `Migrationsamt Musterstadt`).
    pub office: String,
    /// The desk or workstation (e.g. `Schalter 3`).
    pub desk: String,
    /// The operator's name or staff id.
    pub operator: String,
    /// Why the document was checked (e.g. `Aufenthaltstitel, Verlängerung`).
    pub purpose: String,
    /// The record's language: every label and check text in German or English.
    pub lang: Lang,
    /// When the record was written, seconds since the Unix epoch (the library reads no
    /// clock); the PDF's creation date and the record's footer.
    pub written_at: i64,
    /// Print the face image (marked "KOPIE") and keep it in the embedded report. Off by
    /// default: data minimisation (§ 20 (2) PAuswG, GDPR Art. 5 (1) c) leaves out the face,
    /// the CAN and every image.
    pub include_face: bool,
}

impl RecordOptions {
    /// Options with empty office, desk, operator and purpose, German, without the face.
    pub fn new(written_at: i64) -> Self {
        RecordOptions {
            office: String::new(),
            desk: String::new(),
            operator: String::new(),
            purpose: String::new(),
            lang: Lang::De,
            written_at,
            include_face: false,
        }
    }
}
