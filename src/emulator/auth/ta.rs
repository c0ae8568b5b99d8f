//! The chip side of Terminal Authentication (BSI TR-03110-3 §2.5, §B.3, §B.11): trusted CVCAs,
//! certificate verification against the chip's current date, TA versions 1 and 2, and the
//! access rights the authenticated terminal holds for the ePassport data groups.

use crate::chip::auth::ta::compress;
use crate::chip::{FileId, StatusWord};
use crate::pki::cvc::{
    AccessRight, ChainError, Chat, CvCertificate, CvcDate, Role, TerminalType, Validity,
    verify_chain,
};
use crate::tlv;

/// What the chip trusts and knows for Terminal Authentication.
#[derive(Debug, Clone)]
pub struct TaSetup {
    /// The trusted CVCA certificates (trust points).
    pub anchors: Vec<CvCertificate>,
    /// The chip's current date (the newest effective date it has seen).
    pub chip_date: CvcDate,
    /// ID_PICC for version 1: the document number with its check digit, from the MRZ.
    pub document_number: Vec<u8>,
    /// Whether DG1, DG2 and the other ePassport data groups need TA too (the German ID card
    /// and residence permit); DG3 and DG4 always do.
    pub protect_all_data_groups: bool,
}

/// The terminal state after MSE:Set AT.
#[derive(Debug, Clone)]
struct Pending {
    terminal: CvCertificate,
    effective: Chat,
    chip_date: Option<CvcDate>,
    ephemeral: Option<Vec<u8>>,
    aux: Option<Vec<u8>>,
    curve: Option<crate::crypto::curves::NamedCurve>,
}

/// Terminal Authentication state of the emulated chip.
#[derive(Debug, Clone)]
pub(crate) struct ChipTa {
    setup: TaSetup,
    /// The key MSE:Set DST selected: `None` for none, the CHR otherwise.
    dst: Option<String>,
    /// Certificates verified since the trust point (DV, terminal), in order.
    path: Vec<CvCertificate>,
    pending: Option<Pending>,
    challenge: Option<[u8; 8]>,
    chained: Vec<u8>,
    /// The rights granted by a successful TA in this session.
    granted: Option<Chat>,
    /// Comp(PK_IC) of the last PACE run (ID_PICC for version 2).
    pace_id: Option<Vec<u8>>,
    /// Comp(PK_PCD) of the last chip authentication (version 1).
    ca_ephemeral: Option<Vec<u8>>,
    /// Comp(PK_PCD) a successful TA version 2 committed to: the key Chip Authentication
    /// version 2 must bring (BSI TR-03110-3 §B.3).
    ca_commitment: Option<Vec<u8>>,
    /// Whether EF.CVCA is the current file.
    pub(crate) cvca_selected: bool,
}

impl ChipTa {
    pub(crate) fn new(setup: TaSetup) -> Self {
        ChipTa {
            setup,
            dst: None,
            path: Vec::new(),
            pending: None,
            challenge: None,
            chained: Vec::new(),
            granted: None,
            pace_id: None,
            ca_ephemeral: None,
            ca_commitment: None,
            cvca_selected: false,
        }
    }

    /// A new session (reset, new PACE or BAC): rights and temporary certificates go.
    pub(crate) fn reset(&mut self) {
        self.dst = None;
        self.path.clear();
        self.pending = None;
        self.challenge = None;
        self.chained.clear();
        self.granted = None;
        self.ca_commitment = None;
        self.cvca_selected = false;
    }

    /// Notes the chip's ephemeral key from a PACE key-agreement answer 7C { 84 PK_IC }.
    pub(crate) fn note_pace_answer(&mut self, answer: &[u8]) {
        if let Ok((outer, _)) = tlv::parse_one(answer)
            && outer.tag == 0x7C
            && let Some(pk) = outer.find(0x84)
        {
            self.reset();
            self.pace_id = Some(compress(pk.value));
        }
    }

    /// Notes the terminal's ephemeral key from chip authentication (DO'91' of MSE:Set KAT or
    /// DO'80' inside GENERAL AUTHENTICATE's 7C).
    pub(crate) fn note_ca_command(&mut self, data: &[u8]) {
        let key = tlv::TlvIter::new(data)
            .map_while(Result::ok)
            .find_map(|t| match t.tag {
                0x91 => Some(t.value.to_vec()),
                0x7C => t.find(0x80).map(|k| k.value.to_vec()),
                _ => None,
            });
        if let Some(k) = key {
            self.ca_ephemeral = Some(compress(&k));
        }
    }

    /// The compressed ephemeral key the last successful TA version 2 committed to, taken:
    /// one chip authentication per Terminal Authentication.
    pub(crate) fn take_ca_commitment(&mut self) -> Option<Vec<u8>> {
        self.ca_commitment.take()
    }

    /// EF.CVCA (BSI TR-03110-3 §A.1.2.7): the CHRs of up to two trusted CVCAs, newest first,
    /// each as DO'42', zero-padded to 36 bytes.
    pub(crate) fn ef_cvca(&self) -> Vec<u8> {
        let mut out: Vec<u8> = self
            .setup
            .anchors
            .iter()
            .rev()
            .take(2)
            .flat_map(|a| tlv::tlv(0x42, a.body.chr.as_bytes()))
            .collect();
        if out.len() < 36 {
            out.resize(36, 0);
        }
        out
    }

    /// MSE:Set DST: select the public key named by DO'83'.
    pub(crate) fn set_dst(&mut self, data: &[u8]) -> StatusWord {
        let Some(car) = find(data, 0x83) else {
            return StatusWord(0x6A80);
        };
        let car: String = car.iter().map(|&b| char::from(b)).collect();
        if self.setup.anchors.iter().any(|a| a.body.chr == car) {
            self.path.clear();
        } else if self.path.last().is_none_or(|c| c.body.chr != car) {
            self.dst = None;
            return StatusWord(0x6A88);
        }
        self.dst = Some(car);
        self.pending = None;
        StatusWord::SUCCESS
    }

    /// PSO:Verify Certificate, possibly command-chained (CLA b5).
    pub(crate) fn verify_certificate(&mut self, data: &[u8], more: bool) -> StatusWord {
        self.chained.extend_from_slice(data);
        if more {
            return StatusWord::SUCCESS;
        }
        let data = std::mem::take(&mut self.chained);
        let Some(dst) = self.dst.take() else {
            return StatusWord(0x6985);
        };
        let mut wrapped = Vec::new();
        tlv::write_tlv(0x7F21, &data, &mut wrapped);
        let Ok(cert) = CvCertificate::parse(&wrapped) else {
            return StatusWord(0x6A80);
        };
        if cert.body.car != dst {
            return StatusWord(0x6A80);
        }
        let mut chain = self.path.clone();
        chain.push(cert.clone());
        match verify_chain(
            &self.setup.anchors,
            &chain,
            Validity::ChipDate(self.setup.chip_date),
        ) {
            Ok(check) => {
                if let Some(d) = check.chip_date {
                    self.setup.chip_date = d;
                }
                if cert.body.chat.role == Role::Cvca {
                    // A link certificate: the new CVCA becomes a trust point (§2.5.3).
                    self.setup.anchors.push(cert);
                    self.path.clear();
                } else {
                    self.path = chain;
                }
                StatusWord::SUCCESS
            }
            Err(ChainError::UnknownCvca { .. }) => StatusWord(0x6A88),
            Err(_) => StatusWord(0x6300),
        }
    }

    /// MSE:Set AT for TA: DO'83' must name the terminal certificate just verified.
    pub(crate) fn set_at(&mut self, data: &[u8]) -> StatusWord {
        let Some(chr) = find(data, 0x83) else {
            return StatusWord(0x6A80);
        };
        let Some(terminal) = self
            .path
            .last()
            .filter(|c| c.body.chr.as_bytes() == chr && c.body.chat.role == Role::Terminal)
        else {
            return StatusWord(0x6A88);
        };
        let Ok(check) = verify_chain(
            &self.setup.anchors,
            &self.path,
            Validity::ChipDate(self.setup.chip_date),
        ) else {
            return StatusWord(0x6A88);
        };
        self.pending = Some(Pending {
            terminal: terminal.clone(),
            effective: check.effective,
            chip_date: check.chip_date,
            ephemeral: find(data, 0x91).map(<[u8]>::to_vec),
            aux: find(data, 0x67).map(|v| tlv::tlv(0x67, v)),
            curve: check.curve,
        });
        self.challenge = None;
        StatusWord::SUCCESS
    }

    /// Whether GET CHALLENGE belongs to TA (after its MSE:Set AT).
    pub(crate) fn wants_challenge(&self) -> bool {
        self.pending.is_some()
    }

    pub(crate) fn set_challenge(&mut self, challenge: [u8; 8]) {
        self.challenge = Some(challenge);
    }

    /// EXTERNAL AUTHENTICATE: checks the terminal's signature; grants its rights on success.
    pub(crate) fn external_authenticate(&mut self, signature: &[u8]) -> StatusWord {
        let (Some(p), Some(challenge)) = (self.pending.take(), self.challenge.take()) else {
            return StatusWord(0x6985);
        };
        let (id, ephemeral) = match &p.ephemeral {
            Some(e) => (self.pace_id.clone(), Some(e.clone())),
            None => (
                Some(self.setup.document_number.clone()),
                self.ca_ephemeral.clone(),
            ),
        };
        let (Some(mut message), Some(ephemeral)) = (id, ephemeral) else {
            return StatusWord(0x6985);
        };
        message.extend_from_slice(&challenge);
        message.extend_from_slice(&ephemeral);
        if p.ephemeral.is_some()
            && let Some(aux) = &p.aux
        {
            message.extend_from_slice(aux);
        }
        let Some(alg) = p.terminal.body.public_key.algorithm else {
            return StatusWord(0x6300);
        };
        let key = p.terminal.body.public_key.to_public_key(p.curve);
        match crate::crypto::signature::verify(
            &key,
            &alg.signature_algorithm(),
            &message,
            signature,
        ) {
            Ok(()) => {
                if let Some(d) = p.chip_date {
                    self.setup.chip_date = d;
                }
                self.granted = Some(p.effective);
                self.ca_commitment = p.ephemeral;
                StatusWord::SUCCESS
            }
            Err(_) => StatusWord(0x6300),
        }
    }

    /// Whether reading `file` is allowed in this session: DG3 and DG4 need an inspection
    /// system with the right; with `protect_all_data_groups` every data group needs TA by
    /// an inspection system (EF.COM, EF.SOD, EF.CVCA and DG14 stay open for CA and PA).
    pub(crate) fn may_read(&self, file: FileId) -> bool {
        let right = match file {
            FileId::Dg3 => Some(AccessRight::ReadDg3),
            FileId::Dg4 => Some(AccessRight::ReadDg4),
            _ => None,
        };
        let is = self
            .granted
            .filter(|c| c.terminal_type == TerminalType::InspectionSystem);
        match right {
            Some(r) => is.is_some_and(|c| c.grants(r)),
            None => {
                let open = matches!(
                    file,
                    FileId::Com
                        | FileId::Sod
                        | FileId::Dg14
                        | FileId::CardAccess
                        | FileId::CardSecurity
                );
                open || !self.setup.protect_all_data_groups || is.is_some()
            }
        }
    }

    /// Whether reading eID data group `n` is allowed in this session: only after TA by an
    /// inspection system (which may read every eID data group) or by an authentication terminal
    /// whose effective CHAT grants it (BSI TR-03110-4 §2.2.2, TR-03110-3 §C.4.2).
    pub(crate) fn may_read_eid(&self, n: u8) -> bool {
        self.granted.is_some_and(|c| c.reads_eid_dg(n))
    }

    /// The chip's current date.
    pub(crate) fn chip_date(&self) -> CvcDate {
        self.setup.chip_date
    }
}

fn find(data: &[u8], tag: u32) -> Option<&[u8]> {
    tlv::TlvIter::new(data)
        .map_while(Result::ok)
        .find(|t| t.tag == tag)
        .map(|t| t.value)
}
