//! The software chip's side of what crosses the reader: length fields, command chains and GET
//! RESPONSE, and secure messaging.

pub(crate) mod lengths;
pub(crate) mod sm;
