//! Terminal Authentication for `verify read --terminal-chain DIR --terminal-key FILE|pkcs11:…`:
//! loads the terminal's card-verifiable certificates and key, runs TA after PACE, and prints
//! its result and the report entry `chip.terminal_authentication`.

use idverify::chip::pace::PaceOutcome;
use idverify::chip::ta_run::{TaAttempt, Terminal, after_pace};
use idverify::chip::{CardChannel, ChipSession, SignerError, TerminalSigner};
use idverify::crypto::curves::NamedCurve;
use idverify::crypto::ecdsa_sign::EcdsaPrivateKey;
use idverify::crypto::signature::SignatureAlgorithm;
use idverify::pki::cvc::{CvCertificate, CvcDate, Role};
use idverify::verify::{
    CheckTime, DocumentInput, ProtocolOutcome, RuleId, TerminalAuthInput, Verifier, VerifierConfig,
};
use rand_core::CryptoRng;
use std::path::Path;

/// The terminal's certificates (`*.cvcert` and `*.cvc` in `dir`, by name) and its key, whose
/// algorithm the terminal certificate names.
pub fn load(
    dir: &Path,
    key: &str,
) -> Result<(Vec<CvCertificate>, Box<dyn TerminalSigner>), String> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cvcert" || x == "cvc"))
        .collect();
    paths.sort();
    let mut certs = Vec::new();
    for p in paths {
        let bytes = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        certs.push(CvCertificate::parse(&bytes).map_err(|e| format!("{}: {e}", p.display()))?);
    }
    let terminal = certs
        .iter()
        .find(|c| c.body.chat.role == Role::Terminal)
        .ok_or_else(|| format!("{}: no terminal certificate", dir.display()))?;
    let algorithm = terminal
        .body
        .public_key
        .algorithm
        .ok_or_else(|| format!("{}: unknown key algorithm", terminal.body.chr))?
        .signature_algorithm();
    let signer =
        open_terminal_key(key, algorithm, None).map_err(|e| format!("--terminal-key: {e}"))?;
    Ok((certs, signer))
}

/// Runs TA after PACE, prints the run and the report entry; returns the attempt.
pub fn run<C: CardChannel, R: CryptoRng + ?Sized>(
    session: &mut ChipSession<C>,
    pace: &PaceOutcome,
    certificates: Vec<CvCertificate>,
    signer: &dyn TerminalSigner,
    today: idverify::mrz::Date,
    rng: &mut R,
) -> TaAttempt {
    let terminal = Terminal {
        certificates,
        signer,
    };
    let date = CvcDate::new(today.year(), today.month(), today.day()).unwrap_or(CvcDate {
        year: 2000,
        month: 1,
        day: 1,
    });
    let attempt = after_pace(session, pace, &terminal, date, rng);
    match &attempt.result {
        Ok(o) => println!(
            "TA       v2 {} ({} certificates), {} APDUs",
            o.terminal,
            o.certificates.len(),
            o.apdus
        ),
        Err(e) => println!("TA       {e}"),
    }
    attempt
}

/// Prints the report entry for the attempt and the files the chip refused after it.
pub fn print_report_entry(attempt: &TaAttempt, refused: Vec<String>, today: idverify::mrz::Date) {
    let outcome = match (&attempt.result, attempt.unsupported) {
        (Ok(o), _) => ProtocolOutcome::Passed {
            detail: format!("TA v2, {} APDUs", o.apdus),
        },
        (Err(e), true) => ProtocolOutcome::Unsupported { reason: e.clone() },
        (Err(e), false) => ProtocolOutcome::Failed { reason: e.clone() },
    };
    let rights = match (&attempt.result, attempt.rights) {
        (Ok(_), Some(chat)) => chat.granted().iter().map(|r| r.name()).collect(),
        _ => Vec::new(),
    };
    let input = DocumentInput {
        terminal_authentication: Some(TerminalAuthInput {
            outcome,
            terminal: attempt.terminal.clone(),
            cvca: attempt.cvca.clone(),
            rights,
            refused,
        }),
        ..DocumentInput::default()
    };
    let verifier = Verifier::new(idverify::pki::TrustStore::new(), VerifierConfig::default());
    let report = verifier.verify(&input, CheckTime::from_date(today));
    if let Some(c) = report.check(RuleId::ChipTerminalAuthentication) {
        println!(
            "check    {} {:?}: {}",
            RuleId::ChipTerminalAuthentication.as_str(),
            c.status,
            c.message.en
        );
        for (k, v) in &c.evidence {
            println!("           {k}: {v}");
        }
    }
}

/// Opens `--terminal-key`: a PKCS#8 file with an EC key on a named curve.
fn open_terminal_key(
    spec: &str,
    algorithm: SignatureAlgorithm,
    _rng: Option<()>,
) -> Result<Box<dyn TerminalSigner>, SignerError> {
    let bytes =
        std::fs::read(spec).map_err(|e| SignerError::Unavailable(format!("{spec}: {e}")))?;
    let bad = || SignerError::Unsupported(format!("{spec}: not a PKCS#8 EC key"));
    let (info, _) = idverify::tlv::parse_one(&bytes).map_err(|_| bad())?;
    let parts: Vec<_> = info.children().map_while(Result::ok).collect();
    let (Some(alg), Some(key)) = (parts.get(1), parts.get(2)) else {
        return Err(bad());
    };
    let curve = alg
        .children()
        .map_while(Result::ok)
        .filter(|t| t.tag == 0x06)
        .find_map(|t| NamedCurve::from_oid(&dotted(t.value)))
        .ok_or_else(bad)?;
    let (ec, _) = idverify::tlv::parse_one(key.value).map_err(|_| bad())?;
    let scalar = ec
        .children()
        .map_while(Result::ok)
        .find(|t| t.tag == 0x04)
        .ok_or_else(bad)?;
    let key = EcdsaPrivateKey::from_scalar(curve, scalar.value)
        .map_err(|e| SignerError::Unsupported(e.to_string()))?;
    Ok(Box::new(FileKey {
        key,
        algorithm,
        name: spec.to_string(),
    }))
}

struct FileKey {
    key: EcdsaPrivateKey,
    algorithm: SignatureAlgorithm,
    name: String,
}

impl TerminalSigner for FileKey {
    fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignerError> {
        self.key
            .sign_digest(&self.algorithm.hash().digest(message))
            .map_err(|e| SignerError::Failed(e.to_string()))
    }
    fn describe(&self) -> String {
        format!("file {}", self.name)
    }
}

/// A dotted OID from its content octets (X.690 §8.19).
fn dotted(value: &[u8]) -> String {
    let mut arcs: Vec<u64> = Vec::new();
    let mut n = 0u64;
    for &b in value {
        n = (n << 7) | u64::from(b & 0x7F);
        if b & 0x80 == 0 {
            arcs.push(n);
            n = 0;
        }
    }
    let mut out = match arcs.first() {
        Some(&f) if f < 80 => format!("{}.{}", f / 40, f % 40),
        Some(&f) => format!("2.{}", f - 80),
        None => String::new(),
    };
    for a in arcs.iter().skip(1) {
        out.push_str(&format!(".{a}"));
    }
    out
}
