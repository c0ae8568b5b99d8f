//! The chip's files as types (ICAO 9303-10): EF.COM, DG1..DG16, the SOD content and
//! SecurityInfos. Parse and encode only: no crypto, no I/O.

mod card_security;
mod cbeff;
mod com;
mod date;
pub(crate) mod der;
mod dg1;
mod dg11;
mod dg12;
mod dg13;
mod dg14;
mod dg15;
mod dg16;
mod dg2;
mod dg3_dg4;
mod displayed;
mod eid;
mod error;
mod face;
mod files;
mod fuzz;
mod image;
pub mod image_bounds;
mod iso19794;
mod iso19794_4;
mod iso19794_6;
mod parsed;
mod security_infos;
pub mod spki;
pub mod text;

pub use card_security::{
    CardSecurity, ID_SECURITY_OBJECT, encapsulated_content, parse_card_access,
};
pub use cbeff::{BDB, BDB_CONSTRUCTED, BiometricGroup, BiometricHeader, BiometricTemplate};
pub use com::Com;
pub use date::{PartialDate, Timestamp};
pub use der::RawTlv;
pub use dg1::{Dg1, MrzShape};
pub use dg2::{Dg2, FaceTemplate};
pub use dg3_dg4::{BiometricDg, SecondaryBiometric};
pub use dg11::Dg11;
pub use dg12::Dg12;
pub use dg13::Dg13;
pub use dg14::Dg14;
pub use dg15::Dg15;
pub use dg16::{Dg16, PersonToNotify};
pub use displayed::{DisplayedImages, DisplayedKind};
pub use eid::{EID_AID, EID_DATA_GROUPS, EidDg, EidPlace, EidValue, eid_dg_name, eid_fid};
pub use error::LdsError;
pub use face::{FaceInfo, FaceRecord, FeaturePoint};
pub use files::{EMRTD_AID, FileId};
pub use fuzz::{fuzz_check, fuzz_check_face};
pub use image::{EncodedImage, ImageFormat, MAX_DIMENSION};
pub use iso19794::BiometricRecord;
pub use iso19794_4::{FingerRecord, FingerView, SCALE_PPCM, SCALE_PPI};
pub use iso19794_6::{IrisEye, IrisImage, IrisRecord};
pub use parsed::{ParsedFile, parse_file};
pub use security_infos::{AlgorithmIdentifier, SecurityInfo, SecurityInfos, protocol_name};
pub use spki::{EcParameters, ExplicitCurve, PublicKey, PublicKeyInfo};
mod sod;

pub use sod::{DataGroupHash, EF_SOD_TAG, LdsSecurityObject, SodError, unwrap_ef_sod};
