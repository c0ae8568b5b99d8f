//! CMS SignedData, certificates, the trust store (master lists, CSCAs, CRLs) and passive
//! authentication. No I/O.

mod algorithms;
pub mod anchor_source;
mod asn1;
pub mod cert;
mod cert_der;
/// A UTCTime or GeneralizedTime as Unix seconds (the seal's signing time).
pub(crate) use cert_der::time as der_time;
pub mod cms;
mod error;
pub mod name;

pub use algorithms::AlgorithmResult;
pub use cert::Certificate;
pub use error::PkiError;
pub mod check;
pub mod signed;

pub use check::{Check, Status};

pub mod country;
pub mod crl;
pub mod deviation;
pub mod ldif;
pub mod ldif_import;
pub mod masterlist;
pub mod snapshot;
pub mod store;
pub mod trust_status;
#[cfg(test)]
mod vectors_tests;

pub use crl::Crl;
pub use masterlist::MasterList;
pub use store::TrustStore;
pub mod chain;
pub mod cvc;
#[cfg(feature = "emulator")]
#[doc(hidden)]
pub mod fuzz;
pub mod pa;

pub use pa::{PaInput, PassiveAuthentication, passive_authentication};
