//! CMS SignedData, certificates, the trust store (master lists, CSCAs, CRLs) and passive
//! authentication. No I/O.

mod algorithms;
mod asn1;
pub mod cert;
pub mod cms;
mod error;
pub mod name;

pub use algorithms::AlgorithmResult;
pub use cert::Certificate;
pub use error::PkiError;
pub mod check;
pub mod signed;

pub use check::{Check, Status};

#[cfg(test)]
mod vectors_tests;
