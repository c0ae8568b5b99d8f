//! The chip read in the order ICAO 9303-11 and BSI TR-03110 recommend — access control
//! (after PACE EF.CardSecurity and Terminal Authentication v2), EF.COM, EF.SOD, DG14, chip
//! authentication (after BAC then Terminal Authentication v1), the other data groups, DG15 and
//! active authentication — with progress and cancellation between APDUs, then the verifier.

use super::auth::{CaContext, run_active_authentication, run_chip_authentication};
use super::{InspectError, InspectOptions, ProgressEvent, Stage};
use crate::chip::access::pace::OpenedWith;
use crate::chip::{
    CardChannel, ChipError, ChipSession, CommandApdu, Counters, FileId, ReadOptions,
    listed_data_groups,
};
use crate::lds::{CardSecurity, Dg14, Dg15, LdsSecurityObject, SecurityInfos, unwrap_ef_sod};
use crate::pki::cms::parse_content_info;
use crate::verify::{
    AccessProtocol, CheckTime, ChipRead, DocumentInput, FileRead, ProtocolOutcome, Report, Verifier,
};
use rand_core::CryptoRng;

/// What two sessions with the same chip used together.
fn add(a: &Counters, b: &Counters) -> Counters {
    Counters {
        apdus: a.apdus.saturating_add(b.apdus),
        bytes_sent: a.bytes_sent.saturating_add(b.bytes_sent),
        bytes_received: a.bytes_received.saturating_add(b.bytes_received),
    }
}

/// APDUs so far, over every session of this run.
fn apdus<C: CardChannel>(carried: &Counters, session: &ChipSession<C>) -> usize {
    carried.apdus.saturating_add(session.counters().apdus)
}

/// The caller's progress callback; false cancels.
type Progress<'a> = &'a mut dyn FnMut(&ProgressEvent) -> bool;

/// Reads the chip on `channel` and returns what the verifier needs. `progress` is called at
/// every step and before every APDU of a file read; returning false stops the read there
/// with [`InspectError::Cancelled`]. A data group the chip refuses (e.g. DG3/DG4 behind
/// extended access control) is listed in [`ChipRead::not_readable`], not an error; a chip
/// that fails chip or active authentication (a clone) gives a `Failed` outcome.
pub fn read_chip<C: CardChannel, R: CryptoRng + ?Sized>(
    channel: C,
    options: &InspectOptions,
    rng: &mut R,
    progress: &mut dyn FnMut(&ProgressEvent) -> bool,
) -> Result<DocumentInput, InspectError> {
    let mut run = Run {
        options,
        progress,
        reads: Vec::new(),
        not_readable: Vec::new(),
        carried: Counters::default(),
        input: DocumentInput {
            optical_mrz: options.optical_mrz.clone(),
            ..DocumentInput::default()
        },
    };
    let start = options.now();
    run.step(Stage::Access, 0, 0)?;
    let (mut session, opened) =
        ChipSession::open(channel, &options.access_key, rng).map_err(|e| match e {
            ChipError::Cancelled => InspectError::Cancelled,
            e => InspectError::Access(e),
        })?;
    let access_millis = options.now().saturating_sub(start);
    let access = session.counters();
    run.step(Stage::Access, 1, access.apdus)?;

    // EF.CardSecurity first after PACE: its chip-authentication key gives the domain
    // parameters of Terminal Authentication's ephemeral key (BSI TR-03110-3 §B.3), as
    // EF.CardAccess's ChipAuthenticationDomainParameterInfo does when it cannot be read.
    let card_security = match &opened {
        OpenedWith::Pace(_) => run.card_security(&mut session)?,
        OpenedWith::Bac { .. } => None,
    };
    let mut ta_ephemeral = None;
    let mut eid_granted = Vec::new();
    if let Some(credentials) = &options.terminal
        && let OpenedWith::Pace(pace) = &opened
    {
        run.step(
            Stage::TerminalAuthentication,
            0,
            apdus(&run.carried, &session),
        )?;
        // EF.CardSecurity's key first; else EF.CardAccess's announced domain parameters.
        let ca_domain = card_security
            .as_ref()
            .and_then(crate::chip::auth::ca::v2::domain)
            .or_else(|| {
                pace.card_access
                    .as_ref()
                    .and_then(crate::chip::auth::ca::v2::domain_from_card_access)
            });
        if let Some(attempt) = super::terminal::run_terminal_authentication(
            &mut session,
            &opened,
            credentials,
            ca_domain,
            rng,
        ) {
            run.input.terminal_authentication = Some(super::terminal::report_input(&attempt));
            if let (Ok(_), Some(chat)) = (&attempt.result, &attempt.rights) {
                eid_granted = super::eid::granted_eid_groups(chat);
            }
            ta_ephemeral = attempt.ephemeral;
        }
        run.step(
            Stage::TerminalAuthentication,
            1,
            apdus(&run.carried, &session),
        )?;
    }

    let com = run.file(&mut session, FileId::Com)?;
    let sod = run.file(&mut session, FileId::Sod)?;
    // The data groups to read are the ones EF.SOD signs: EF.COM is not signed, and a copied
    // chip could leave DG14 and DG15 out of it to escape chip and active authentication.
    // Only when EF.SOD does not parse (the verifier then fails it) does EF.COM decide.
    let listed = match sod.as_deref().and_then(signed_data_groups) {
        Some(signed) => signed,
        None => com.as_deref().map(listed_data_groups).unwrap_or_default(),
    };
    let dg14_bytes = if listed.contains(&FileId::Dg14) {
        run.file(&mut session, FileId::Dg14)?
    } else {
        None
    };
    let dg14 = dg14_bytes.as_deref().and_then(|b| Dg14::parse(b).ok());

    let mut ca_v1_ephemeral = None;
    if options.chip_authentication {
        run.step(Stage::ChipAuthentication, 0, apdus(&run.carried, &session))?;
        let cx = CaContext {
            opened: &opened,
            card_security: card_security.as_ref(),
            dg14: dg14.as_ref(),
            ta_ephemeral: ta_ephemeral.as_ref(),
            terminal: options.terminal.is_some(),
        };
        let ca = run_chip_authentication(&mut session, &cx, rng)
            .map_err(|e| InspectError::chip("chip authentication", e))?;
        run.input.chip_authentication = ca.outcome;
        ca_v1_ephemeral = ca.ca_v1_ephemeral;
        if session.secure_messaging().is_none() {
            // A failed CA leaves no secure messaging (ICAO 9303-11 §6.2: the terminal has to
            // run access control again to go on reading).
            run.carried = add(&run.carried, &session.counters());
            let channel = session.into_channel();
            session = ChipSession::open(channel, &options.access_key, rng)
                .map_err(|e| InspectError::chip("access control after chip authentication", e))?
                .0;
        }
        run.step(Stage::ChipAuthentication, 1, apdus(&run.carried, &session))?;
    }

    if let Some(credentials) = &options.terminal
        && let OpenedWith::Bac { .. } = &opened
    {
        // Terminal Authentication version 1 follows chip authentication version 1 and signs
        // its ephemeral key (BSI TR-03110-3 §B.3).
        run.step(
            Stage::TerminalAuthentication,
            0,
            apdus(&run.carried, &session),
        )?;
        run.input.terminal_authentication = Some(super::terminal::run_terminal_authentication_v1(
            &mut session,
            &options.access_key,
            ca_v1_ephemeral.as_deref(),
            credentials,
        ));
        run.step(
            Stage::TerminalAuthentication,
            1,
            apdus(&run.carried, &session),
        )?;
    }

    for &file in &listed {
        if file != FileId::Dg14 && file != FileId::Dg15 {
            run.file(&mut session, file)?;
        }
    }
    let dg15_bytes = if listed.contains(&FileId::Dg15) {
        run.file(&mut session, FileId::Dg15)?
    } else {
        None
    };
    if options.active_authentication
        && let Some(bytes) = dg15_bytes
    {
        run.step(
            Stage::ActiveAuthentication,
            0,
            apdus(&run.carried, &session),
        )?;
        run.input.active_authentication = Some(match Dg15::parse(&bytes) {
            Ok(dg15) => run_active_authentication(&mut session, &dg15, dg14.as_ref(), rng)
                .map_err(|e| InspectError::chip("active authentication", e))?,
            Err(e) => ProtocolOutcome::Unsupported {
                reason: format!("DG15: {e}"),
            },
        });
        run.step(
            Stage::ActiveAuthentication,
            1,
            apdus(&run.carried, &session),
        )?;
    }

    if !eid_granted.is_empty() {
        // The eID application after the eMRTD's files: TA version 2 by an authentication
        // terminal granted some of its data groups (BSI TR-03110-4 §3.1).
        let read = run.options.read.clone();
        run.input.eid = Some(super::eid::read_eid(
            &mut session,
            run.carried.apdus,
            &eid_granted,
            &read,
            &mut *run.progress,
        )?);
    }

    if let Some(ta) = run.input.terminal_authentication.as_mut() {
        ta.refused = run
            .not_readable
            .iter()
            .filter(|f| **f != FileId::CardSecurity)
            .map(|f| f.name().to_string())
            .collect();
    }
    let total = add(&run.carried, &session.counters());
    let (protocol, detail) = match &opened {
        OpenedWith::Pace(o) => (
            AccessProtocol::Pace,
            match o.choice.parameter_id {
                Some(id) => format!("{} parameter {id}", o.choice.protocol.oid),
                None => o.choice.protocol.oid.clone(),
            },
        ),
        OpenedWith::Bac { pace_error } => (
            AccessProtocol::Bac,
            format!("3DES session keys (ICAO 9303-11 §4.3); no PACE: {pace_error}"),
        ),
    };
    run.input.chip = Some(ChipRead {
        reader: options.reader.clone(),
        access: Some((protocol, ProtocolOutcome::Passed { detail })),
        access_apdus: access.apdus,
        access_millis,
        files: run.reads,
        not_readable: run.not_readable,
        apdus: total.apdus,
        bytes_sent: total.bytes_sent,
        bytes_received: total.bytes_received,
        millis: options.now().saturating_sub(start),
    });
    Ok(run.input)
}

/// The data groups EF.SOD's LDSSecurityObject lists, in number order (`None`: it does not
/// parse). Its signature is checked by the verifier; a forged list fails there.
fn signed_data_groups(sod: &[u8]) -> Option<Vec<FileId>> {
    let sd = parse_content_info(unwrap_ef_sod(sod).ok()?).ok()?;
    let lds = LdsSecurityObject::parse(sd.content.as_deref()?).ok()?;
    let mut numbers: Vec<u8> = lds.data_group_hashes.iter().map(|d| d.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    Some(numbers.into_iter().filter_map(FileId::data_group).collect())
}

/// Reads the chip on `channel` (see [`read_chip`]) and verifies it at `time`.
pub fn inspect<C: CardChannel, R: CryptoRng + ?Sized>(
    verifier: &Verifier,
    channel: C,
    options: &InspectOptions,
    time: CheckTime,
    rng: &mut R,
    progress: &mut dyn FnMut(&ProgressEvent) -> bool,
) -> Result<Report, InspectError> {
    let input = read_chip(channel, options, rng, progress)?;
    Ok(verifier.verify(&input, time))
}

/// The state of one pipeline run.
struct Run<'a, 'p> {
    options: &'a InspectOptions,
    progress: Progress<'p>,
    reads: Vec<FileRead>,
    not_readable: Vec<FileId>,
    /// What earlier sessions of this run used (access control again after a failed CA).
    carried: Counters,
    input: DocumentInput,
}

impl Run<'_, '_> {
    /// Reports a step boundary; false from the callback cancels.
    fn step(&mut self, stage: Stage, done: usize, apdus: usize) -> Result<(), InspectError> {
        let event = ProgressEvent {
            stage,
            done,
            total: Some(1),
            apdus,
        };
        if (self.progress)(&event) {
            Ok(())
        } else {
            Err(InspectError::Cancelled)
        }
    }

    /// Reads one file into the input; `None` when the chip refuses it.
    fn file<C: CardChannel>(
        &mut self,
        session: &mut ChipSession<C>,
        file: FileId,
    ) -> Result<Option<Vec<u8>>, InspectError> {
        let read = self.options.read.clone();
        self.file_with(session, file, &read)
    }

    /// Reads one file as `read` says; `None` when the chip refuses it.
    fn file_with<C: CardChannel>(
        &mut self,
        session: &mut ChipSession<C>,
        file: FileId,
        read: &ReadOptions,
    ) -> Result<Option<Vec<u8>>, InspectError> {
        let start = self.options.now();
        let before = apdus(&self.carried, session);
        let progress = &mut *self.progress;
        let mut observe = |done: usize, total: Option<usize>| {
            progress(&ProgressEvent {
                stage: Stage::ReadFile(file),
                done,
                total,
                apdus: before,
            })
        };
        let result = session.read_file_observed(file, read, &mut observe);
        match result {
            Ok((bytes, stats)) => {
                self.reads.push(FileRead {
                    file,
                    apdus: stats.apdus,
                    millis: self.options.now().saturating_sub(start),
                });
                let event = ProgressEvent {
                    stage: Stage::ReadFile(file),
                    done: bytes.len(),
                    total: Some(bytes.len()),
                    apdus: apdus(&self.carried, session),
                };
                if !(self.progress)(&event) {
                    return Err(InspectError::Cancelled);
                }
                self.input.files.insert(file, bytes.clone());
                Ok(Some(bytes))
            }
            // A file the chip refuses (e.g. DG3 behind extended access control).
            Err(ChipError::Status { .. }) => {
                self.not_readable.push(file);
                Ok(None)
            }
            Err(e) => Err(InspectError::chip(file.name(), e)),
        }
    }

    /// EF.CardSecurity (in the master file; BSI TR-03110-3 A.1.2): SELECT MF, read it by file
    /// identifier, SELECT the eMRTD application again. `None` when the chip has none.
    fn card_security<C: CardChannel>(
        &mut self,
        session: &mut ChipSession<C>,
    ) -> Result<Option<SecurityInfos>, InspectError> {
        let step = |e| InspectError::chip(FileId::CardSecurity.name(), e);
        // SELECT MF (ISO/IEC 7816-4 §11.2.2: P1 = 00 with 3F00).
        let select_mf = CommandApdu::new(0x00, 0xA4, 0x00, 0x0C).with_data(vec![0x3F, 0x00]);
        let selected = session.exchange(&select_mf).map_err(step)?.sw.is_success();
        let mut found = None;
        if selected {
            let by_fid = ReadOptions {
                select_by_fid: true,
                ..self.options.read.clone()
            };
            if let Some(bytes) = self.file_with(session, FileId::CardSecurity, &by_fid)? {
                found = CardSecurity::parse(&bytes).ok().map(|c| c.security_infos);
            }
        }
        session.select_application().map_err(step)?;
        Ok(found)
    }
}
