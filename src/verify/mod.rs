//! The `Verifier`, its plausibility rules and the versioned `Report` for the desk software.
//! No parsing of its own (it uses `mrz`, `lds`, `pki`), no I/O, no clock: the check time is an input.
//!
//! ```
//! use idverify::verify::{CheckTime, DocumentInput, Verdict, Verifier, VerifierConfig};
//! use idverify::pki::TrustStore;
//! let verifier = Verifier::new(TrustStore::new(), VerifierConfig::default());
//! let input = DocumentInput::optical(
//!     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
//!      L898902C36UTO7408122F1204159ZE184226B<<<<<10",
//! );
//! let report = verifier.verify(&input, CheckTime::from_unix(1_795_305_600));
//! // The ICAO specimen expired in 2012.
//! assert_eq!(report.verdict, Verdict::Failed);
//! assert!(report.failed_ids().contains(&"doc.expired"));
//! ```

mod biometrics;
mod bundle_input;
mod calendar;
mod config;
mod config_fuzz;
mod config_json;
mod config_json_out;
mod config_safety;
mod context;
mod eid;
mod face;
#[cfg(feature = "emulator")]
pub(crate) mod fuzz;
mod input;
mod json_strict;
mod lang;
mod optical_origin;
mod report;
pub mod rules;
mod scan_reads;
mod scanned;
mod schema;
mod text;
mod verdict;
mod verifier;

pub use crate::pki::Status;
pub use biometrics::{BiometricAccess, BiometricImageSummary, BiometricSummary};
pub use bundle_input::BundleInput;
pub use calendar::CheckTime;
pub use config::{
    BlockedDocument, FaceExport, OpticalThresholds, RuleSettings, Thresholds, ValiditySpan,
    VerifierConfig,
};
#[doc(hidden)]
pub use config_fuzz::config_fuzz_check;
pub use config_json::{
    ALLOW_WEAKENING_KEY, CONFIG_FORMAT_VERSION, ConfigJsonError, MAX_CONFIG_JSON_BYTES,
    config_from_json, config_from_json_over, config_from_value_over,
};
pub use config_json_out::{config_sha256, config_to_json, config_to_json_text};
pub use config_safety::{
    REQUIRED_SIGNED_DATA_CHECKS, SIGNED_DATA_CHECKS, Weakening, weakened_checks, weakenings,
};
pub use eid::{EidField, EidRefusal, EidSummary, summarize_eid};
#[cfg(feature = "emulator")]
pub use fuzz::fuzz_check;
#[cfg(feature = "emulator")]
#[doc(hidden)]
pub use fuzz::input as fuzz_input;
pub use input::{
    AccessProtocol, ChipRead, DocumentInput, EidInput, FileRead, ProtocolOutcome, TerminalAuthInput,
};
pub use lang::{Lang, Text};
pub use optical_origin::{Confidence, MrzTextSource, OpticalMrzOrigin, OpticalSource};
pub use report::Verdict;
pub use report::{
    CheckResult, ChipSummary, ConfigurationSummary, DocumentData, FaceImage, FileDigest,
    FileSummary, KnownDefect, Report, Severity, UnmetRequirement,
};
pub use rules::RuleId;
pub use scanned::{ImageData, ScannedImage};
pub use schema::{JSON_SCHEMA, SCHEMA_VERSION};
pub use text::render;
pub use verdict::{derive_verdict, unmet_requirements};
pub use verifier::Verifier;
