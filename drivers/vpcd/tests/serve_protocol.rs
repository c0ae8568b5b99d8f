//! The serving thread against a stand-in for the vpcd driver (a local TCP listener): control
//! messages reach the card, APDUs are answered, stop returns the card, and a dropped
//! connection is re-established.

use idverify_vpcd::{Message, VirtualCard, read_message, serve, write_frame};
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

#[derive(Default)]
struct Recorder {
    events: Vec<String>,
    /// Leaves the reader when asked for INS 'FE'.
    gone: bool,
}

impl VirtualCard for Recorder {
    fn atr(&self) -> Vec<u8> {
        vec![0x3B, 0x00]
    }
    fn power_on(&mut self) {
        self.events.push("on".into());
    }
    fn power_off(&mut self) {
        self.events.push("off".into());
    }
    fn reset(&mut self) {
        self.events.push("reset".into());
    }
    fn is_present(&self) -> bool {
        !self.gone
    }
    fn transmit(&mut self, apdu: &[u8]) -> Vec<u8> {
        self.events.push(format!("apdu {}", apdu.len()));
        if apdu.get(1) == Some(&0xFE) {
            self.gone = true;
            return Vec::new();
        }
        if apdu.get(1) == Some(&0xB0) {
            // A response longer than a vpcd frame can carry.
            return vec![0; 70000];
        }
        let mut r = apdu.to_vec();
        r.extend_from_slice(&[0x90, 0x00]);
        r
    }
}

fn accept(listener: &TcpListener) -> TcpStream {
    let (stream, _) = listener.accept().unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
}

fn answer(stream: &mut TcpStream) -> Vec<u8> {
    match read_message(stream).unwrap() {
        Some(Message::Apdu(bytes)) => bytes,
        other => panic!("expected a frame, got {other:?}"),
    }
}

#[test]
fn speaks_the_vpcd_protocol_and_reconnects() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let served = serve(Recorder::default(), listener.local_addr().unwrap());

    let mut driver = accept(&listener);
    assert!(served.wait_connected(Duration::from_secs(5)));
    write_frame(&mut driver, &[0x01]).unwrap(); // power on
    write_frame(&mut driver, &[0x04]).unwrap(); // ATR request
    // The ATR comes back as one frame (2 bytes are a "message" of length 2).
    assert_eq!(answer(&mut driver), vec![0x3B, 0x00]);
    write_frame(&mut driver, &[0x00, 0xA4, 0x04, 0x0C]).unwrap();
    assert_eq!(
        answer(&mut driver),
        vec![0x00, 0xA4, 0x04, 0x0C, 0x90, 0x00]
    );
    write_frame(&mut driver, &[0x00, 0xB0, 0x00, 0x00, 0x00]).unwrap();
    assert_eq!(answer(&mut driver), vec![0x6F, 0x00]);
    write_frame(&mut driver, &[0x02]).unwrap(); // reset
    write_frame(&mut driver, &[0x00]).unwrap(); // power off
    write_frame(&mut driver, &[0x07]).unwrap(); // unknown control code: ignored
    write_frame(&mut driver, &[0x00, 0x84, 0x00, 0x00, 0x08]).unwrap();
    assert_eq!(answer(&mut driver).len(), 7);
    assert_eq!(served.apdu_count(), 3);

    // The driver goes away (pcscd restarts): the card connects again by itself.
    drop(driver);
    let mut driver = accept(&listener);
    write_frame(&mut driver, &[0x04]).unwrap();
    assert_eq!(answer(&mut driver), vec![0x3B, 0x00]);

    // Stopping removes the card: the driver sees the connection close.
    let card = served.stop().unwrap();
    let mut rest = Vec::new();
    assert_eq!(driver.read_to_end(&mut rest).unwrap(), 0);
    assert_eq!(
        card.events,
        ["on", "apdu 4", "apdu 5", "reset", "off", "apdu 5"]
    );
}

#[test]
fn stop_works_while_no_driver_listens() {
    // Bind then drop to get a port nothing listens on.
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let served = serve(Recorder::default(), addr);
    assert!(!served.wait_connected(Duration::from_millis(300)));
    let card = served.stop().unwrap();
    assert!(card.events.is_empty());
}

#[test]
fn a_card_that_leaves_closes_the_connection_and_stays_away() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let served = serve(Recorder::default(), listener.local_addr().unwrap());
    let mut driver = accept(&listener);
    write_frame(&mut driver, &[0x00, 0xFE, 0x00, 0x00]).unwrap();
    let mut rest = Vec::new();
    assert_eq!(driver.read_to_end(&mut rest).unwrap(), 0);
    // No reconnection while the card is away.
    listener.set_nonblocking(true).unwrap();
    std::thread::sleep(Duration::from_millis(400));
    assert!(listener.accept().is_err());
    assert!(!served.is_connected());
    let card = served.stop().unwrap();
    assert_eq!(card.events, ["apdu 4"]);
}
