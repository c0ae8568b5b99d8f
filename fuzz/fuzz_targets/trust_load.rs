#![no_main]
//! Trust data loaded by content (PEM/DER certificate, CRL, master list) into a populated
//! store: never panics; a master list loads only through the configured root.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::pki::fuzz::trust_load(data));
