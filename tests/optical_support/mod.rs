//! The synthetic scanner pages and the recogniser's template generator, shared by the tests
//! and the release-mode page script (examples/optical_pages.rs).

pub mod lights;
pub mod mrz_text;
pub mod ocrb;
pub mod pages;
pub mod templates;
