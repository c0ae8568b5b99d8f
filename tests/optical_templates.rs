//! The recogniser's committed templates (src/optical/glyph_templates.rs) are what the
//! generator makes from the OCR-B font today: regenerated in memory and compared
//! (`IDVERIFY_BLESS=1` rewrites the file).

#[allow(dead_code)]
#[path = "optical_support/ocrb.rs"]
mod ocrb;
#[path = "optical_support/templates.rs"]
mod templates;

const COMMITTED: &str = "src/optical/glyph_templates.rs";

#[test]
fn committed_templates_are_what_the_generator_makes() {
    let generated = templates::generate();
    if std::env::var_os("IDVERIFY_BLESS").is_some() {
        std::fs::write(COMMITTED, &generated).expect("write templates");
        return;
    }
    let committed = std::fs::read_to_string(COMMITTED).expect("templates are committed");
    assert!(
        committed == generated,
        "{COMMITTED} differs from what the generator makes; regenerate with\n\
         IDVERIFY_BLESS=1 cargo test --test optical_templates\nand commit it"
    );
}
