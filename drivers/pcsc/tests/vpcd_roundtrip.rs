//! The PC/SC driver against a real pcscd: a trivial virtual card served through vpcd, read
//! back through this crate (readers, waiting, ATR, extended APDUs, removal, cancellation).

use idverify_pcsc::{Pcsc, PcscError};
use idverify_vpcd::testing::Pcscd;
use idverify_vpcd::{VirtualCard, serve};
use std::time::{Duration, Instant};

/// ATR with card capabilities '73' 00 00 C0: extended Lc/Le advertised (ISO/IEC 7816-4
/// §12.1.1.10); TS 3B, T0 8A, TD1 80, TD2 01 (T=1), TCK.
const ATR: [u8; 15] = [
    0x3B, 0x8A, 0x80, 0x01, 0x80, 0x73, 0x00, 0x00, 0xC0, 0x31, 0x80, 0x00, 0x90, 0x00, 0x00,
];

/// Answers SELECT with 9000 and INS '10' with its command data followed by 9000.
struct EchoCard {
    powered: bool,
}

impl VirtualCard for EchoCard {
    fn atr(&self) -> Vec<u8> {
        let mut atr = ATR.to_vec();
        // TCK: XOR of T0..last historical byte.
        let tck = atr[1..14].iter().fold(0, |a, b| a ^ b);
        atr[14] = tck;
        atr
    }

    fn power_on(&mut self) {
        self.powered = true;
    }

    fn power_off(&mut self) {
        self.powered = false;
    }

    fn transmit(&mut self, apdu: &[u8]) -> Vec<u8> {
        if !self.powered {
            return vec![0x6F, 0x00];
        }
        match apdu.get(1) {
            Some(0xA4) => vec![0x90, 0x00],
            Some(0x10) => {
                // Case 3/4, short (Lc in byte 4) or extended (00 Lc1 Lc2).
                let data = match apdu.get(4) {
                    Some(0) if apdu.len() > 7 => {
                        let lc = usize::from(u16::from_be_bytes([apdu[5], apdu[6]]));
                        &apdu[7..7 + lc]
                    }
                    Some(&lc) => &apdu[5..5 + usize::from(lc)],
                    None => &[],
                };
                let mut r = data.to_vec();
                r.extend_from_slice(&[0x90, 0x00]);
                r
            }
            _ => vec![0x6D, 0x00],
        }
    }
}

fn echo_card() -> EchoCard {
    EchoCard { powered: false }
}

#[test]
fn lists_readers_waits_and_exchanges_apdus() {
    let pcscd = Pcscd::start().unwrap();
    let reader = pcscd.reader_name(0);
    let pcsc = Pcsc::establish().unwrap();
    let readers = pcsc.readers().unwrap();
    assert!(readers.contains(&reader), "{readers:?}");
    assert!(readers.contains(&pcscd.reader_name(1)), "{readers:?}");

    // No card yet: a short wait times out and takes about as long as asked.
    let start = Instant::now();
    let waited = pcsc.wait_for_card(Some(&reader), Some(Duration::from_millis(600)));
    assert_eq!(waited, Err(PcscError::Timeout));
    assert!(
        start.elapsed() >= Duration::from_millis(550),
        "{:?}",
        start.elapsed()
    );
    assert!(pcsc.readers_with_card().unwrap().is_empty());

    let served = serve(echo_card(), pcscd.card_addr(0));
    let found = pcsc
        .wait_for_card(None, Some(Duration::from_secs(30)))
        .unwrap();
    assert_eq!(found, reader);
    let mut card = pcsc.connect(&reader).unwrap();
    assert_eq!(card.atr(), echo_card().atr().as_slice());
    assert!(card.advertises_extended_length());
    assert_eq!(
        pcsc.readers_with_card().unwrap(),
        vec![(reader.clone(), echo_card().atr())]
    );

    let select = [
        0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0, 0, 0x02, 0x47, 0x10, 0x01,
    ];
    assert_eq!(card.transmit(&select).unwrap(), vec![0x90, 0x00]);
    assert_eq!(
        card.transmit(&[0x00, 0x10, 0, 0, 3, 1, 2, 3, 0]).unwrap(),
        vec![1, 2, 3, 0x90, 0x00]
    );

    // Extended length both ways: 4000 bytes out, 4000 bytes back.
    let data: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 251) as u8).collect();
    let mut apdu = vec![0x00, 0x10, 0x00, 0x00, 0x00, 0x0F, 0xA0];
    apdu.extend_from_slice(&data);
    apdu.extend_from_slice(&[0x00, 0x00]);
    let response = card.transmit(&apdu).unwrap();
    assert_eq!(response.len(), 4002);
    assert_eq!(&response[..4000], data.as_slice());
    assert_eq!(&response[4000..], &[0x90, 0x00]);
    assert!(served.apdu_count() >= 3);

    // Malformed commands are refused before they reach the stack.
    assert!(matches!(
        card.transmit(&[0x00]),
        Err(PcscError::InvalidCommand(_))
    ));
    drop(card);
    served.stop().unwrap();
}

#[test]
fn card_removed_mid_session_is_a_clear_error() {
    let pcscd = Pcscd::start().unwrap();
    let reader = pcscd.reader_name(0);
    let pcsc = Pcsc::establish().unwrap();
    let served = serve(echo_card(), pcscd.card_addr(0));
    pcsc.wait_for_card(Some(&reader), Some(Duration::from_secs(30)))
        .unwrap();
    let mut card = pcsc.connect(&reader).unwrap();
    assert_eq!(
        card.transmit(&[0x00, 0xA4, 0x00, 0x0C]).unwrap(),
        vec![0x90, 0x00]
    );

    served.stop().unwrap();
    // pcscd notices the removal on its next poll of the reader; any transmit after that
    // must say the card went away, never hang or return garbage.
    let start = Instant::now();
    let error = loop {
        match card.transmit(&[0x00, 0xA4, 0x00, 0x0C]) {
            Ok(_) if start.elapsed() < Duration::from_secs(5) => {
                std::thread::sleep(Duration::from_millis(50))
            }
            Ok(r) => panic!("card still answers after removal: {r:02X?}"),
            Err(e) => break e,
        }
    };
    assert_eq!(error, PcscError::CardRemoved, "{}", pcscd.log());
    assert!(pcsc.readers_with_card().unwrap().is_empty());
}

#[test]
fn a_wait_is_cancelled_from_another_thread() {
    let pcscd = Pcscd::start().unwrap();
    let reader = pcscd.reader_name(0);
    let pcsc = Pcsc::establish().unwrap();
    let cancel = pcsc.cancel_handle();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        cancel.cancel();
    });
    let start = Instant::now();
    let waited = pcsc.wait_for_card(Some(&reader), Some(Duration::from_secs(20)));
    assert_eq!(waited, Err(PcscError::Cancelled));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    canceller.join().unwrap();

    // The cancel sticks until reset; after a reset the context waits normally again.
    assert_eq!(
        pcsc.wait_for_card(Some(&reader), None),
        Err(PcscError::Cancelled)
    );
    pcsc.reset_cancel();
    assert_eq!(
        pcsc.wait_for_card(Some(&reader), Some(Duration::from_millis(100))),
        Err(PcscError::Timeout)
    );
}

#[test]
fn no_service_after_pcscd_stops() {
    let mut pcscd = Pcscd::start().unwrap();
    let reader = pcscd.reader_name(0);
    let pcsc = Pcsc::establish().unwrap();
    let served = serve(echo_card(), pcscd.card_addr(0));
    pcsc.wait_for_card(Some(&reader), Some(Duration::from_secs(30)))
        .unwrap();
    let mut card = pcsc.connect(&reader).unwrap();
    // The daemon stops; the harness's lock stays held until the served card is gone, so the
    // card cannot turn up in the next test's daemon.
    pcscd.stop_daemon();
    let error = card.transmit(&[0x00, 0xA4, 0x00, 0x0C]).unwrap_err();
    assert!(
        matches!(
            error,
            PcscError::NoService | PcscError::ReaderUnavailable(_)
        ),
        "{error:?}"
    );
    served.stop().unwrap();
}

#[test]
fn the_served_card_comes_back_after_pcscd_restarts() {
    let mut pcscd = Pcscd::start().unwrap();
    let reader = pcscd.reader_name(0);
    let served = serve(echo_card(), pcscd.card_addr(0));
    assert!(served.wait_connected(Duration::from_secs(30)));
    pcscd.restart().unwrap();
    let pcsc = Pcsc::establish().unwrap();
    assert_eq!(
        pcsc.wait_for_card(Some(&reader), Some(Duration::from_secs(30))),
        Ok(reader.clone()),
        "{}",
        pcscd.log()
    );
    let mut card = pcsc.connect(&reader).unwrap();
    assert_eq!(
        card.transmit(&[0x00, 0xA4, 0x00, 0x0C]).unwrap(),
        vec![0x90, 0x00]
    );
    drop(card);
    served.stop().unwrap();
}
