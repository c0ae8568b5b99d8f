//! Terminal Authentication, terminal side (BSI TR-03110-3 §B.3 and §B.11; version 1 after
//! BAC and chip authentication, version 2 after PACE): the chain chosen by the chip's CVCA,
//! MSE:Set DST + PSO:Verify Certificate per certificate, MSE:Set AT, GET CHALLENGE and
//! EXTERNAL AUTHENTICATE with the terminal's signature through a [`TerminalSigner`].

pub mod run;
#[cfg(test)]
mod worked_example;

use crate::chip::access::pace::PaceOutcome;
use crate::chip::transport::apdu::CommandApdu;
use crate::chip::{CardChannel, ChipError, ChipSession, StatusWord};
use crate::pki::cvc::CvCertificate;
use crate::terminal::{SignerError, TerminalSigner};
use crate::tlv;

/// Which version of Terminal Authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum TaVersion {
    /// Version 1 (EAC 1.11): after BAC and chip authentication version 1; MSE:Set AT names
    /// only the terminal's certificate.
    V1,
    /// Version 2: after PACE; MSE:Set AT carries the terminal's compressed ephemeral key for
    /// the chip authentication that follows.
    V2,
}

/// Why Terminal Authentication did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TaError {
    /// The channel or secure messaging failed.
    #[error(transparent)]
    Chip(#[from] ChipError),
    /// The chip refused a step (e.g. 6A88 for an unknown CAR, 6300 for a bad signature).
    #[error("the chip refused {step}: {sw}")]
    Refused {
        /// The command, and the certificate it carried.
        step: String,
        /// The chip's status word.
        sw: StatusWord,
    },
    /// The terminal's key could not sign.
    #[error(transparent)]
    Signer(#[from] SignerError),
    /// None of the chains starts at a CVCA the chip names.
    #[error("no terminal chain for the chip's CVCA {0}")]
    NoChain(String),
    /// Inputs that cannot make a valid protocol run.
    #[error("{0}")]
    Input(String),
}

/// What one Terminal Authentication needs.
pub struct TerminalAuthentication<'a> {
    /// The certificates to send: from the one the chip's CVCA signed (link certificates
    /// first) to the terminal's.
    pub chain: &'a [CvCertificate],
    /// The terminal's private key (matching the last certificate).
    pub signer: &'a dyn TerminalSigner,
    /// Version 1 or 2.
    pub version: TaVersion,
    /// ID_PICC: version 2 the compressed PACE ephemeral key of the chip (Comp(PK_IC)),
    /// version 1 the document number with its check digit.
    pub id_picc: Vec<u8>,
    /// Comp(PK_PCD): the compressed ephemeral key of the terminal's chip authentication
    /// (sent in MSE:Set AT for version 2, from chip authentication version 1 for version 1).
    pub ephemeral_compressed: Vec<u8>,
    /// The value of DO'67' auxiliary authenticated data (version 2 only), when used.
    pub auxiliary_data: Option<Vec<u8>>,
}

/// What a successful run did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TaOutcome {
    /// The version run.
    pub version: TaVersion,
    /// CHRs of the certificates the chip verified, in order.
    pub certificates: Vec<String>,
    /// The terminal's CHR.
    pub terminal: String,
    /// Command APDUs the run took (secure messaging included).
    pub apdus: usize,
}

/// Comp(PK) (BSI TR-03110-3 §A.2.2.3): for an EC key, an uncompressed SEC1 point 04‖X‖Y,
/// the x-coordinate X; for a DH key, the public value y (any other input), SHA-1(y).
pub fn compress(public: &[u8]) -> Vec<u8> {
    match public.split_first() {
        Some((4, xy)) if xy.len() % 2 == 0 => xy.get(..xy.len() / 2).unwrap_or_default().to_vec(),
        _ => crate::crypto::hash::HashAlgorithm::Sha1.digest(public),
    }
}

/// MSE:Set DST (BSI TR-03110-3 §B.11.1.2): 0022 81B6 with DO'83' the CAR of the certificate
/// that follows.
pub fn mse_set_dst(car: &str) -> CommandApdu {
    CommandApdu::new(0x00, 0x22, 0x81, 0xB6).with_data(tlv::tlv(0x83, car.as_bytes()))
}

/// PSO:Verify Certificate (BSI TR-03110-3 §B.11.5): 002A 00BE with the body DO'7F4E' and the
/// signature DO'5F37'.
pub fn pso_verify_certificate(cert: &CvCertificate) -> CommandApdu {
    let mut data = cert.body_raw.clone();
    data.extend(cert.signature_object());
    CommandApdu::new(0x00, 0x2A, 0x00, 0xBE).with_data(data)
}

/// MSE:Set AT for Terminal Authentication (BSI TR-03110-3 §B.11.1.1): 0022 81A4 with DO'80'
/// the protocol OID (version 2), DO'83' the terminal's CHR, DO'67' auxiliary data and DO'91'
/// the compressed ephemeral key (version 2).
pub fn mse_set_at(ta: &TerminalAuthentication<'_>, terminal_chr: &str, oid: &str) -> CommandApdu {
    let mut data = Vec::new();
    if ta.version == TaVersion::V2
        && let Some(oid) = crate::lds::der::oid_from_string(oid)
    {
        data.extend(tlv::tlv(0x80, &oid));
    }
    data.extend(tlv::tlv(0x83, terminal_chr.as_bytes()));
    if ta.version == TaVersion::V2 {
        if let Some(aux) = &ta.auxiliary_data {
            data.extend(tlv::tlv(0x67, aux));
        }
        data.extend(tlv::tlv(0x91, &ta.ephemeral_compressed));
    }
    CommandApdu::new(0x00, 0x22, 0x81, 0xA4).with_data(data)
}

/// GET CHALLENGE for eight bytes (ISO/IEC 7816-4 §11.5.3).
pub fn get_challenge() -> CommandApdu {
    CommandApdu::new(0x00, 0x84, 0x00, 0x00).with_le(8)
}

/// The message the terminal signs (BSI TR-03110-3 §B.3 step 4): ID_PICC ‖ r_PICC ‖
/// Comp(PK_PCD) ‖ auxiliary data (version 2: the DO'67' as sent).
pub fn signed_message(ta: &TerminalAuthentication<'_>, challenge: &[u8]) -> Vec<u8> {
    let mut m = ta.id_picc.clone();
    m.extend_from_slice(challenge);
    m.extend_from_slice(&ta.ephemeral_compressed);
    if ta.version == TaVersion::V2
        && let Some(aux) = &ta.auxiliary_data
    {
        m.extend(tlv::tlv(0x67, aux));
    }
    m
}

/// EXTERNAL AUTHENTICATE (BSI TR-03110-3 §B.11.6) with the terminal's signature.
pub fn external_authenticate(signature: Vec<u8>) -> CommandApdu {
    CommandApdu::new(0x00, 0x82, 0x00, 0x00).with_data(signature)
}

/// The CVCA references in EF.CVCA (BSI TR-03110-3 §A.1.2.7): up to two DO'42', padded with
/// zero bytes.
pub fn cvca_references(ef_cvca: &[u8]) -> Vec<String> {
    tlv::TlvIter::new(ef_cvca)
        .map_while(Result::ok)
        .filter(|t| t.tag == 0x42 && !t.value.is_empty())
        .map(|t| t.value.iter().map(|&b| char::from(b)).collect())
        .collect()
}

/// The first chain holding a certificate a CVCA in `references` signed, from the last such
/// certificate on: link certificates to CVCAs the chip already trusts are not sent again.
pub fn choose_chain<'c>(
    references: &[String],
    chains: &'c [Vec<CvCertificate>],
) -> Option<&'c [CvCertificate]> {
    chains.iter().find_map(|chain| {
        let start = chain
            .iter()
            .rposition(|c| references.contains(&c.body.car))?;
        chain.get(start..)
    })
}

impl<C: CardChannel> ChipSession<C> {
    /// The CVCAs the chip trusts, for [`choose_chain`]: those `pace` names from the chip's
    /// last PACE answer (DO'87', DO'88'; no command sent), else EF.CVCA as
    /// [`Self::read_cvca_references`] reads it.
    pub fn chip_cvca_references(
        &mut self,
        pace: Option<&PaceOutcome>,
    ) -> Result<Vec<String>, TaError> {
        match pace {
            Some(p) if !p.cvca_references.is_empty() => Ok(p.cvca_references.clone()),
            _ => self.read_cvca_references(),
        }
    }

    /// Reads EF.CVCA (file 011C in the eMRTD application, which must be selected) and returns
    /// the CVCA references it lists.
    pub fn read_cvca_references(&mut self) -> Result<Vec<String>, TaError> {
        let select = CommandApdu::new(0x00, 0xA4, 0x02, 0x0C).with_data(vec![0x01, 0x1C]);
        let r = self.exchange(&select)?;
        refused_unless_ok(&r.sw, || "SELECT EF.CVCA".into())?;
        // EF.CVCA is at most 36 bytes (two references, TR-03110-3 §A.1.2.7): the whole file.
        let r = self.exchange(&CommandApdu::new(0x00, 0xB0, 0x00, 0x00).with_max_le())?;
        if !(r.sw.is_success() || r.sw == StatusWord::END_OF_FILE) {
            return Err(TaError::Refused {
                step: "READ BINARY EF.CVCA".into(),
                sw: r.sw,
            });
        }
        Ok(cvca_references(&r.data))
    }

    /// Runs Terminal Authentication: every certificate of the chain, then the terminal's
    /// proof over the chip's challenge. On success the chip grants the chain's effective
    /// rights for the rest of the session.
    pub fn terminal_authentication(
        &mut self,
        ta: &TerminalAuthentication<'_>,
    ) -> Result<TaOutcome, TaError> {
        let before = self.counters();
        let terminal = ta
            .chain
            .last()
            .ok_or_else(|| TaError::Input("empty certificate chain".into()))?;
        let algorithm = terminal.body.public_key.algorithm.ok_or_else(|| {
            TaError::Input(format!(
                "terminal key algorithm {} unknown",
                terminal.body.public_key.oid
            ))
        })?;
        if ta.signer.algorithm() != algorithm.signature_algorithm() {
            return Err(TaError::Input(format!(
                "the key signs {}, the terminal certificate requires {}",
                ta.signer.algorithm().describe(),
                algorithm.signature_algorithm().describe()
            )));
        }
        let mut certificates = Vec::new();
        for cert in ta.chain {
            let r = self.exchange(&mse_set_dst(&cert.body.car))?;
            refused_unless_ok(&r.sw, || format!("MSE:Set DST {}", cert.body.car))?;
            let cmd = pso_verify_certificate(cert);
            let r = self.exchange(&cmd)?;
            refused_unless_ok(&r.sw, || {
                format!("PSO:Verify Certificate {}", cert.body.chr)
            })?;
            certificates.push(cert.body.chr.clone());
        }
        let r = self.exchange(&mse_set_at(
            ta,
            &terminal.body.chr,
            &terminal.body.public_key.oid,
        ))?;
        refused_unless_ok(&r.sw, || format!("MSE:Set AT {}", terminal.body.chr))?;
        let r = self.exchange(&get_challenge())?;
        refused_unless_ok(&r.sw, || "GET CHALLENGE".into())?;
        if r.data.len() != 8 {
            return Err(TaError::Input(format!(
                "GET CHALLENGE returned {} bytes, not 8",
                r.data.len()
            )));
        }
        let signature = ta.signer.sign(&signed_message(ta, &r.data))?;
        let r = self.exchange(&external_authenticate(signature))?;
        refused_unless_ok(&r.sw, || "EXTERNAL AUTHENTICATE".into())?;
        Ok(TaOutcome {
            version: ta.version,
            certificates,
            terminal: terminal.body.chr.clone(),
            apdus: self.counters().since(&before).apdus,
        })
    }
}

fn refused_unless_ok(sw: &StatusWord, step: impl FnOnce() -> String) -> Result<(), TaError> {
    if sw.is_success() {
        Ok(())
    } else {
        Err(TaError::Refused {
            step: step(),
            sw: *sw,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::cvc::testing::{TestChain, TestTerminalKey};

    #[test]
    fn commands_and_signed_message_follow_tr_03110() {
        assert_eq!(
            mse_set_dst("DETCVCA").encode().unwrap(),
            [
                0x00, 0x22, 0x81, 0xB6, 0x09, 0x83, 0x07, b'D', b'E', b'T', b'C', b'V', b'C', b'A'
            ]
        );
        let (chain, terminal) = TestChain::Valid.build();
        let pso = pso_verify_certificate(&chain[1]);
        assert_eq!((pso.ins, pso.p1, pso.p2), (0x2A, 0x00, 0xBE));
        assert!(pso.data.starts_with(&[0x7F, 0x4E]));
        assert!(pso.data.ends_with(&chain[1].signature));
        let key = TestTerminalKey::new(&terminal);
        let mut ta = TerminalAuthentication {
            chain: &chain,
            signer: &key,
            version: TaVersion::V2,
            id_picc: vec![0xA1; 4],
            ephemeral_compressed: vec![0xE1; 3],
            auxiliary_data: Some(vec![0x73, 0x00]),
        };
        let at = mse_set_at(&ta, "DETIS0000001", "0.4.0.127.0.7.2.2.2.2.3");
        let mut want = vec![
            0x80, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x02, 0x02, 0x03,
        ];
        want.extend([0x83, 0x0C]);
        want.extend(b"DETIS0000001");
        want.extend([0x67, 0x02, 0x73, 0x00, 0x91, 0x03, 0xE1, 0xE1, 0xE1]);
        assert_eq!((at.p1, at.p2, at.data.clone()), (0x81, 0xA4, want));
        assert_eq!(
            signed_message(&ta, &[0xC0; 8]),
            [
                &[0xA1; 4][..],
                &[0xC0; 8],
                &[0xE1; 3],
                &[0x67, 0x02, 0x73, 0x00]
            ]
            .concat()
        );
        // Version 1: only the CHR in MSE:Set AT, no auxiliary data in the message.
        ta.version = TaVersion::V1;
        let at = mse_set_at(&ta, "DETIS0000001", "0.4.0.127.0.7.2.2.2.2.3");
        assert_eq!(at.data, [&[0x83, 0x0C][..], b"DETIS0000001"].concat());
        assert_eq!(signed_message(&ta, &[0xC0; 8]).len(), 4 + 8 + 3);
        assert_eq!(
            get_challenge().encode().unwrap(),
            [0x00, 0x84, 0x00, 0x00, 0x08]
        );
        assert_eq!(
            external_authenticate(vec![1, 2]).encode().unwrap(),
            [0x00, 0x82, 0x00, 0x00, 0x02, 1, 2]
        );
    }

    #[test]
    fn ef_cvca_and_chain_choice() {
        let mut ef = crate::tlv::tlv(0x42, b"DETCVCAIS0002");
        ef.extend(crate::tlv::tlv(0x42, b"DETCVCAIS0001"));
        ef.resize(36, 0);
        let refs = cvca_references(&ef);
        assert_eq!(refs, ["DETCVCAIS0002", "DETCVCAIS0001"]);
        assert!(cvca_references(&[0u8; 36]).is_empty());
        assert!(cvca_references(&[0x42, 0x20, 1]).is_empty());
        let chains = vec![TestChain::Foreign.build().0, TestChain::ViaLink.build().0];
        // The chip already knows the new CVCA: the link certificate is skipped.
        let chosen = choose_chain(&refs, &chains).unwrap();
        assert_eq!(chosen.len(), 2);
        assert_eq!(chosen[0].body.car, "DETCVCAIS0002");
        // A chip that knows only the old CVCA gets the link certificate too.
        let old = ["DETCVCAIS0001".to_string()];
        assert_eq!(choose_chain(&old, &chains).unwrap().len(), 3);
        assert!(choose_chain(&["XX".to_string()], &chains).is_none());
        assert_eq!(compress(&[4, 1, 2, 3, 4]), [1, 2]);
        // A DH value (not 04‖X‖Y): its SHA-1.
        assert_eq!(
            compress(&[2, 1, 2]),
            crate::crypto::hash::HashAlgorithm::Sha1.digest(&[2, 1, 2])
        );
    }
}
