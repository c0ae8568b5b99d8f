//! A software eMRTD chip: files plus the chip side of BAC, PACE, CA and AA, with
//! limits and misbehaviours for tests. Behind the `emulator` feature.

mod card;
mod chip_auth;
mod chip_bac;
mod chip_eid;
mod chip_lengths;
mod chip_pace;
mod chip_sm;
mod chip_ta;
mod config;
pub mod demo;
mod rng;
mod synthetic;
mod vpcd;

pub use card::EmulatedChip;
pub use chip_lengths::{LengthOutcome, LengthRecord};
pub use chip_ta::TaSetup;
pub use config::{ChipConfig, Misbehaviour};
pub use rng::SeededRng;
pub use synthetic::{benchmark_document, synthetic_document};
pub mod specimen;
pub mod test_pki;
