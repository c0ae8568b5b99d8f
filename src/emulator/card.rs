//! The software eMRTD chip: takes raw command APDUs and answers like a chip would — SELECT,
//! GET CHALLENGE, EXTERNAL AUTHENTICATE (BAC), READ BINARY (B0 by offset or SFI, B1 with
//! DO'54') — under secure messaging, within its configured limits and misbehaviour.

use crate::chip::auth::ta::cvca_references;
use crate::chip::transport::sm::{SessionKeys, Ssc};
use crate::chip::{CardChannel, ChannelError, CommandApdu, EMRTD_AID, FileId, StatusWord};
use crate::emulator::access::bac;
use crate::emulator::access::pace::{ChipPace, PaceSetup};
use crate::emulator::auth::ChipAuth;
use crate::emulator::auth::ta::{ChipTa, TaSetup};
use crate::emulator::config::{ChipConfig, Misbehaviour};
use crate::emulator::eid::ChipEid;
use crate::emulator::rng::Generator;
use crate::emulator::transport::lengths::{
    Assembled, LengthOutcome, LengthRecord, Lengths, fit, fit_protected,
};
use crate::emulator::transport::sm::ChipSm;
use crate::tlv;
use std::collections::BTreeMap;
use zeroize::Zeroizing;

/// KEnc and KMAC of BAC.
type BasicAccessKeys = (Zeroizing<Vec<u8>>, Zeroizing<Vec<u8>>);

/// A software eMRTD chip serving LDS files with BAC and 3DES or AES secure messaging.
#[derive(Debug)]
pub struct EmulatedChip {
    config: ChipConfig,
    files: BTreeMap<FileId, Vec<u8>>,
    bac_keys: Option<BasicAccessKeys>,
    pace: Option<ChipPace>,
    rng: Generator,
    app_selected: bool,
    current: Option<FileId>,
    challenge: Option<[u8; 8]>,
    sm: Option<ChipSm>,
    apdus: usize,
    removed: bool,
    auth: ChipAuth,
    /// Terminal Authentication and the access rights it grants, when enabled.
    ta: Option<ChipTa>,
    /// Which protocol the last MSE:Set AT chose for GENERAL AUTHENTICATE.
    general_authenticate_for: AuthProtocol,
    /// The German eID application, when the chip has one.
    eid: ChipEid,
    /// Command chains, GET RESPONSE and the log of answers against Ne.
    lengths: Lengths,
}

/// The protocols whose steps run through GENERAL AUTHENTICATE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AuthProtocol {
    Pace,
    ChipAuthentication,
}

/// What one command produced before secure messaging wraps it.
struct Answer {
    data: Vec<u8>,
    sw: StatusWord,
    /// Set by EXTERNAL AUTHENTICATE: SM starts after this (plain) answer.
    start_sm: Option<ChipSm>,
}

impl Answer {
    fn sw(sw: StatusWord) -> Self {
        Answer {
            data: Vec::new(),
            sw,
            start_sm: None,
        }
    }

    fn ok(data: Vec<u8>) -> Self {
        Answer {
            data,
            sw: StatusWord::SUCCESS,
            start_sm: None,
        }
    }
}

impl EmulatedChip {
    /// A chip with no files yet; `seed` drives its randomness (RND.IC, K.IC).
    pub fn new(config: ChipConfig, seed: [u8; 32]) -> Self {
        EmulatedChip {
            config,
            files: BTreeMap::new(),
            bac_keys: None,
            pace: None,
            rng: Generator::new(seed),
            app_selected: false,
            current: None,
            challenge: None,
            sm: None,
            apdus: 0,
            removed: false,
            auth: ChipAuth::default(),
            ta: None,
            general_authenticate_for: AuthProtocol::Pace,
            eid: ChipEid::default(),
            lengths: Lengths::default(),
        }
    }

    /// Serves the German eID application (BSI TR-03110-4 §3.1) with data groups
    /// `(n, bytes)`; each is read only after Terminal Authentication whose effective rights
    /// grant it (6982 otherwise).
    pub fn with_eid_files(mut self, files: impl IntoIterator<Item = (u8, Vec<u8>)>) -> Self {
        for (n, bytes) in files {
            self.eid.insert(n, bytes);
        }
        self
    }

    /// The bytes served as eID DG`n`.
    pub fn eid_file(&self, n: u8) -> Option<&[u8]> {
        self.eid.file(n)
    }

    /// Serves `bytes` as `file`.
    pub fn with_file(mut self, file: FileId, bytes: Vec<u8>) -> Self {
        self.files.insert(file, bytes);
        self
    }

    /// Serves every `(file, bytes)` pair.
    pub fn with_files(mut self, files: impl IntoIterator<Item = (FileId, Vec<u8>)>) -> Self {
        self.files.extend(files);
        self
    }

    /// Serves `bytes` as `file`, replacing what was there.
    pub fn set_file(&mut self, file: FileId, bytes: Vec<u8>) {
        self.files.insert(file, bytes);
    }

    /// The bytes served as `file`.
    pub fn file(&self, file: FileId) -> Option<&[u8]> {
        self.files.get(&file).map(Vec::as_slice)
    }

    /// Every file served, in [`FileId`] order.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &[u8])> {
        self.files.iter().map(|(k, v)| (*k, v.as_slice()))
    }

    /// Enables BAC with the document's MRZ information (document number, date of birth,
    /// date of expiry, each with its check digit).
    pub fn with_bac(mut self, mrz_information: &[u8]) -> Self {
        self.bac_keys = Some(crate::chip::access::bac::basic_access_keys(mrz_information));
        self
    }

    /// Enables PACE with `choice` and the passwords the chip knows (MRZ information, CAN);
    /// serves an EF.CardAccess with that PACEInfo (set another one afterwards if needed). For Chip Authentication
    /// Mapping the chip draws a static key pair ([`Self::chip_authentication_public_key`]).
    pub fn with_pace(
        mut self,
        choice: crate::chip::access::pace::PaceChoice,
        passwords: Vec<crate::chip::access::pace::PacePassword>,
    ) -> Self {
        {
            let infos = crate::lds::SecurityInfos {
                infos: vec![crate::lds::SecurityInfo::Pace {
                    protocol: choice.protocol.oid.clone(),
                    version: 2,
                    parameter_id: choice.parameter_id,
                }],
            };
            self.files.insert(FileId::CardAccess, infos.encode());
        }
        let cam = choice.protocol.mapping == crate::chip::access::pace::Mapping::ChipAuthentication;
        self.pace = ChipPace::new(PaceSetup {
            choice,
            passwords,
            ca_key: None,
            cloned_ca_key: None,
            retries: 3,
        });
        if cam && let Some(p) = self.pace.as_mut() {
            p.make_ca_key(&mut self.rng);
            if let Some(infos) = p.card_security_infos() {
                self.files.insert(
                    FileId::CardSecurity,
                    crate::emulator::test_pki::sign_card_security(&infos),
                );
            }
        }
        self
    }

    /// Announces the PACE domain parameters explicitly instead of by standardized id:
    /// EF.CardAccess gets the PACEInfo with the proprietary parameter id `id` (32 or more) and
    /// a PACEDomainParameterInfo with the explicit ECParameters or DH DomainParameters
    /// (BSI TR-03110-3 §A.1.1.1); MSE:Set AT then has to name `id`. Call after
    /// [`Self::with_pace`].
    pub fn with_explicit_domain_parameters(mut self, id: u64) -> Self {
        if let Some(infos) = self.pace.as_mut().and_then(|p| p.explicit_card_access(id)) {
            self.files.insert(FileId::CardAccess, infos.encode());
        }
        self
    }

    /// The static chip-authentication public key PACE-CAM proves, as the served
    /// EF.CardSecurity (signed with the test PKI, [`crate::emulator::test_pki`]) carries it.
    pub fn chip_authentication_public_key(&self) -> Option<&[u8]> {
        self.pace
            .as_ref()
            .and_then(|p| p.setup.ca_key.as_ref())
            .map(|(_, pk)| pk.as_slice())
    }

    /// Answers Chip Authentication with this private key in `group` (a curve, or MODP
    /// domain parameters) for a protocol with `cipher` (the public key belongs in DG14).
    pub fn with_chip_authentication(
        mut self,
        group: impl Into<crate::chip::auth::ca::group::CaGroup>,
        private: &[u8],
        cipher: crate::crypto::symmetric::Cipher,
    ) -> Self {
        self.auth.ca = Some((group.into(), Zeroizing::new(private.to_vec()), cipher));
        self
    }

    /// Answers Chip Authentication version 2 only (BSI TR-03110-3 §B.3), as the German ID
    /// card and residence permit do: like [`Self::with_chip_authentication`], but GENERAL
    /// AUTHENTICATE needs a successful Terminal Authentication version 2 with the same
    /// ephemeral key and answers a nonce and an authentication token.
    pub fn with_chip_authentication_v2(
        self,
        group: impl Into<crate::chip::auth::ca::group::CaGroup>,
        private: &[u8],
        cipher: crate::crypto::symmetric::Cipher,
    ) -> Self {
        let mut chip = self.with_chip_authentication(group, private, cipher);
        chip.auth.version2 = true;
        chip
    }

    /// Answers Active Authentication with this RSA key (the public key belongs in DG15),
    /// signing with `hash` (SHA-1 with trailer BC, SHA-2 with the explicit trailer).
    pub fn with_active_authentication(
        mut self,
        signer: crate::crypto::iso9796_2::Iso9796Signer,
        hash: crate::crypto::hash::HashAlgorithm,
    ) -> Self {
        self.auth.aa = Some(crate::emulator::auth::AaKey::Rsa(Box::new(signer), hash));
        self
    }

    /// Answers Active Authentication with ECDSA: this private scalar on `curve` (the public
    /// point belongs in DG15), hashing the challenge with `hash` (the one DG14's
    /// ActiveAuthenticationInfo names); the signature is plain r‖s.
    pub fn with_ecdsa_active_authentication(
        mut self,
        curve: crate::crypto::curves::NamedCurve,
        private: &[u8],
        hash: crate::crypto::hash::HashAlgorithm,
    ) -> Self {
        self.auth.aa = Some(crate::emulator::auth::AaKey::Ecdsa {
            curve,
            private: Zeroizing::new(private.to_vec()),
            hash,
        });
        self
    }

    /// Answers Terminal Authentication with these trust points and current date, and serves
    /// DG3/DG4 (with `protect_all_data_groups` every data group) only to a terminal whose
    /// certificate grants it (otherwise 6982).
    pub fn with_terminal_authentication(mut self, setup: TaSetup) -> Self {
        self.ta = Some(ChipTa::new(setup));
        self
    }

    /// The chip's current date for certificate checks, when TA is enabled.
    pub fn chip_date(&self) -> Option<crate::pki::cvc::CvcDate> {
        self.ta.as_ref().map(ChipTa::chip_date)
    }

    /// A cloned chip: the genuine files, but private keys that do not match DG14/DG15 or,
    /// for PACE-CAM, EF.CardSecurity.
    pub fn set_cloned(&mut self, cloned: bool) {
        self.auth.cloned = cloned;
        if let Some(p) = self.pace.as_mut() {
            p.set_cloned(cloned, &mut self.rng);
        }
    }

    /// Starts secure messaging with keys agreed elsewhere (3DES or AES), as after PACE.
    pub fn start_secure_messaging(&mut self, keys: SessionKeys, ssc: Ssc) {
        self.sm = Some(ChipSm::new(keys, ssc));
    }

    /// The limits and misbehaviour, to change between reads.
    pub fn config_mut(&mut self) -> &mut ChipConfig {
        &mut self.config
    }

    /// Command APDUs received so far.
    pub fn apdu_count(&self) -> usize {
        self.apdus
    }

    /// Whether the card is still in the field.
    pub fn is_present(&self) -> bool {
        !self.removed
    }

    /// Whether secure messaging is on.
    pub fn secure_messaging_active(&self) -> bool {
        self.sm.is_some()
    }

    /// The answer to reset: T=1 over a contactless interface, with card capabilities in the
    /// historical bytes (ISO/IEC 7816-4 §8.1.1.2.7: third software function byte, b7 set
    /// when extended Lc/Le is supported).
    pub fn atr(&self) -> Vec<u8> {
        let caps = if self.config.advertise_extended_length && self.config.extended_length {
            0x40
        } else {
            0x00
        };
        let historical = [0x80, 0x73, 0x00, 0x00, caps, 0x65, 0x4D, 0x52, 0x54, 0x44];
        let mut atr = vec![0x3B, 0x80 | historical.len() as u8, 0x80, 0x01];
        atr.extend_from_slice(&historical);
        let tck = atr.iter().skip(1).fold(0u8, |acc, b| acc ^ b);
        atr.push(tck);
        atr
    }

    /// Every answer so far with the length fields of its command: which commands asked for
    /// less than the chip had to answer ([`LengthRecord::asked_too_little`]).
    pub fn length_log(&self) -> &[LengthRecord] {
        self.lengths.log()
    }

    /// A warm reset: drops secure messaging, selection and challenge; keeps the files.
    pub fn reset(&mut self) {
        self.lengths.reset();
        self.eid.deselect();
        self.app_selected = false;
        self.current = None;
        self.challenge = None;
        self.sm = None;
        self.general_authenticate_for = AuthProtocol::Pace;
        if let Some(ta) = self.ta.as_mut() {
            ta.reset();
        }
    }

    /// Answers one command APDU with the response APDU (data and SW1 SW2). Once the card
    /// has been removed ([`Misbehaviour::RemovedAfter`]) the answer is empty.
    pub fn process_apdu(&mut self, command: &[u8]) -> Vec<u8> {
        if self.removed {
            return Vec::new();
        }
        self.apdus = self.apdus.saturating_add(1);
        if let Some(Misbehaviour::RemovedAfter(n)) = self.config.misbehaviour
            && self.apdus > n
        {
            self.removed = true;
            self.reset();
            return Vec::new();
        }
        let Ok((cmd, extended)) = CommandApdu::parse(command) else {
            return StatusWord::WRONG_LENGTH.to_bytes().to_vec();
        };
        let ne = cmd.ne_bytes();
        if cmd.ins == 0xC0 && cmd.cla & 0x0C == 0 {
            // GET RESPONSE continues the last answer; it leaves secure messaging alone.
            let (mut out, sw) = self.lengths.get_response(ne);
            out.extend_from_slice(&sw.to_bytes());
            return out;
        }
        self.lengths.set_pending(Vec::new());
        // The command's length fields, for the log of answers.
        let seen = LengthRecord {
            header: [cmd.cla, cmd.ins, cmd.p1, cmd.p2],
            nc: cmd.data.len(),
            ne,
            extended,
            protected: false,
            answer: 0,
            outcome: LengthOutcome::Whole,
        };
        let protected = cmd.cla & 0x0C == 0x0C;
        if !protected {
            // A plain command ends secure messaging (ISO/IEC 7816-4 §10.2).
            self.sm = None;
            let a = self.run(cmd, extended, None);
            let answer = a.data.len();
            let f = fit(a.data, a.sw, ne, extended);
            self.lengths.record(LengthRecord {
                answer,
                outcome: f.outcome,
                ..seen
            });
            if a.start_sm.is_some() && !refused(f.outcome) {
                self.sm = a.start_sm;
            }
            self.lengths.set_pending(f.rest);
            let mut out = f.data;
            out.extend_from_slice(&f.sw.to_bytes());
            return out;
        }
        let Some(mut sm) = self.sm.take() else {
            return StatusWord(0x6882).to_bytes().to_vec();
        };
        let plain = match sm.unwrap_command(&cmd) {
            Ok(p) => p,
            Err(sw) => return sw.to_bytes().to_vec(),
        };
        let inner = LengthRecord {
            header: [plain.cla, plain.ins, plain.p1, plain.p2],
            nc: plain.data.len(),
            ne: plain.ne_bytes(),
            protected: true,
            ..seen.clone()
        };
        let odd = plain.ins & 1 == 1;
        let a = self.run(plain, extended, Some((&sm, ne)));
        let answer = a.data.len();
        let f = fit_protected(a.data, a.sw, inner.ne);
        self.lengths.record(LengthRecord {
            answer,
            outcome: f.outcome,
            ..inner
        });
        let mut out = sm.wrap_response(&f.data, f.sw, odd);
        // After chip authentication the next command comes under the new keys.
        self.sm = Some(match a.start_sm {
            Some(next) if !refused(f.outcome) => next,
            _ => sm,
        });
        match self.config.misbehaviour {
            Some(Misbehaviour::WrongResponseMac) => {
                if let Some(i) = out.len().checked_sub(3)
                    && let Some(b) = out.get_mut(i)
                {
                    *b ^= 0x01;
                }
            }
            Some(Misbehaviour::PlainStatusWord) => {
                let sw_at = out.len().saturating_sub(2);
                out.drain(..sw_at);
            }
            Some(Misbehaviour::TruncatedResponse) => {
                let data_len = out.len().saturating_sub(2);
                out.drain(data_len / 2..data_len);
            }
            _ => {}
        }
        // The protected answer against the outer Ne: continued by GET RESPONSE behind a
        // short-only reader, refused when the terminal asked for too little.
        let sw_at = out.len().saturating_sub(2);
        let sw = match out.get(sw_at..) {
            Some(&[sw1, sw2]) => StatusWord::new(sw1, sw2),
            _ => return out,
        };
        out.truncate(sw_at);
        let wrapped = out.len();
        let outer = fit(out, sw, ne, extended);
        if outer.outcome != LengthOutcome::Whole {
            self.lengths.record(LengthRecord {
                answer: wrapped,
                outcome: outer.outcome,
                ..seen
            });
        }
        self.lengths.set_pending(outer.rest);
        let mut out = outer.data;
        out.extend_from_slice(&outer.sw.to_bytes());
        out
    }

    /// Runs one piece of a possibly chained command: waits for the rest of a chain, or runs
    /// the assembled command.
    fn run(&mut self, cmd: CommandApdu, extended: bool, sm: Option<(&ChipSm, usize)>) -> Answer {
        match self.lengths.assemble(cmd) {
            Assembled::Wait => Answer::ok(Vec::new()),
            Assembled::Refuse(sw) => Answer::sw(sw),
            Assembled::Run(cmd) => self.execute(&cmd, extended, sm),
        }
    }

    /// Runs a plain command; `sm` is the session and outer Ne when it came protected.
    fn execute(
        &mut self,
        cmd: &CommandApdu,
        extended: bool,
        sm: Option<(&ChipSm, usize)>,
    ) -> Answer {
        if extended && !self.config.extended_length {
            return Answer::sw(StatusWord::WRONG_LENGTH);
        }
        if let Some(a) = self.terminal_authentication(cmd, sm.is_some()) {
            return a;
        }
        match cmd.ins {
            0xA4 => self.select(cmd),
            0x84 => self.get_challenge(cmd),
            0x82 => self.external_authenticate(cmd, sm.is_some()),
            0xB0 | 0xB1 => self.read_binary(cmd, sm),
            0x88 => match self.auth.internal_authenticate(&cmd.data, &mut self.rng) {
                Ok(sig) => Answer::ok(sig),
                Err(sw) => Answer::sw(sw),
            },
            // MSE:Set AT names the protocol the following GENERAL AUTHENTICATE belongs to:
            // C1 A4 for PACE, 41 A4 for chip authentication (BSI TR-03110-3 Appendix B).
            0x22 => match (cmd.p1, cmd.p2) {
                (0xC1, 0xA4) => {
                    self.general_authenticate_for = AuthProtocol::Pace;
                    self.mse_set_at(cmd)
                }
                (0x41, 0xA4) => {
                    self.general_authenticate_for = AuthProtocol::ChipAuthentication;
                    if let Some(ta) = self.ta.as_mut() {
                        ta.note_ca_command(&cmd.data);
                    }
                    Answer::sw(self.auth.set_at(&cmd.data))
                }
                (0x41, 0xA6) => {
                    if let Some(ta) = self.ta.as_mut() {
                        ta.note_ca_command(&cmd.data);
                    }
                    Self::started(self.auth.set_kat(&cmd.data).map(|sm| (Vec::new(), sm)))
                }
                _ => Answer::sw(StatusWord(0x6A86)),
            },
            0x86 => match self.general_authenticate_for {
                AuthProtocol::Pace => self.general_authenticate(cmd),
                AuthProtocol::ChipAuthentication => {
                    let commitment = self.ta.as_mut().and_then(|ta| {
                        ta.note_ca_command(&cmd.data);
                        ta.take_ca_commitment()
                    });
                    Self::started(self.auth.general_authenticate(
                        &cmd.data,
                        commitment.as_deref(),
                        &mut self.rng,
                    ))
                }
            },
            _ => Answer::sw(StatusWord::INS_NOT_SUPPORTED),
        }
    }

    /// An answer after which the given secure messaging starts.
    fn started(r: Result<(Vec<u8>, ChipSm), StatusWord>) -> Answer {
        match r {
            Ok((data, sm)) => Answer {
                data,
                sw: StatusWord::SUCCESS,
                start_sm: Some(sm),
            },
            Err(sw) => Answer::sw(sw),
        }
    }

    fn select(&mut self, cmd: &CommandApdu) -> Answer {
        if let Some(ta) = self.ta.as_mut() {
            ta.cvca_selected = false;
            if self.app_selected
                && matches!(cmd.p1, 0x00 | 0x02)
                && cmd.data.as_slice() == [0x01, 0x1C]
            {
                // EF.CVCA inside the eMRTD application (BSI TR-03110-3 §A.1.2.7).
                ta.cvca_selected = true;
                self.current = None;
                return Answer::ok(Vec::new());
            }
        }
        if let Some(r) = self.eid.select(cmd) {
            self.app_selected = false;
            self.current = None;
            return match r {
                Ok(()) => Answer::ok(Vec::new()),
                Err(sw) => Answer::sw(sw),
            };
        }
        match (cmd.p1, cmd.data.as_slice()) {
            (0x04, aid) => {
                if aid == EMRTD_AID {
                    self.app_selected = true;
                    self.current = None;
                    Answer::ok(Vec::new())
                } else {
                    Answer::sw(StatusWord::FILE_NOT_FOUND)
                }
            }
            (0x00, [0x3F, 0x00]) => {
                self.app_selected = false;
                self.current = None;
                Answer::ok(Vec::new())
            }
            (0x00 | 0x02, &[hi, lo]) => match self.by_fid(u16::from_be_bytes([hi, lo])) {
                Some(f) => {
                    self.current = Some(f);
                    Answer::ok(Vec::new())
                }
                None => Answer::sw(StatusWord::FILE_NOT_FOUND),
            },
            _ => Answer::sw(StatusWord(0x6A86)),
        }
    }

    /// The served file with `fid`: the one in the selected DF first (011D is EF.SOD inside
    /// the application, EF.CardSecurity in the MF); from the application the MF's files stay
    /// readable (EF.CardAccess when access control is re-run) unless the application names
    /// the same identifier (011D there is EF.SOD, absent or not), and from the MF no file of
    /// the application is found (6A82): EF.SOD and EF.CardSecurity are never served as each
    /// other.
    fn by_fid(&self, fid: u16) -> Option<FileId> {
        if self.app_selected && fid == FileId::Sod.fid() {
            return self.files.contains_key(&FileId::Sod).then_some(FileId::Sod);
        }
        let mut hits = self.files.keys().copied().filter(|f| f.fid() == fid);
        let in_selected_df = |f: &FileId| f.in_master_file() != self.app_selected;
        let first = hits.next()?;
        let second = hits.next();
        match (in_selected_df(&first), second) {
            (true, _) => Some(first),
            (false, Some(s)) if in_selected_df(&s) => Some(s),
            (false, _) if self.app_selected => Some(first),
            (false, _) => None,
        }
    }

    fn get_challenge(&mut self, cmd: &CommandApdu) -> Answer {
        if self.bac_keys.is_none() {
            return Answer::sw(StatusWord::INS_NOT_SUPPORTED);
        }
        if cmd.ne_bytes() != 8 {
            return Answer::sw(StatusWord::WRONG_LENGTH);
        }
        let mut c = [0u8; 8];
        self.rng.fill(&mut c);
        self.challenge = Some(c);
        Answer::ok(c.to_vec())
    }

    fn external_authenticate(&mut self, cmd: &CommandApdu, protected: bool) -> Answer {
        let (Some((kenc, kmac)), Some(challenge), false) =
            (self.bac_keys.as_ref(), self.challenge.take(), protected)
        else {
            return Answer::sw(StatusWord(0x6985));
        };
        match bac::external_authenticate(kenc, kmac, &challenge, &cmd.data, &mut self.rng) {
            Ok((answer, sm)) => Answer {
                data: answer,
                sw: StatusWord::SUCCESS,
                start_sm: Some(sm),
            },
            Err(sw) => Answer::sw(sw),
        }
    }

    fn mse_set_at(&mut self, cmd: &CommandApdu) -> Answer {
        match self.pace.as_mut().map(|p| p.set_at(&cmd.data)) {
            None => Answer::sw(StatusWord::INS_NOT_SUPPORTED),
            Some(Ok(())) => Answer::ok(Vec::new()),
            Some(Err(sw)) => Answer::sw(sw),
        }
    }

    fn general_authenticate(&mut self, cmd: &CommandApdu) -> Answer {
        let Some(pace) = self.pace.as_mut() else {
            return Answer::sw(StatusWord::INS_NOT_SUPPORTED);
        };
        pace.cvca_references = self
            .ta
            .as_ref()
            .map_or_else(Vec::new, |ta| cvca_references(&ta.ef_cvca()));
        match pace.general_authenticate(&cmd.data, &mut self.rng) {
            Ok((data, start_sm)) => {
                if let Some(ta) = self.ta.as_mut() {
                    ta.note_pace_answer(&data);
                }
                Answer {
                    start_sm,
                    ..Answer::ok(data)
                }
            }
            Err(sw) => Answer::sw(sw),
        }
    }

    fn read_binary(&mut self, cmd: &CommandApdu, sm: Option<(&ChipSm, usize)>) -> Answer {
        let odd = cmd.ins == 0xB1;
        // The short EF identifier (None: the current file) and the offset.
        let (sfi, offset) = if odd {
            let offset = match tlv::parse_one(&cmd.data) {
                Ok((o, _)) if o.tag == 0x54 && (1..=3).contains(&o.value.len()) => o
                    .value
                    .iter()
                    .fold(0usize, |acc, &b| (acc << 8) | usize::from(b)),
                _ => return Answer::sw(StatusWord(0x6A80)),
            };
            match (cmd.p1, cmd.p2) {
                (0, 0) => (None, offset),
                (0, sfi) if sfi & 0xE0 == 0 => (Some(sfi), offset),
                _ => return Answer::sw(StatusWord(0x6A86)),
            }
        } else if cmd.p1 & 0x80 != 0 {
            if cmd.p1 & 0x60 != 0 {
                return Answer::sw(StatusWord(0x6A86));
            }
            (Some(cmd.p1 & 0x1F), usize::from(cmd.p2))
        } else {
            (None, usize::from(u16::from_be_bytes([cmd.p1, cmd.p2])))
        };
        let missing = || {
            Answer::sw(if odd || sfi.is_none() {
                StatusWord::NO_CURRENT_EF
            } else {
                StatusWord::FILE_NOT_FOUND
            })
        };
        if self.eid.selected() {
            // eID data groups open only to a terminal whose effective CHAT grants them
            // (BSI TR-03110-4 §3.1), under secure messaging.
            let Some(n) = self.eid.target(sfi) else {
                return missing();
            };
            let allowed = self.ta.as_ref().is_some_and(|ta| ta.may_read_eid(n));
            if !allowed || sm.is_none() {
                return Answer::sw(StatusWord::SECURITY_STATUS_NOT_SATISFIED);
            }
            let Some(bytes) = self.eid.file(n) else {
                return Answer::sw(StatusWord::FILE_NOT_FOUND);
            };
            return self.serve(bytes, cmd, offset, sm);
        }
        let file = match sfi {
            Some(sfi) => self.by_sfi(sfi),
            None => self.current,
        };
        let Some(file) = file else {
            return missing();
        };
        self.current = Some(file);
        if let Some(ta) = &self.ta
            && !ta.may_read(file)
        {
            return Answer::sw(StatusWord::SECURITY_STATUS_NOT_SATISFIED);
        }
        if file != FileId::CardAccess
            && sm.is_none()
            && (self.bac_keys.is_some() || self.pace.is_some())
        {
            return Answer::sw(StatusWord::SECURITY_STATUS_NOT_SATISFIED);
        }
        let Some(bytes) = self.files.get(&file) else {
            return Answer::sw(StatusWord::FILE_NOT_FOUND);
        };
        self.serve(bytes, cmd, offset, sm)
    }

    /// The answer to a READ BINARY of `bytes` at `offset`: as many bytes as Ne, the file and
    /// (under SM) the outer Ne allow; in DO'53' for the odd INS.
    fn serve(
        &self,
        bytes: &[u8],
        cmd: &CommandApdu,
        offset: usize,
        sm: Option<(&ChipSm, usize)>,
    ) -> Answer {
        let odd = cmd.ins == 0xB1;
        let ne = cmd.ne_bytes();
        if ne == 0 {
            return Answer::sw(StatusWord::WRONG_LENGTH);
        }
        if ne > self.config.max_read {
            return Answer::sw(StatusWord::WRONG_LENGTH);
        }
        let Some(avail) = bytes.len().checked_sub(offset).filter(|&a| a > 0) else {
            return Answer::sw(StatusWord::OFFSET_OUTSIDE_EF);
        };
        let overhead = |n: usize| if odd { tlv_len(n) - n } else { 0 };
        let mut n = avail.min(ne);
        while n > 0 && n + overhead(n) > ne {
            n -= 1;
        }
        if let Some((chip_sm, outer_ne)) = sm {
            while n > 0 && chip_sm.wrapped_len(n + overhead(n), odd) > outer_ne {
                n -= 1;
            }
        }
        if n == 0 {
            return Answer::sw(StatusWord::WRONG_LENGTH);
        }
        let chunk = bytes.get(offset..offset + n).unwrap_or_default();
        let data = if odd {
            tlv::tlv(0x53, chunk)
        } else {
            chunk.to_vec()
        };
        let sw = if n == avail && data.len() < ne {
            StatusWord::END_OF_FILE
        } else {
            StatusWord::SUCCESS
        };
        Answer {
            data,
            sw,
            start_sm: None,
        }
    }

    /// The TA commands (BSI TR-03110-3 §B.11), when TA is enabled and the command is one:
    /// MSE:Set DST/AT 81xx, PSO:Verify Certificate, GET CHALLENGE and EXTERNAL AUTHENTICATE
    /// after TA's MSE:Set AT, and READ BINARY of EF.CVCA. Only under secure messaging.
    fn terminal_authentication(&mut self, cmd: &CommandApdu, protected: bool) -> Option<Answer> {
        let ta = self.ta.as_mut()?;
        if cmd.ins != 0xB0 || cmd.p1 & 0x80 != 0 {
            ta.cvca_selected = false;
        }
        let is_ta = matches!(
            (cmd.ins, cmd.p1, cmd.p2),
            (0x22, 0x81, 0xB6 | 0xA4) | (0x2A, 0x00, 0xBE)
        ) || (matches!(cmd.ins, 0x84 | 0x82) && ta.wants_challenge())
            || (cmd.ins == 0xB0 && ta.cvca_selected);
        if !is_ta {
            return None;
        }
        if !protected {
            return Some(Answer::sw(StatusWord::SECURITY_STATUS_NOT_SATISFIED));
        }
        Some(match (cmd.ins, cmd.p2) {
            (0x22, 0xB6) => Answer::sw(ta.set_dst(&cmd.data)),
            (0x22, _) => Answer::sw(ta.set_at(&cmd.data)),
            (0x2A, _) => Answer::sw(ta.verify_certificate(&cmd.data, cmd.cla & 0x10 != 0)),
            (0x84, _) => {
                let mut c = [0u8; 8];
                self.rng.fill(&mut c);
                ta.set_challenge(c);
                Answer::ok(c.to_vec())
            }
            (0x82, _) => Answer::sw(ta.external_authenticate(&cmd.data)),
            _ => {
                let file = ta.ef_cvca();
                let offset = usize::from(u16::from_be_bytes([cmd.p1, cmd.p2]));
                let ne = cmd.ne_bytes();
                match file.get(offset..) {
                    Some(rest) if !rest.is_empty() => {
                        Answer::ok(rest.iter().take(ne).copied().collect())
                    }
                    _ => Answer::sw(StatusWord::OFFSET_OUTSIDE_EF),
                }
            }
        })
    }

    fn by_sfi(&self, sfi: u8) -> Option<FileId> {
        let fid = 0x0100 | u16::from(sfi);
        self.by_fid(fid)
    }
}

fn tlv_len(n: usize) -> usize {
    let mut l = Vec::new();
    tlv::encode_length(n, &mut l);
    1 + l.len() + n
}

impl CardChannel for EmulatedChip {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ChannelError> {
        let r = self.process_apdu(command);
        if r.is_empty() {
            return Err(ChannelError::CardRemoved);
        }
        Ok(r)
    }

    fn extended_length_hint(&self) -> Option<bool> {
        self.config
            .advertise_extended_length
            .then_some(self.config.extended_length)
    }
}

/// Whether the answer was refused for its length (and so did not happen).
fn refused(outcome: LengthOutcome) -> bool {
    matches!(outcome, LengthOutcome::WrongLe | LengthOutcome::Refused)
}
