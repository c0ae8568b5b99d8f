//! Fuzzing entry for the configuration document (also replayed by `cargo test` from
//! fuzz/corpus/verifier_config): any bytes never panic, and a configuration that loads
//! writes back to a document that loads to the same configuration.

use super::config_json::config_from_json;
use super::config_json_out::{config_sha256, config_to_json, config_to_json_text};

/// Checks one input (see the module header).
#[doc(hidden)]
pub fn config_fuzz_check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = config_from_json(text) {
        let written = config_to_json_text(&config);
        let again = config_from_json(&written).expect("a written configuration loads");
        assert_eq!(config_to_json(&again), config_to_json(&config));
        assert_eq!(config_sha256(&again), config_sha256(&config));
    }
}
