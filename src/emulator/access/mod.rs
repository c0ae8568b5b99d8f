//! The software chip's side of access control: BAC and PACE.

pub(crate) mod bac;
pub(crate) mod pace;
