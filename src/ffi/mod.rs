//! The C ABI (`idv_*`): opaque handles, numeric result codes, the panic boundary.
//! No logic of its own. The one module of the library allowed `unsafe`.
//!
//! Every entry point runs inside [`panic::guard`], checks its pointers, lengths and UTF-8
//! before use, and answers with an [`idv_result`]; handles are looked up in a registry of
//! live handles, so a handle of the wrong kind or one already freed is answered with a code
//! instead of being dereferenced. `include/idverify.h` is generated from this module.
#![allow(unsafe_code)]
#![allow(non_camel_case_types)]

mod args;
mod bundle;
mod document;
mod handle;
mod images;
mod mrz_read;
mod panic;
mod readers;
mod record;
mod report;
mod result;
mod scanner;
mod serial;
mod terminal;
mod trust;
mod verifier;
mod verifier_config;

#[cfg(test)]
mod capture_tests;
#[cfg(test)]
mod image_tests;
#[cfg(test)]
mod tests;

pub use bundle::idv_document_add_bundle;
pub use document::{
    idv_document, idv_document_add_file, idv_document_free, idv_document_new,
    idv_document_set_active_authentication, idv_document_set_chip_authentication,
    idv_document_set_optical_mrz, idv_file, idv_protocol_outcome, idv_verify_document,
};
pub use images::{
    idv_document_add_image, idv_document_add_image_pixels, idv_light, idv_pixel_format,
};
pub use mrz_read::{
    idv_mrz_read, idv_mrz_read_free, idv_mrz_read_image, idv_mrz_read_json, idv_mrz_read_pixels,
};
pub use readers::{
    idv_access_key, idv_cancel, idv_cancel_free, idv_cancel_new, idv_cancel_request, idv_progress,
    idv_progress_fn, idv_read_and_verify, idv_readers, idv_readers_count, idv_readers_free,
    idv_readers_name, idv_readers_new, idv_readers_wait_for_card,
};
pub use record::{
    idv_record, idv_record_free, idv_record_options, idv_record_pdf, idv_record_seal,
    idv_record_seal_bytes, idv_record_write,
};
pub use report::{
    idv_check, idv_check_status, idv_report, idv_report_check, idv_report_check_count,
    idv_report_face_image, idv_report_free, idv_report_json, idv_report_verdict, idv_verdict,
};
pub use result::{
    IDV_ABI_VERSION, IDV_API_VERSION_MAJOR, IDV_API_VERSION_MINOR, idv_abi_version,
    idv_api_version, idv_error_message, idv_last_error_detail, idv_result,
};
pub use scanner::{
    idv_scanner, idv_scanner_free, idv_scanner_list, idv_scanner_list_free, idv_scanner_list_json,
    idv_scanner_list_new, idv_scanner_open, idv_scanner_scan, idv_scanner_set_option,
};
pub use serial::{
    idv_serial_reader, idv_serial_reader_free, idv_serial_reader_open, idv_serial_reader_read_mrz,
};
pub use terminal::{
    idv_terminal, idv_terminal_free, idv_terminal_from_bytes, idv_terminal_load,
    idv_verifier_set_terminal,
};
pub use trust::{
    idv_trust_store, idv_trust_store_add_bytes, idv_trust_store_add_master_list_root,
    idv_trust_store_add_path, idv_trust_store_count, idv_trust_store_free,
    idv_trust_store_load_snapshot, idv_trust_store_new, idv_trust_store_status_json,
};
pub use verifier::{idv_verifier, idv_verifier_free, idv_verifier_new, idv_verify_files};
pub use verifier_config::{idv_verifier_config_json, idv_verifier_configure_json};
