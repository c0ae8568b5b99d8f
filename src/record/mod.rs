//! The verification record for the electronic file (eAkte): a PDF/A-3b document a case worker
//! reads and an archive accepts, with the report JSON embedded, and its seal (detached CMS).
//! Above `verify` (it prints a `Report`), below `ffi`; it checks nothing about the document.
//!
//! ```
//! use idverify::record::{RecordOptions, write_record};
//! use idverify::verify::{CheckTime, DocumentInput, Lang, Verifier, VerifierConfig};
//! use idverify::pki::TrustStore;
//! let verifier = Verifier::new(TrustStore::new(), VerifierConfig::default());
//! let input = DocumentInput::optical(
//!     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
//!      L898902C36UTO7408122F1204159ZE184226B<<<<<10",
//! );
//! let report = verifier.verify(&input, CheckTime::from_unix(1_795_305_600));
//! let mut options = RecordOptions::new(1_795_305_660);
//! options.lang = Lang::En;
//! let pdf = write_record(&report, &options).unwrap();
//! assert!(pdf.starts_with(b"%PDF-1.7"));
//! ```

mod content;
mod der;
mod fonts;
#[cfg(feature = "emulator")]
#[doc(hidden)]
pub mod fuzz;
mod layout;
mod options;
mod pdf;
mod seal;
mod seal_check;
#[cfg(test)]
mod tests;

pub use content::{reasons, status_label};
pub use options::RecordOptions;
pub use pdf::REPORT_FILE_NAME;
pub use seal::{SEAL_SIGNATURE_ALGORITHMS, seal, seal_algorithm};
pub use seal_check::{SealCheck, SealProblem, check_seal};

use crate::crypto::hash::HashAlgorithm;
use crate::verify::{Lang, Report};

/// Why a record or its seal could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The PDF writer failed (a font, an image, a PDF/A-3b rule).
    #[error("record PDF: {0}")]
    Pdf(String),
    /// The seal's certificate does not parse or does not fit the key.
    #[error("seal certificate: {0}")]
    Certificate(String),
    /// The seal's key could not sign.
    #[error("seal key: {0}")]
    Signer(#[from] crate::terminal::SignerError),
    /// The seal file is not a CMS SignedData this library reads.
    #[error("seal: {0}")]
    Seal(String),
    /// A time outside 1970-01-01 … 9999-12-31 (PDF dates and CMS times have four-digit
    /// years).
    #[error("{what} {time}: not within 1970-01-01 … 9999-12-31")]
    TimeOutOfRange {
        /// Which time.
        what: &'static str,
        /// The Unix seconds given.
        time: i64,
    },
}

/// 9999-12-31T23:59:59Z, the last second a four-digit year can write.
const LAST_TIME: i64 = 253_402_300_799;

/// Refuses a time a PDF date or a CMS time cannot hold.
fn check_time(what: &'static str, time: i64) -> Result<(), RecordError> {
    if (0..=LAST_TIME).contains(&time) {
        Ok(())
    } else {
        Err(RecordError::TimeOutOfRange { what, time })
    }
}

/// The report as the record keeps it: without the face unless `options` ask for it. The
/// report holds no CAN and no other image (the CAN is never part of a report; DG3/DG4 are
/// summarised without their images).
pub fn minimised(report: &Report, options: &RecordOptions) -> Report {
    let mut kept = report.clone();
    if !options.include_face
        && let Some(document) = kept.document.as_mut()
    {
        document.face = None;
    }
    kept
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes the record of `report`: PDF/A-3b, the pages in `options.lang`, the (minimised)
/// report JSON embedded as `report.json`. The same inputs give the same bytes.
pub fn write_record(report: &Report, options: &RecordOptions) -> Result<Vec<u8>, RecordError> {
    check_time("written_at", options.written_at)?;
    let kept = minimised(report, options);
    let json = kept.to_json();
    let json_sha256 = hex(&HashAlgorithm::Sha256.digest(json.as_bytes()));
    let pages = content::layout(&kept, options, &json_sha256);
    let face_bytes = kept
        .document
        .as_ref()
        .and_then(|d| d.face.as_ref())
        .and_then(|f| {
            crate::pki::store::base64_decode(&f.data_base64).map(|b| (b, f.format.clone()))
        });
    let id_source = format!(
        "{json_sha256}:{}:{}",
        options.written_at,
        lang_code(options.lang)
    );
    let parts = pdf::PdfParts {
        title: content::title(options.lang),
        language: lang_code(options.lang),
        written_at: options.written_at,
        report_json: &json,
        face: face_bytes.as_ref().map(|(b, f)| (b.as_slice(), f.as_str())),
        document_id: hex(&HashAlgorithm::Sha256.digest(id_source.as_bytes())[..16]),
    };
    pdf::render(&pages, &parts)
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "de",
        Lang::En => "en",
    }
}
