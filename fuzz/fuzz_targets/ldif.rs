#![no_main]
//! Any bytes as an ICAO PKD LDIF file (RFC 2849), read entry by entry and imported into a
//! store with one master-list root: never panics, adds no CSCA unless a master list verified.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::pki::fuzz::ldif(data));
