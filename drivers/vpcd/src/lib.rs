//! vsmartcard vpcd client (placeholder until the chip issue lands).
#![forbid(unsafe_code)]
