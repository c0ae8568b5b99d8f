//! Proving the chip and the terminal: active authentication (ICAO 9303-11 §6.1), chip
//! authentication version 1 and 2 (§6.2, BSI TR-03110-3), terminal authentication (BSI
//! TR-03110-3 §B.3), and what each reports.

pub mod aa;
pub mod auth_key;
pub mod ca;
pub mod ta;
