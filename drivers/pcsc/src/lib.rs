//! PC/SC readers for idverify (placeholder until the chip issue lands).
#![deny(unsafe_op_in_unsafe_fn)]
