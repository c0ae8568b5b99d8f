//! The report's JSON format: its version and its JSON Schema (`schema/report.schema.json`).
//! The version's major number changes when a field is removed or changes meaning; the minor
//! number when a field or a rule id is added.

/// The report format's version, written as `schema_version`.
pub const SCHEMA_VERSION: &str = "1.6";

/// The JSON Schema (draft 2020-12) every report validates against.
pub const JSON_SCHEMA: &str = include_str!("../../schema/report.schema.json");
