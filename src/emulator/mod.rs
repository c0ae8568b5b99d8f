//! A software eMRTD chip: files plus the chip side of BAC, PACE, CA and AA, with
//! limits and misbehaviours for tests. Behind the `emulator` feature.

pub mod specimen;
