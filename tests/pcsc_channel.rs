//! The library's PC/SC adapter over a real pcscd: a minimal virtual card served through
//! vpcd is found without naming the reader, answers through `CardChannel`, and its removal
//! surfaces as `ChannelError::CardRemoved`.

use idverify::chip::transport::pcsc::PcscReaders;
use idverify::chip::{CardChannel, ChannelError};
use idverify_vpcd::testing::Pcscd;
use idverify_vpcd::{VirtualCard, serve};
use std::time::{Duration, Instant};

/// A card without card capabilities in its ATR that answers every command with its INS
/// byte and 9000.
struct InsCard;

impl VirtualCard for InsCard {
    fn atr(&self) -> Vec<u8> {
        // TS 3B, T0 02 (no interface bytes, K=2), historical bytes 80 01.
        vec![0x3B, 0x02, 0x80, 0x01]
    }

    fn transmit(&mut self, apdu: &[u8]) -> Vec<u8> {
        vec![apdu.get(1).copied().unwrap_or(0), 0x90, 0x00]
    }
}

#[test]
fn channel_finds_the_card_transmits_and_reports_removal() {
    let pcscd = Pcscd::start().unwrap();
    let readers = PcscReaders::establish().unwrap();
    assert!(readers.readers().unwrap().contains(&pcscd.reader_name(1)));
    assert_eq!(
        readers
            .connect_first(None, Some(Duration::from_millis(300)))
            .err(),
        Some(ChannelError::Timeout)
    );

    let served = serve(InsCard, pcscd.card_addr(1));
    let mut channel = readers
        .connect_first(None, Some(Duration::from_secs(10)))
        .unwrap();
    assert_eq!(channel.reader(), pcscd.reader_name(1));
    assert_eq!(channel.atr(), &[0x3B, 0x02, 0x80, 0x01]);
    assert_eq!(channel.extended_length_hint(), None);
    assert_eq!(
        channel.transmit(&[0x00, 0x84, 0x00, 0x00, 0x08]).unwrap(),
        vec![0x84, 0x90, 0x00]
    );

    served.stop().unwrap();
    let start = Instant::now();
    let error = loop {
        match channel.transmit(&[0x00, 0xB0, 0x00, 0x00, 0x04]) {
            Ok(_) if start.elapsed() < Duration::from_secs(5) => {
                std::thread::sleep(Duration::from_millis(50))
            }
            other => break other.unwrap_err(),
        }
    };
    assert_eq!(error, ChannelError::CardRemoved);
}
