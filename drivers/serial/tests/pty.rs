//! The reader through a real kernel pseudo-terminal pair: the test writes to the master the
//! way MRZ readers write (bursts, split lines, STX/ETX, noise, a slow drip, silence), the
//! driver reads the slave as it would read /dev/ttyUSB0.

use idverify_serial::{LineSettings, MrzFrame, MrzReader, MrzShape, SerialError};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const TD3: [&str; 2] = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
];
const TD2: [&str; 2] = [
    "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
    "D231458907UTO7408122F1204159<<<<<<<6",
];
const TD1: [&str; 3] = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
];

/// A pty pair: the master (the reader's side) and the slave's path (the port we open).
fn pty() -> (std::fs::File, PathBuf) {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("openpt");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let name = ptsname(&master, Vec::new()).expect("ptsname");
    let path = PathBuf::from(name.to_str().expect("pts path"));
    (std::fs::File::from(master), path)
}

/// An opened reader and the master to write to.
fn reader() -> (MrzReader, std::fs::File) {
    let (master, path) = pty();
    let reader = MrzReader::open(&path, &LineSettings::default()).expect("open the pty slave");
    (reader, master)
}

fn read(reader: &mut MrzReader, timeout_ms: u64) -> Result<MrzFrame, SerialError> {
    reader.read_mrz(Duration::from_millis(timeout_ms), &AtomicBool::new(false))
}

#[test]
fn td3_in_one_burst_with_stx_etx_and_crlf() {
    let (mut reader, mut master) = reader();
    write!(master, "\x02{}\r\n{}\r\n\x03", TD3[0], TD3[1]).unwrap();
    let frame = read(&mut reader, 5000).unwrap();
    assert_eq!((frame.shape, frame.text()), (MrzShape::Td3, TD3.join("\n")));
}

#[test]
fn td1_split_into_small_bursts_with_cr_only() {
    let (mut reader, mut master) = reader();
    let text = format!("{}\r{}\r{}\r", TD1[0], TD1[1], TD1[2]);
    let writer = std::thread::spawn(move || {
        for chunk in text.as_bytes().chunks(7) {
            master.write_all(chunk).unwrap();
            std::thread::sleep(Duration::from_millis(15));
        }
        master
    });
    let frame = read(&mut reader, 5000).unwrap();
    assert_eq!(frame.lines, TD1);
    drop(writer.join().unwrap());
}

#[test]
fn td2_in_a_slow_drip_with_lf_only() {
    let (mut reader, mut master) = reader();
    let text = format!("{}\n{}\n", TD2[0], TD2[1]);
    let writer = std::thread::spawn(move || {
        for byte in text.as_bytes() {
            master.write_all(&[*byte]).unwrap();
            std::thread::sleep(Duration::from_millis(2));
        }
        master
    });
    let frame = read(&mut reader, 5000).unwrap();
    assert_eq!(
        (frame.shape, frame.lines.clone()),
        (MrzShape::Td2, TD2.map(String::from).to_vec())
    );
    drop(writer.join().unwrap());
}

#[test]
fn noise_and_garbage_lines_do_not_lose_the_good_read_after_them() {
    let (mut reader, mut master) = reader();
    master
        .write_all(b"\xff\xfe\x00@@ERR 17\r\nP<UTO\r\nhello world\r\n")
        .unwrap();
    write!(master, "\x02{}\r\n{}\r\n\x03", TD3[0], TD3[1]).unwrap();
    assert_eq!(read(&mut reader, 5000).unwrap().lines, TD3);
}

#[test]
fn nothing_at_all_times_out_clearly() {
    let (mut reader, _master) = reader();
    let started = Instant::now();
    let error = read(&mut reader, 300).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(
        matches!(error, SerialError::Timeout { bytes: 0, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "no data from the MRZ reader within 300ms"
    );
}

#[test]
fn garbage_only_times_out_and_says_what_came() {
    let (mut reader, mut master) = reader();
    master.write_all(b"NOT AN MRZ\r\n12345\r\n").unwrap();
    let error = read(&mut reader, 300).unwrap_err();
    assert!(
        matches!(
            error,
            SerialError::Timeout {
                bytes: 19,
                rejected: 2,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("19 bytes received, 2 lines rejected"),
        "{error}"
    );
}

#[test]
fn a_read_cut_off_by_silence_is_dropped_and_the_next_read_is_whole() {
    let (mut reader, mut master) = reader();
    reader.set_frame_gap(Duration::from_millis(100));
    // The first line of a TD1, then the reader stops (document pulled out mid-swipe).
    write!(master, "{}\r\n", TD1[0]).unwrap();
    let writer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(400));
        write!(master, "{}\r\n{}\r\n{}\r\n", TD1[0], TD1[1], TD1[2]).unwrap();
        master
    });
    assert_eq!(read(&mut reader, 5000).unwrap().lines, TD1);
    drop(writer.join().unwrap());
}

#[test]
fn a_last_line_without_line_break_ends_with_silence() {
    let (mut reader, mut master) = reader();
    reader.set_frame_gap(Duration::from_millis(100));
    write!(master, "{}\r\n{}", TD3[0], TD3[1]).unwrap();
    assert_eq!(read(&mut reader, 5000).unwrap().lines, TD3);
}

#[test]
fn two_documents_in_one_burst_are_two_reads() {
    let (mut reader, mut master) = reader();
    write!(
        master,
        "{}\n{}\n{}\n{}\n{}\n",
        TD3[0], TD3[1], TD1[0], TD1[1], TD1[2]
    )
    .unwrap();
    assert_eq!(read(&mut reader, 5000).unwrap().shape, MrzShape::Td3);
    assert_eq!(read(&mut reader, 5000).unwrap().shape, MrzShape::Td1);
}

#[test]
fn a_judge_skips_a_stray_line_from_an_earlier_read() {
    let (mut reader, mut master) = reader();
    reader.set_judge(Box::new(|f: &MrzFrame| f.lines[0].starts_with('P')));
    write!(master, "{}\n{}\n{}\n", TD3[1], TD3[0], TD3[1]).unwrap();
    assert_eq!(read(&mut reader, 5000).unwrap().lines, TD3);
}

#[test]
fn cancel_from_another_thread_ends_the_wait() {
    let (mut reader, _master) = reader();
    let token = Arc::new(AtomicBool::new(false));
    let canceller = Arc::clone(&token);
    let thread = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        canceller.store(true, Ordering::SeqCst);
    });
    let started = Instant::now();
    let result = reader.read_mrz(Duration::from_secs(30), &token);
    assert!(matches!(result, Err(SerialError::Cancelled)), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    thread.join().unwrap();
}

#[test]
fn a_reader_that_goes_away_is_a_hang_up() {
    let (mut reader, master) = reader();
    drop(master);
    let error = read(&mut reader, 5000).unwrap_err();
    assert!(matches!(error, SerialError::HungUp), "{error:?}");
}

#[test]
fn the_baud_rate_is_set_on_the_port() {
    let (_master, path) = pty();
    let settings = LineSettings {
        baud: 115_200,
        rts_cts: false,
    };
    let _reader = MrzReader::open(&path, &settings).unwrap();
    let fd = rustix::fs::open(
        &path,
        rustix::fs::OFlags::RDONLY | rustix::fs::OFlags::NOCTTY,
        rustix::fs::Mode::empty(),
    )
    .unwrap();
    let termios = rustix::termios::tcgetattr(&fd).unwrap();
    assert_eq!(termios.output_speed(), 115_200);
    assert!(
        termios
            .control_modes
            .contains(rustix::termios::ControlModes::CS8)
    );
}

#[test]
fn what_is_not_a_serial_port_is_refused() {
    let error = MrzReader::open("/dev/null".as_ref(), &LineSettings::default())
        .err()
        .unwrap();
    assert!(matches!(error, SerialError::NotATerminal(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "/dev/null is not a serial port (not a terminal)"
    );
    let file = std::env::temp_dir().join(format!("idverify-serial-{}", std::process::id()));
    std::fs::write(&file, b"x").unwrap();
    let error = MrzReader::open(&file, &LineSettings::default())
        .err()
        .unwrap();
    std::fs::remove_file(&file).unwrap();
    assert!(matches!(error, SerialError::NotATerminal(_)), "{error:?}");
    let error = MrzReader::open("/dev/ttyNOSUCH".as_ref(), &LineSettings::default())
        .err()
        .unwrap();
    assert!(
        error
            .to_string()
            .starts_with("cannot open /dev/ttyNOSUCH: "),
        "{error}"
    );
}
