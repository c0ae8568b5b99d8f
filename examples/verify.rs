//! The example verifier: what a desk integrator runs first.
fn main() {
    eprintln!("idverify example verifier: subcommands arrive with the MRZ and chip work");
    std::process::exit(2);
}
