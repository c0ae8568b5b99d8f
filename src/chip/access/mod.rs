//! Opening the chip, terminal side: Basic Access Control (ICAO 9303-11 §4.3) and PACE
//! (ICAO 9303-11 §4.4), each ending in secure messaging.

pub mod bac;
pub mod pace;
