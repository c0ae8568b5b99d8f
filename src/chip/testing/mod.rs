//! The chip's fuzz properties (a hostile chip, the read loop, the authentication protocols)
//! and the tests that span several protocols: BAC and secure-messaging vectors, recorded
//! chip authentications.

pub mod auth_fuzz;
pub(crate) mod hostile;
#[cfg(any(test, feature = "emulator"))]
pub(crate) mod read_fuzz;

#[cfg(test)]
mod clone_tests;
#[cfg(test)]
mod tests;
