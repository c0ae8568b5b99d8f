//! Terminal Authentication as a reader runs it after PACE: the terminal's chains loaded and
//! pre-checked by the desk's date, the chain for the chip's CVCA chosen, an ephemeral key drawn
//! for the chip authentication that follows, and one result for the report.

use super::ca_group::CaGroup;
use super::pace::PaceOutcome;
use super::ta::{TaError, TaOutcome, TaVersion, TerminalAuthentication, choose_chain, compress};
use super::{CardChannel, ChipSession, TerminalSigner};
use crate::pki::cvc::{ChainError, Chat, CvCertificate, CvcDate, Role, Validity, verify_chain};
use rand_core::CryptoRng;

/// The terminal: its certificates and its key.
pub struct Terminal<'a> {
    /// Every certificate the terminal holds: CVCAs (self-signed, used for the desk's own
    /// check), link, DV and terminal certificates, in any order.
    pub certificates: Vec<CvCertificate>,
    /// The terminal's private key.
    pub signer: &'a dyn TerminalSigner,
}

/// What a TA attempt gave, for the report (`chip.terminal_authentication`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaAttempt {
    /// The run, or why it was refused or not possible.
    pub result: Result<TaOutcome, String>,
    /// Whether it could not run at all (no chain for this chip, BAC session) rather than
    /// being refused.
    pub unsupported: bool,
    /// The terminal certificate's CHR, when a chain was chosen.
    pub terminal: Option<String>,
    /// The CVCA the chain starts from.
    pub cvca: Option<String>,
    /// The effective authorization of the chain (the CHATs intersected).
    pub rights: Option<Chat>,
}

impl Terminal<'_> {
    /// The chains this terminal can present: for each terminal certificate, the DV and link
    /// certificates up to a CVCA certificate or an issuer the terminal does not hold.
    pub fn chains(&self) -> Vec<Vec<CvCertificate>> {
        let by_chr = |chr: &str| {
            self.certificates
                .iter()
                .find(|c| c.body.chr == chr && c.body.chr != c.body.car)
        };
        self.certificates
            .iter()
            .filter(|c| c.body.chat.role == Role::Terminal)
            .map(|t| {
                let mut chain = vec![t.clone()];
                while let Some(issuer) = chain.first().and_then(|c| by_chr(&c.body.car)) {
                    if chain.len() > 8 || chain.contains(issuer) {
                        break;
                    }
                    chain.insert(0, issuer.clone());
                }
                chain
            })
            .collect()
    }

    fn anchors(&self) -> Vec<CvCertificate> {
        self.certificates
            .iter()
            .filter(|c| c.is_cvca() && c.body.car == c.body.chr)
            .cloned()
            .collect()
    }
}

/// Runs Terminal Authentication version 2 after PACE on `session`: reads EF.CVCA, chooses the
/// chain, checks it by `today` where the terminal holds its CVCA (an expired chain is not
/// sent), draws the ephemeral key on the chain's curve and authenticates.
pub fn after_pace<C: CardChannel, R: CryptoRng + ?Sized>(
    session: &mut ChipSession<C>,
    pace: &PaceOutcome,
    terminal: &Terminal<'_>,
    today: CvcDate,
    rng: &mut R,
) -> TaAttempt {
    let mut attempt = TaAttempt {
        result: Err(String::new()),
        unsupported: false,
        terminal: None,
        cvca: None,
        rights: None,
    };
    let refs = match session.chip_cvca_references(Some(pace)) {
        Ok(r) => r,
        Err(e) => {
            attempt.result = Err(format!("EF.CVCA: {e}"));
            attempt.unsupported = true;
            return attempt;
        }
    };
    let chains = terminal.chains();
    let Some(chain) = choose_chain(&refs, &chains) else {
        attempt.result = Err(format!(
            "no terminal chain for the chip's CVCA {}",
            refs.join(" / ")
        ));
        attempt.unsupported = true;
        return attempt;
    };
    attempt.terminal = chain.last().map(|c| c.body.chr.clone());
    attempt.cvca = chain.first().map(|c| c.body.car.clone());
    let anchors = terminal.anchors();
    let curve = match verify_chain(&anchors, chain, Validity::At(today)) {
        Ok(check) => {
            attempt.rights = Some(check.effective);
            check.curve
        }
        Err(ChainError::UnknownCvca { .. }) => {
            // The terminal does not hold its CVCA certificate: the chip alone decides.
            attempt.rights = chain.iter().map(|c| c.body.chat).reduce(|a, b| Chat {
                role: b.role,
                ..a.intersect(&b)
            });
            // Without the CVCA's domain parameters, brainpoolP256r1, the curve of the German
            // EAC PKI, carries the ephemeral key.
            Some(crate::crypto::curves::NamedCurve::BrainpoolP256r1)
        }
        Err(e) => {
            attempt.result = Err(format!("terminal chain not valid on {today}: {e}"));
            return attempt;
        }
    };
    let result = (|| -> Result<TaOutcome, TaError> {
        let curve =
            curve.ok_or_else(|| TaError::Input("chain without EC domain parameters".into()))?;
        let group = CaGroup::Ec(curve);
        let private = group
            .draw_private(rng)
            .map_err(|e| TaError::Input(format!("ephemeral key: {e}")))?;
        let public = group
            .public_key(&private)
            .map_err(|e| TaError::Input(format!("ephemeral key: {e}")))?;
        session.terminal_authentication(&TerminalAuthentication {
            chain,
            signer: terminal.signer,
            version: TaVersion::V2,
            id_picc: compress(&pace.chip_ephemeral_public),
            ephemeral_compressed: compress(&public),
            auxiliary_data: None,
        })
    })();
    attempt.result = result.map_err(|e| e.to_string());
    attempt
}

/// A terminal as the desk pipeline holds it: certificates, a shared key and the desk's date
/// for checking the chain (time is an input).
#[derive(Clone)]
pub struct TerminalCredentials {
    /// Every certificate the terminal holds (see [`Terminal::certificates`]).
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
