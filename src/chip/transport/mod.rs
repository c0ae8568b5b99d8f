//! What crosses the reader: command and response APDUs, status words, the one channel seam
//! (PC/SC, transcript replay), the transport rules below secure messaging (GET RESPONSE,
//! chaining, counting), and secure messaging itself.

pub mod apdu;
pub mod channel;
pub mod exchange;
pub mod pcsc;
pub mod replay;
pub mod sm;
pub mod status;
