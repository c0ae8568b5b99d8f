//! The terminal as the desk pipeline holds it: its card-verifiable certificates, its key
//! (behind [`TerminalSigner`]) and the desk's date for checking the chain.

use super::TerminalSigner;
use crate::pki::cvc::{CvCertificate, CvcDate};

/// A terminal as the desk pipeline holds it: certificates, a shared key and the desk's date
/// for checking the chain (time is an input).
#[derive(Clone)]
pub struct TerminalCredentials {
    /// Every certificate the terminal holds (see `chip::auth::ta::run::Terminal::certificates`).
    pub certificates: Vec<CvCertificate>,
    /// The terminal's private key.
    pub signer: std::sync::Arc<dyn TerminalSigner>,
    /// The desk's date: an expired chain is not sent.
    pub today: CvcDate,
}

impl std::fmt::Debug for TerminalCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TerminalCredentials")
            .field("certificates", &self.certificates.len())
            .field("signer", &self.signer.describe())
            .field("today", &self.today)
            .finish()
    }
}
