//! The C ABI (`idv_*`): opaque handles, numeric result codes, the panic boundary.
//! No logic of its own. The one module of the library allowed `unsafe`.
#![allow(unsafe_code)]
