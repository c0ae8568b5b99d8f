//! The software chip's length discipline, as strict as a card: an answer longer than the Ne a
//! command asked for is not sent whole, a chained command is assembled before it runs, GET
//! RESPONSE hands out what did not fit, and every answer is logged with the Ne it met so a
//! test can show that no command asks for less than it gets.
//!
//! ISO/IEC 7816-4 §5.1 (Ne: "the maximum number of bytes expected in the response data
//! field"; no Le field means Ne = 0), §5.3.3 (command chaining, CLA b5), §5.6 (status bytes
//! 61XX "SW2 encodes the number of data bytes still available", 6700 "wrong length",
//! 6CXX "wrong Le field; SW2 encodes the exact number of available data bytes").

use crate::chip::{CommandApdu, StatusWord};
use crate::tlv::{self, TlvError};

/// The most data a command chain may add up to before the chip refuses it.
const MAX_CHAIN: usize = 65536;
/// The most answers [`Lengths`] keeps in its log (later ones are counted, not kept).
const MAX_LOG: usize = 8192;

/// How an answer met the Ne of its command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthOutcome {
    /// The answer fitted Ne and was sent whole.
    Whole,
    /// Ne was the short maximum (256) and the answer longer: the first 256 bytes went with
    /// 61XX, the rest waits for GET RESPONSE. A command asking for everything a short
    /// command can carry gets this, as on a chip behind a reader without extended length.
    Continued,
    /// The answer (at most 256 bytes) did not fit a short Ne: 6CXX with its exact length.
    WrongLe,
    /// The answer did not fit an extended Ne, or a command without Le had an answer: 6700.
    Refused,
}

/// One answer and the length fields of the command it answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LengthRecord {
    /// CLA INS P1 P2 of the command (the plain one under secure messaging).
    pub header: [u8; 4],
    /// Nc, the data length of the command (of this piece, for a piece of a chain).
    pub nc: usize,
    /// Ne as a number of bytes (0 without Le).
    pub ne: usize,
    /// Whether the command came with extended length fields.
    pub extended: bool,
    /// Whether it came under secure messaging (`ne` is then DO'97''s).
    pub protected: bool,
    /// The length of the answer's data before it met Ne.
    pub answer: usize,
    /// What became of it.
    pub outcome: LengthOutcome,
}

impl LengthRecord {
    /// Whether the command asked for less than the chip had to answer.
    pub fn asked_too_little(&self) -> bool {
        matches!(
            self.outcome,
            LengthOutcome::WrongLe | LengthOutcome::Refused
        )
    }
}

/// An answer fitted to Ne: what is sent now, and the rest for GET RESPONSE.
pub(crate) struct Fitted {
    pub(crate) data: Vec<u8>,
    pub(crate) sw: StatusWord,
    pub(crate) rest: Vec<u8>,
    pub(crate) outcome: LengthOutcome,
}

/// Fits an answer (`data`, `sw`) to the `ne` bytes a short or `extended` command asked for.
pub(crate) fn fit(mut data: Vec<u8>, sw: StatusWord, ne: usize, extended: bool) -> Fitted {
    let whole = |data, sw| Fitted {
        data,
        sw,
        rest: Vec::new(),
        outcome: LengthOutcome::Whole,
    };
    let refused = |sw, outcome| Fitted {
        data: Vec::new(),
        sw,
        rest: Vec::new(),
        outcome,
    };
    let len = data.len();
    if len <= ne {
        return whole(data, sw);
    }
    if ne == 0 {
        return refused(StatusWord::WRONG_LENGTH, LengthOutcome::Refused);
    }
    if !extended && ne == 256 {
        let rest = data.split_off(ne);
        return Fitted {
            data,
            sw: more_available(rest.len()),
            rest,
            outcome: LengthOutcome::Continued,
        };
    }
    if !extended && len <= 256 {
        return refused(
            StatusWord(0x6C00 | (len % 256) as u16),
            LengthOutcome::WrongLe,
        );
    }
    refused(StatusWord::WRONG_LENGTH, LengthOutcome::Refused)
}

/// Fits the plain answer of a command that came under secure messaging to the Ne in its
/// DO'97'. The rest of a plain answer cannot follow by GET RESPONSE (that continues the
/// protected answer), so a short fall is refused: 6CXX when the answer fits a short Ne,
/// 6700 otherwise.
pub(crate) fn fit_protected(data: Vec<u8>, sw: StatusWord, ne: usize) -> Fitted {
    fit(data, sw, ne, ne > 256).refuse_continuation()
}

impl Fitted {
    fn refuse_continuation(self) -> Fitted {
        if self.outcome != LengthOutcome::Continued {
            return self;
        }
        Fitted {
            data: Vec::new(),
            sw: StatusWord::WRONG_LENGTH,
            rest: Vec::new(),
            outcome: LengthOutcome::Refused,
        }
    }
}

/// 61XX with the bytes still available (00: 256 or more).
fn more_available(n: usize) -> StatusWord {
    StatusWord(0x6100 | n.min(256).rem_euclid(256) as u16)
}

/// What the chip does with one piece of a command chain.
pub(crate) enum Assembled {
    /// Run this command (the whole chain's data, the last piece's CLA).
    Run(CommandApdu),
    /// A piece with more to come: acknowledged with 9000, nothing run yet.
    Wait,
    /// The chain is refused.
    Refuse(StatusWord),
}

/// The chip's length state: the chain being assembled, the answer GET RESPONSE continues,
/// and the log of answers.
#[derive(Debug, Default)]
pub(crate) struct Lengths {
    chain: Option<([u8; 3], Vec<u8>)>,
    pending: Vec<u8>,
    log: Vec<LengthRecord>,
    unlogged: usize,
}

impl Lengths {
    /// Forgets the chain and the pending answer (a reset).
    pub(crate) fn reset(&mut self) {
        self.chain = None;
        self.pending.clear();
    }

    /// Adds one piece of a possibly chained command. GENERAL AUTHENTICATE uses CLA b5 for
    /// its own protocol steps (PACE: ICAO 9303-11 §4.4.4.2), so its pieces make a whole
    /// when the data is one complete 7C object; other commands when a piece comes without
    /// b5. PSO:Verify Certificate chains are left to Terminal Authentication, which
    /// assembles its certificate itself.
    pub(crate) fn assemble(&mut self, cmd: CommandApdu) -> Assembled {
        if cmd.ins == 0x2A {
            self.chain = None;
            return Assembled::Run(cmd);
        }
        let key = [cmd.ins, cmd.p1, cmd.p2];
        let mut data = match self.chain.take() {
            Some((k, data)) if k == key => data,
            // A different command ends the chain (ISO/IEC 7816-4 §5.3.3).
            _ => Vec::new(),
        };
        data.extend_from_slice(&cmd.data);
        if data.len() > MAX_CHAIN {
            return Assembled::Refuse(StatusWord::WRONG_LENGTH);
        }
        let more = cmd.cla & 0x10 != 0;
        let complete = if cmd.ins == 0x86 {
            !matches!(tlv::parse_one(&data), Err(TlvError::Truncated { .. }))
        } else {
            !more
        };
        if !complete {
            if !more {
                return Assembled::Refuse(StatusWord::WRONG_LENGTH);
            }
            self.chain = Some((key, data));
            return Assembled::Wait;
        }
        Assembled::Run(CommandApdu { data, ..cmd })
    }

    /// Keeps `rest` for GET RESPONSE (an empty rest ends what was pending).
    pub(crate) fn set_pending(&mut self, rest: Vec<u8>) {
        self.pending = rest;
    }

    /// Answers GET RESPONSE (ISO/IEC 7816-4, INS C0): up to Ne bytes of the pending answer,
    /// 61XX while more remains, 6985 when nothing is pending.
    pub(crate) fn get_response(&mut self, ne: usize) -> (Vec<u8>, StatusWord) {
        if self.pending.is_empty() {
            return (Vec::new(), StatusWord(0x6985));
        }
        if ne == 0 {
            return (Vec::new(), StatusWord::WRONG_LENGTH);
        }
        let take = ne.min(self.pending.len());
        let rest = self.pending.split_off(take);
        let data = std::mem::replace(&mut self.pending, rest);
        let sw = if self.pending.is_empty() {
            StatusWord::SUCCESS
        } else {
            more_available(self.pending.len())
        };
        (data, sw)
    }

    /// Logs one answer.
    pub(crate) fn record(&mut self, record: LengthRecord) {
        if self.log.len() < MAX_LOG {
            self.log.push(record);
        } else {
            self.unlogged = self.unlogged.saturating_add(1);
        }
    }

    /// The answers logged so far.
    pub(crate) fn log(&self) -> &[LengthRecord] {
        &self.log
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_longer_than_ne_is_not_sent_whole() {
        let ok = StatusWord::SUCCESS;
        let f = fit(vec![1; 8], ok, 8, false);
        assert_eq!((f.data.len(), f.outcome), (8, LengthOutcome::Whole));
        // Short Ne below the answer: 6CXX with the exact length.
        let f = fit(vec![1; 40], ok, 16, false);
        assert_eq!(
            (f.sw, f.outcome),
            (StatusWord(0x6C28), LengthOutcome::WrongLe)
        );
        assert!(f.data.is_empty());
        let f = fit(vec![1; 256], ok, 255, false);
        assert_eq!(f.sw, StatusWord(0x6C00));
        // Short maximum below the answer: 256 bytes and 61XX.
        let f = fit(vec![1; 264], ok, 256, false);
        assert_eq!((f.data.len(), f.rest.len()), (256, 8));
        assert_eq!(
            (f.sw, f.outcome),
            (StatusWord(0x6108), LengthOutcome::Continued)
        );
        // Extended Ne below the answer (01 00 for 264 bytes): refused.
        let f = fit(vec![1; 264], ok, 256, true);
        assert_eq!(
            (f.sw, f.outcome),
            (StatusWord(0x6700), LengthOutcome::Refused)
        );
        // No Le, yet an answer: refused.
        let f = fit(vec![1], ok, 0, false);
        assert_eq!(f.outcome, LengthOutcome::Refused);
        let f = fit(Vec::new(), StatusWord(0x6A82), 0, false);
        assert_eq!(
            (f.sw, f.outcome),
            (StatusWord(0x6A82), LengthOutcome::Whole)
        );
        // Under secure messaging the plain answer cannot continue: DO'97' 00 (256) for
        // 264 bytes is refused, 16 for 40 bytes gets 6C28.
        let f = fit_protected(vec![1; 264], ok, 256);
        assert_eq!(
            (f.sw, f.outcome),
            (StatusWord(0x6700), LengthOutcome::Refused)
        );
        let f = fit_protected(vec![1; 40], ok, 16);
        assert_eq!(f.sw, StatusWord(0x6C28));
        assert_eq!(
            fit_protected(vec![1; 300], ok, 65536).outcome,
            LengthOutcome::Whole
        );
    }

    #[test]
    fn get_response_hands_out_the_rest() {
        let mut l = Lengths::default();
        assert_eq!(l.get_response(8).1, StatusWord(0x6985));
        l.set_pending(vec![7; 300]);
        let (d, sw) = l.get_response(256);
        assert_eq!((d.len(), sw), (256, StatusWord(0x612C)));
        let (d, sw) = l.get_response(0x2C);
        assert_eq!((d.len(), sw), (0x2C, StatusWord::SUCCESS));
        assert_eq!(l.get_response(1).1, StatusWord(0x6985));
    }

    #[test]
    fn chains_are_assembled() {
        let mut l = Lengths::default();
        let piece = |cla, data: &[u8]| CommandApdu::new(cla, 0x22, 0x41, 0xA6).with_data(data);
        assert!(matches!(l.assemble(piece(0x10, &[1, 2])), Assembled::Wait));
        let Assembled::Run(cmd) = l.assemble(piece(0x00, &[3])) else {
            panic!("not run");
        };
        assert_eq!((cmd.cla, cmd.data), (0x00, vec![1, 2, 3]));
        // GENERAL AUTHENTICATE: whole when the 7C object is, whatever CLA b5 says.
        let ga = |cla, data: &[u8]| CommandApdu::new(cla, 0x86, 0, 0).with_data(data);
        assert!(matches!(
            l.assemble(ga(0x10, &[0x7C, 0x03, 0x80])),
            Assembled::Wait
        ));
        let Assembled::Run(cmd) = l.assemble(ga(0x10, &[0x01, 0xAA])) else {
            panic!("not run");
        };
        assert_eq!(
            (cmd.cla, cmd.data),
            (0x10, vec![0x7C, 0x03, 0x80, 0x01, 0xAA])
        );
        assert!(matches!(
            l.assemble(ga(0x10, &[0x7C, 0x00])),
            Assembled::Run(_)
        ));
        // An incomplete object with nothing more to come is refused.
        assert!(matches!(
            l.assemble(ga(0x00, &[0x7C, 0x05, 0x80])),
            Assembled::Refuse(StatusWord(0x6700))
        ));
        // A different command drops a pending chain.
        assert!(matches!(l.assemble(piece(0x10, &[1])), Assembled::Wait));
        let Assembled::Run(cmd) = l.assemble(ga(0x00, &[0x7C, 0x00])) else {
            panic!("not run");
        };
        assert_eq!(cmd.data, vec![0x7C, 0x00]);
        let Assembled::Run(cmd) = l.assemble(piece(0x00, &[9])) else {
            panic!("not run");
        };
        assert_eq!(cmd.data, vec![9]);
    }
}
