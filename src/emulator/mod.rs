//! A software eMRTD chip: files plus the chip side of BAC, PACE, CA and AA, with
//! limits and misbehaviours for tests. Behind the `emulator` feature.
//!
//! Its folders mirror `chip`'s: `transport` (length fields, chains, secure messaging),
//! `access` (BAC, PACE), `auth` (AA and CA keys, TA); `card` answers the APDUs, `eid` is the
//! German eID application.

mod access;
mod auth;
mod card;
mod config;
pub mod demo;
mod eid;
mod rng;
mod synthetic;
mod transport;
mod vpcd;

pub use auth::ta::TaSetup;
pub use card::EmulatedChip;
pub use config::{ChipConfig, Misbehaviour};
pub use rng::SeededRng;
pub use synthetic::{benchmark_document, synthetic_document};
pub use transport::lengths::{LengthOutcome, LengthRecord};
pub mod specimen;
pub mod test_pki;
