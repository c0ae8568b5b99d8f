//! The chip's CVCA references from PACE's last answer (BSI TR-03110-3 §D.3, DO'87' and DO'88')
//! against the software chip: they agree with EF.CVCA, and Terminal Authentication picks its
//! chain from them without reading EF.CVCA, even when the chip refuses that file.
#![cfg(feature = "emulator")]

use idverify::chip::access::pace::{AccessKey, OpenedWith, PaceChoice, PaceOutcome, PacePassword};
use idverify::chip::auth::ta::choose_chain;
use idverify::chip::auth::ta::run::{Terminal, after_pace};
use idverify::chip::{CardChannel, ChannelError, ChipSession, FileId};
use idverify::emulator::{ChipConfig, EmulatedChip, SeededRng, TaSetup, benchmark_document};
use idverify::pki::cvc::testing::{self, TestChain, TestTerminalKey, date};
use std::cell::Cell;
use std::rc::Rc;

const CAN: &[u8] = b"123456";

fn chip(with_ta: bool) -> EmulatedChip {
    let choice = PaceChoice::standardized("0.4.0.127.0.7.2.2.4.2.2", 13).unwrap();
    let chip = EmulatedChip::new(ChipConfig::default(), [5; 32])
        .with_files(benchmark_document([9; 32]))
        .with_pace(choice, vec![PacePassword::Can(CAN.to_vec())]);
    if with_ta {
        chip.with_terminal_authentication(TaSetup {
            anchors: testing::chip_anchors(),
            chip_date: date("2026-06-01"),
            document_number: b"L898902C<3".to_vec(),
            protect_all_data_groups: true,
        })
    } else {
        chip
    }
}

/// The chip behind a switch: while `refuse_select` is on, every SELECT is answered 6A82 by
/// the reader's side without reaching the chip (as a chip that hides EF.CVCA would).
struct NoSelect<'a> {
    chip: &'a mut EmulatedChip,
    refuse_select: Rc<Cell<bool>>,
}

impl CardChannel for NoSelect<'_> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ChannelError> {
        if self.refuse_select.get() && command.get(1) == Some(&0xA4) {
            return Ok(vec![0x6A, 0x82]);
        }
        self.chip.transmit(command)
    }
}

fn open<C: CardChannel>(channel: C) -> (ChipSession<C>, PaceOutcome) {
    let mut rng = SeededRng::new([7; 32]);
    let (s, opened) = ChipSession::open(channel, &AccessKey::Can(CAN.to_vec()), &mut rng).unwrap();
    let OpenedWith::Pace(outcome) = opened else {
        panic!("not PACE")
    };
    (s, *outcome)
}

#[test]
fn pace_names_the_cvcas_that_ef_cvca_lists() {
    let mut c = chip(true);
    let (mut s, pace) = open(&mut c);
    // Newest first, as in EF.CVCA.
    assert_eq!(pace.cvca_references, [testing::CVCA_AT, testing::CVCA_IS]);
    let before = s.counters().apdus;
    assert_eq!(
        s.chip_cvca_references(Some(&pace)).unwrap(),
        pace.cvca_references
    );
    assert_eq!(
        s.counters().apdus,
        before,
        "no command for PACE's references"
    );
    // Both present: they agree.
    assert_eq!(s.read_cvca_references().unwrap(), pace.cvca_references);
    assert_eq!(s.chip_cvca_references(None).unwrap(), pace.cvca_references);
    assert_eq!(s.counters().apdus, before + 4, "EF.CVCA read twice");
}

#[test]
fn the_chain_comes_from_pace_when_ef_cvca_is_refused() {
    let mut c = chip(true);
    c.reset();
    let refuse = Rc::new(Cell::new(false));
    let (mut s, pace) = open(NoSelect {
        chip: &mut c,
        refuse_select: refuse.clone(),
    });
    refuse.set(true);
    // The reader flow: references from PACE, chain, TA, with no SELECT getting through.
    let chain = TestChain::Valid;
    let key = TestTerminalKey::new(&chain.build().1);
    let mut certs = chain.build().0;
    certs.push(testing::cvca(testing::CVCA_IS));
    let terminal = Terminal {
        certificates: certs,
        signer: &key,
    };
    let chains = terminal.chains();
    let refs = s.chip_cvca_references(Some(&pace)).unwrap();
    let chosen = choose_chain(&refs, &chains).unwrap();
    assert_eq!(chosen.first().unwrap().body.car, testing::CVCA_IS);
    let mut rng = SeededRng::new([8; 32]);
    let attempt = after_pace(&mut s, &pace, &terminal, date("2026-11-22"), None, &mut rng);
    let out = attempt.result.unwrap();
    assert_eq!(out.certificates, ["DETDVIS00001", "DETIS0000001"]);
    assert_eq!(attempt.cvca.as_deref(), Some(testing::CVCA_IS));
    // The rights hold: DG1 (behind TA on this chip) reads once selecting works again.
    refuse.set(false);
    let dg1 = s.read_file(FileId::Dg1);
    assert!(dg1.is_ok(), "{dg1:?}");
    // EF.CVCA itself is refused while the switch is on (an unprotected 6A82).
    refuse.set(true);
    let r = s.read_cvca_references();
    assert!(r.is_err(), "{r:?}");
}

#[test]
fn without_references_in_pace_ef_cvca_is_read() {
    // A chip without Terminal Authentication names no CVCA in PACE: EF.CVCA is read instead
    // (SELECT and READ BINARY), and this chip lists none there either.
    let mut c = chip(false);
    let (mut s, pace) = open(&mut c);
    assert!(pace.cvca_references.is_empty());
    let before = s.counters().apdus;
    assert_eq!(
        s.chip_cvca_references(Some(&pace)).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(s.counters().apdus, before + 2);
}
