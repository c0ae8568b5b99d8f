//! Terminal Authentication as a reader runs it, version 2 after PACE or version 1 after BAC and
//! chip authentication: the terminal's chains loaded and pre-checked by the desk's date, the
//! chain for the chip's CVCA chosen, the ephemeral key for chip authentication (drawn for
//! version 2, taken from CA version 1 for version 1), and one result for the report.

use crate::chip::access::pace::PaceOutcome;
use crate::chip::auth::ca::group::CaGroup;
use crate::chip::auth::ca::v2::EphemeralKey;
use crate::chip::auth::ta::{
    TaError, TaOutcome, TaVersion, TerminalAuthentication, choose_chain, compress,
};
use crate::chip::{CardChannel, ChipSession};
use crate::crypto::curves::NamedCurve;
use crate::pki::cvc::{ChainError, Chat, CvCertificate, CvcDate, Role, Validity, verify_chain};
use crate::terminal::TerminalSigner;
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
    /// Version 2 that passed: the ephemeral key pair it committed to, which Chip
    /// Authentication version 2 must use.
    pub ephemeral: Option<EphemeralKey>,
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

/// The chain for the chip's CVCA (named in PACE's answer, else EF.CVCA), checked by `today`
/// where the terminal holds its CVCA: the chain and the curve of its keys, or the attempt as
/// it ends.
fn prepare<'t, C: CardChannel>(
    session: &mut ChipSession<C>,
    chains: &'t [Vec<CvCertificate>],
    terminal: &Terminal<'_>,
    today: CvcDate,
    attempt: &mut TaAttempt,
    pace: Option<&PaceOutcome>,
) -> Option<(&'t [CvCertificate], Option<NamedCurve>)> {
    let refs = match session.chip_cvca_references(pace) {
        Ok(r) => r,
        Err(e) => {
            attempt.result = Err(format!("EF.CVCA: {e}"));
            attempt.unsupported = true;
            return None;
        }
    };
    let Some(chain) = choose_chain(&refs, chains) else {
        attempt.result = Err(format!(
            "no terminal chain for the chip's CVCA {}",
            refs.join(" / ")
        ));
        attempt.unsupported = true;
        return None;
    };
    attempt.terminal = chain.last().map(|c| c.body.chr.clone());
    attempt.cvca = chain.first().map(|c| c.body.car.clone());
    let anchors = terminal.anchors();
    match verify_chain(&anchors, chain, Validity::At(today)) {
        Ok(check) => {
            attempt.rights = Some(check.effective);
            Some((chain, check.curve))
        }
        Err(ChainError::UnknownCvca { .. }) => {
            // The terminal does not hold its CVCA certificate: the chip alone decides.
            attempt.rights = chain.iter().map(|c| c.body.chat).reduce(|a, b| Chat {
                role: b.role,
                ..a.intersect(&b)
            });
            // Without the CVCA's domain parameters, brainpoolP256r1, the curve of the German
            // EAC PKI, stands in.
            Some((chain, Some(NamedCurve::BrainpoolP256r1)))
        }
        Err(e) => {
            attempt.result = Err(format!("terminal chain not valid on {today}: {e}"));
            None
        }
    }
}

fn new_attempt() -> TaAttempt {
    TaAttempt {
        result: Err(String::new()),
        unsupported: false,
        terminal: None,
        cvca: None,
        rights: None,
        ephemeral: None,
    }
}

/// Runs Terminal Authentication version 2 after PACE on `session`: takes the CVCA PACE's
/// answer names (else reads EF.CVCA), chooses the chain, checks it by `today` where the
/// terminal holds its CVCA (an expired chain is not sent), draws the ephemeral key for Chip Authentication version 2 and authenticates. The key
/// is drawn in `ca_domain`, the chip's CA domain parameters (EF.CardSecurity or DG14, BSI
/// TR-03110-3 §B.3), or on the chain's curve when they are unknown; on success the attempt
/// keeps it ([`TaAttempt::ephemeral`]) for [`super::ca_v2::chip_authentication_v2`].
pub fn after_pace<C: CardChannel, R: CryptoRng + ?Sized>(
    session: &mut ChipSession<C>,
    pace: &PaceOutcome,
    terminal: &Terminal<'_>,
    today: CvcDate,
    ca_domain: Option<CaGroup>,
    rng: &mut R,
) -> TaAttempt {
    let mut attempt = new_attempt();
    let chains = terminal.chains();
    let Some((chain, curve)) = prepare(session, &chains, terminal, today, &mut attempt, Some(pace))
    else {
        return attempt;
    };
    let result = (|| -> Result<(TaOutcome, EphemeralKey), TaError> {
        let group = match (ca_domain, curve) {
            (Some(g), _) => g,
            (None, Some(c)) => CaGroup::Ec(c),
            (None, None) => {
                return Err(TaError::Input("chain without EC domain parameters".into()));
            }
        };
        let key = EphemeralKey::draw(group, rng)
            .map_err(|e| TaError::Input(format!("ephemeral key: {e}")))?;
        let outcome = session.terminal_authentication(&TerminalAuthentication {
            chain,
            signer: terminal.signer,
            version: TaVersion::V2,
            id_picc: compress(&pace.chip_ephemeral_public),
            ephemeral_compressed: key.compressed(),
            auxiliary_data: None,
        })?;
        Ok((outcome, key))
    })();
    attempt.result = result
        .map(|(outcome, key)| {
            attempt.ephemeral = Some(key);
            outcome
        })
        .map_err(|e| e.to_string());
    attempt
}

/// Runs Terminal Authentication version 1 after BAC and a passed Chip Authentication version 1
/// (BSI TR-03110 v1.11 §3.2, TR-03110-3 §B.3): reads EF.CVCA, chooses and checks the chain
/// as [`after_pace`] does, and signs ID_PICC (`document_number`: the MRZ's document number
/// with its check digit) ‖ r_PICC ‖ Comp(`ca_ephemeral`), the terminal's ephemeral key of
/// that chip authentication.
pub fn after_chip_authentication<C: CardChannel>(
    session: &mut ChipSession<C>,
    document_number: &[u8],
    ca_ephemeral: &[u8],
    terminal: &Terminal<'_>,
    today: CvcDate,
) -> TaAttempt {
    let mut attempt = new_attempt();
    let chains = terminal.chains();
    let Some((chain, _)) = prepare(session, &chains, terminal, today, &mut attempt, None) else {
        return attempt;
    };
    attempt.result = session
        .terminal_authentication(&TerminalAuthentication {
            chain,
            signer: terminal.signer,
            version: TaVersion::V1,
            id_picc: document_number.to_vec(),
            ephemeral_compressed: compress(ca_ephemeral),
            auxiliary_data: None,
        })
        .map_err(|e| e.to_string());
    attempt
}
