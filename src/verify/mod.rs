//! The `Verifier`, its plausibility rules and the versioned `Report` for the desk software.
//! No parsing, no I/O.
