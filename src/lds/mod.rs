//! The chip's files as types (ICAO 9303-10): EF.COM, DG1..DG16, the SOD content and
//! SecurityInfos. Parse and encode only: no crypto, no I/O.

mod sod;
pub use sod::{DataGroupHash, EF_SOD_TAG, LdsSecurityObject, SodError, unwrap_ef_sod};
