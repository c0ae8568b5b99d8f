//! A session with one chip: the transport, the secure-messaging state (ended for good after
//! any SM error) and the commands every protocol shares (SELECT, BAC, plain or protected
//! exchanges with the 6Cxx rule applied inside secure messaging).

pub mod read;
mod read_state;

use crate::chip::access::bac;
use crate::chip::transport::apdu::{CommandApdu, Ne, ResponseApdu};
use crate::chip::transport::exchange::{Counters, Transport};
use crate::chip::transport::sm::SecureMessaging;
use crate::chip::{CardChannel, ChipError, StatusWord};
use crate::lds::{EMRTD_AID, FileId};
use rand_core::CryptoRng;
use read_state::ReadState;

/// A session with a chip over a [`CardChannel`], plain or under secure messaging.
#[derive(Debug)]
pub struct ChipSession<C: CardChannel> {
    transport: Transport<C>,
    sm: Option<SecureMessaging>,
    sm_ended: bool,
    pub(crate) read: ReadState,
}

impl<C: CardChannel> ChipSession<C> {
    /// A plain session (no secure messaging yet).
    pub fn new(channel: C) -> Self {
        let read = ReadState::new(channel.extended_length_hint());
        ChipSession {
            transport: Transport::new(channel),
            sm: None,
            sm_ended: false,
            read,
        }
    }

    /// A session whose secure messaging was established elsewhere (PACE, a transcript).
    pub fn with_secure_messaging(channel: C, sm: SecureMessaging) -> Self {
        let mut s = Self::new(channel);
        s.sm = Some(sm);
        s
    }

    /// Runs BAC (ICAO 9303-11 §4.3) on `channel` with the MRZ information (document number,
    /// date of birth, date of expiry, each with its check digit) and the terminal's `rng`;
    /// the eMRTD application must already be selected (see [`ChipSession::select_and_bac`]).
    pub fn bac<R: CryptoRng + ?Sized>(
        channel: C,
        mrz_information: &[u8],
        rng: &mut R,
    ) -> Result<Self, ChipError> {
        let mut s = Self::new(channel);
        s.run_bac(mrz_information, rng)?;
        Ok(s)
    }

    /// Selects the eMRTD application, then runs BAC.
    pub fn select_and_bac<R: CryptoRng + ?Sized>(
        channel: C,
        mrz_information: &[u8],
        rng: &mut R,
    ) -> Result<Self, ChipError> {
        let mut s = Self::new(channel);
        s.select_application()?;
        s.run_bac(mrz_information, rng)?;
        Ok(s)
    }

    /// Runs BAC in this session and starts secure messaging with its session keys.
    pub fn run_bac<R: CryptoRng + ?Sized>(
        &mut self,
        mrz_information: &[u8],
        rng: &mut R,
    ) -> Result<(), ChipError> {
        self.sm = None;
        self.sm_ended = false;
        let (kenc, kmac) = bac::basic_access_keys(mrz_information);
        let challenge = self.exchange(&bac::get_challenge())?;
        let rnd_ic: [u8; 8] = match (challenge.sw, challenge.data.as_slice().try_into()) {
            (StatusWord::SUCCESS, Ok(c)) => c,
            (StatusWord::SUCCESS, Err(_)) => {
                return Err(ChipError::BacFailed(format!(
                    "GET CHALLENGE returned {} bytes, not 8",
                    challenge.data.len()
                )));
            }
            (sw, _) => {
                return Err(ChipError::Status {
                    command: "GET CHALLENGE".into(),
                    sw,
                });
            }
        };
        let run = bac::BacRun::draw(rng);
        let data = run.command_data(&kenc, &kmac, &rnd_ic)?;
        let resp = self.exchange(&bac::external_authenticate(data))?;
        if !resp.sw.is_success() {
            return Err(bac::refused(resp.sw));
        }
        self.sm = Some(run.finish(&kenc, &kmac, &rnd_ic, &resp.data)?);
        Ok(())
    }

    /// SELECT the eMRTD application by AID (ICAO 9303-10 §4.2; P2 = 0C: no FCI).
    pub fn select_application(&mut self) -> Result<(), ChipError> {
        self.select_aid(&EMRTD_AID, "eMRTD")
    }

    /// SELECT an elementary file by its file identifier (P1 = 02, P2 = 0C).
    pub fn select_file(&mut self, file: FileId) -> Result<(), ChipError> {
        self.select_fid(file.fid(), file.name())
    }

    /// SELECT the elementary file `fid` (named `name` in errors) of the current application.
    pub fn select_fid(&mut self, fid: u16, name: &str) -> Result<(), ChipError> {
        let cmd = CommandApdu::new(0x00, 0xA4, 0x02, 0x0C).with_data(fid.to_be_bytes().to_vec());
        let r = self.exchange(&cmd)?;
        expect_success(r, || format!("SELECT {name}")).map(drop)
    }

    /// SELECT an application by its identifier (ISO/IEC 7816-4 §11.2.2: P1 = 04, P2 = 0C).
    pub fn select_aid(&mut self, aid: &[u8], name: &str) -> Result<(), ChipError> {
        let cmd = CommandApdu::new(0x00, 0xA4, 0x04, 0x0C).with_data(aid.to_vec());
        let r = self.exchange(&cmd)?;
        expect_success(r, || format!("SELECT {name} application")).map(drop)
    }

    /// Sends one command (protected when secure messaging is on) and returns the plain
    /// response, whatever its status word; 6Cxx is answered by one re-send with that Le.
    ///
    /// A command that needs extended length fields (more than 255 data bytes, or Ne above
    /// 256) goes extended where the chip takes extended length; where it does not (known,
    /// or learnt from a 6700 to the extended command), its data goes as a command chain
    /// (ISO/IEC 7816-4 §5.3.3) and it asks for the short maximum, the rest of a longer
    /// answer following by GET RESPONSE. READ BINARY is left alone: reads size their own
    /// requests (see `ReadState`).
    pub fn exchange(&mut self, cmd: &CommandApdu) -> Result<ResponseApdu, ChipError> {
        let sized_by_caller = matches!(cmd.ins, 0xB0 | 0xB1);
        if !cmd.needs_extended() || sized_by_caller {
            return self.exchange_exact(cmd);
        }
        if self.read.extended == Some(false) {
            return self.exchange_short(cmd);
        }
        let resp = self.exchange_exact(cmd)?;
        if resp.sw == StatusWord::WRONG_LENGTH && self.read.extended.is_none() {
            self.read.extended = Some(false);
            return self.exchange_short(cmd);
        }
        Ok(resp)
    }

    /// `cmd` in short length fields only: chained data and the short maximum Ne.
    fn exchange_short(&mut self, cmd: &CommandApdu) -> Result<ResponseApdu, ChipError> {
        let short = CommandApdu {
            le: cmd.le.map(|_| Ne::Max),
            ..cmd.clone()
        };
        // Under secure messaging each piece grows by padding, DO'87' and DO'8E' (and DO'97'
        // on the last): 223 plain bytes still fit 255 (ICAO 9303-11 §9.8).
        let piece = if self.sm.is_some() { 223 } else { 255 };
        if short.data.len() > 255 {
            self.exchange_chained(&short, piece)
        } else {
            self.exchange_exact(&short)
        }
    }

    /// Sends `cmd` as it is; 6Cxx is answered by one re-send with that Le.
    fn exchange_exact(&mut self, cmd: &CommandApdu) -> Result<ResponseApdu, ChipError> {
        let resp = self.exchange_once(cmd)?;
        if let (Some(exact), Some(_)) = (resp.sw.exact_length(), cmd.le) {
            let again = CommandApdu {
                le: Some(Ne::UpTo(exact)),
                ..cmd.clone()
            };
            return self.exchange_once(&again);
        }
        Ok(resp)
    }

    /// Sends `cmd` as a command chain of pieces of at most `max_data` bytes (ISO/IEC 7816-4
    /// §5.3.3), each protected on its own under secure messaging; every piece but the last
    /// must be answered 9000. Returns the last piece's response.
    pub fn exchange_chained(
        &mut self,
        cmd: &CommandApdu,
        max_data: usize,
    ) -> Result<ResponseApdu, ChipError> {
        let pieces = crate::chip::transport::exchange::chain(cmd, max_data);
        let last = pieces.len().saturating_sub(1);
        let mut response = None;
        for (i, piece) in pieces.iter().enumerate() {
            let r = self.exchange_exact(piece)?;
            if i < last {
                expect_success(r, || {
                    format!("chained command piece {} of {}", i + 1, last + 1)
                })?;
            } else {
                response = Some(r);
            }
        }
        response.ok_or(ChipError::BadCommand("empty command chain"))
    }

    fn exchange_once(&mut self, cmd: &CommandApdu) -> Result<ResponseApdu, ChipError> {
        if self.sm_ended {
            return Err(ChipError::SmEnded);
        }
        match self.sm.as_mut() {
            None => ResponseApdu::parse(self.transport.transceive(cmd)?),
            Some(sm) => {
                let protected = sm.protect_for(cmd, self.read.extended == Some(true))?;
                let result = self
                    .transport
                    .transceive(&protected)
                    .and_then(|raw| sm.unprotect(raw));
                if let Err(e) = &result
                    && !matches!(e, ChipError::Channel(_))
                {
                    // Any SM failure ends the session: the keys are dropped (and zeroized).
                    self.sm = None;
                    self.sm_ended = true;
                }
                result
            }
        }
    }

    /// Switches secure messaging off (before a new authentication).
    pub(crate) fn clear_secure_messaging(&mut self) {
        self.sm = None;
        self.sm_ended = false;
    }

    /// Starts (or continues under) secure messaging with keys a protocol established: PACE,
    /// or chip authentication replacing the keys in use.
    pub(crate) fn install_secure_messaging(&mut self, sm: SecureMessaging) {
        self.sm = Some(sm);
        self.sm_ended = false;
    }

    /// The secure-messaging state, when it is on.
    pub fn secure_messaging(&self) -> Option<&SecureMessaging> {
        self.sm.as_ref()
    }

    /// What has crossed the channel in this session.
    pub fn counters(&self) -> Counters {
        self.transport.counters()
    }

    /// Overrides whether extended-length APDUs are used (`None`: probe and fall back).
    pub fn set_extended_length(&mut self, extended: Option<bool>) {
        self.read.extended = extended;
    }

    /// Whether extended length is in use (`None` while not yet probed).
    pub fn extended_length(&self) -> Option<bool> {
        self.read.extended
    }

    /// The largest short-length read the chip has taken so far.
    pub fn short_read_size(&self) -> usize {
        self.read.short_size()
    }

    /// The channel.
    pub fn channel(&self) -> &C {
        self.transport.channel()
    }

    /// The channel, mutably.
    pub fn channel_mut(&mut self) -> &mut C {
        self.transport.channel_mut()
    }

    /// Ends the session and gives the channel back.
    pub fn into_channel(self) -> C {
        self.transport.into_inner()
    }
}

/// Passes a 9000 response through; anything else becomes [`ChipError::Status`].
pub(crate) fn expect_success(
    r: ResponseApdu,
    what: impl FnOnce() -> String,
) -> Result<ResponseApdu, ChipError> {
    if r.sw.is_success() {
        Ok(r)
    } else {
        Err(ChipError::Status {
            command: what(),
            sw: r.sw,
        })
    }
}
