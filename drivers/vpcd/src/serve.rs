//! Serving a [`VirtualCard`] to the vpcd driver on a background thread: connect (and
//! reconnect while pcscd restarts), answer control messages and APDUs, stop on request.

use crate::error::VpcdError;
use crate::frame::{Message, read_length, read_payload, write_frame};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long one connection attempt may take before retrying.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(500);
/// Pause between connection attempts while the driver is not listening.
const RETRY_PAUSE: Duration = Duration::from_millis(100);

/// The status word sent when the card's answer does not fit a vpcd frame
/// ('6F00': no precise diagnosis, ISO/IEC 7816-4 §5.1.3).
const SW_NO_PRECISE_DIAGNOSIS: [u8; 2] = [0x6F, 0x00];

/// A software smart card as the vpcd driver sees it.
pub trait VirtualCard: Send {
    /// The answer to reset.
    fn atr(&self) -> Vec<u8>;
    /// The reader powers the card on.
    fn power_on(&mut self) {}
    /// The reader powers the card off: forget any session state.
    fn power_off(&mut self) {}
    /// The reader resets the card: forget any session state.
    fn reset(&mut self) {}
    /// Processes one command APDU and returns the response APDU (data and SW1 SW2).
    fn transmit(&mut self, apdu: &[u8]) -> Vec<u8>;
    /// Whether the card is in the reader. A card that leaves (e.g. a test's "removed after
    /// N APDUs") has its connection closed and is not served again while this is `false`.
    fn is_present(&self) -> bool {
        true
    }
}

struct Shared {
    stop: AtomicBool,
    connected: AtomicBool,
    apdus: AtomicU64,
    stream: Mutex<Option<TcpStream>>,
}

/// A card being served; dropping it (or [`ServeHandle::stop`]) removes the card.
pub struct ServeHandle<C> {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<C>>,
}

/// Serves `card` to the vpcd driver at `addr` (e.g. `127.0.0.1:35963`) on a new thread.
///
/// The thread keeps connecting until the driver listens, and reconnects when the driver
/// closes the connection (pcscd restarted). The card is "in the reader" while connected.
pub fn serve<C: VirtualCard + 'static>(card: C, addr: SocketAddr) -> ServeHandle<C> {
    let shared = Arc::new(Shared {
        stop: AtomicBool::new(false),
        connected: AtomicBool::new(false),
        apdus: AtomicU64::new(0),
        stream: Mutex::new(None),
    });
    let thread_shared = Arc::clone(&shared);
    let thread = std::thread::spawn(move || run(card, addr, &thread_shared));
    ServeHandle {
        shared,
        thread: Some(thread),
    }
}

impl<C> ServeHandle<C> {
    /// Whether the driver has the card connected right now.
    pub fn is_connected(&self) -> bool {
        self.shared.connected.load(Ordering::SeqCst)
    }

    /// Waits up to `timeout` for the driver to take the connection; returns whether it did.
    pub fn wait_connected(&self, timeout: Duration) -> bool {
        let start = Instant::now();
        while !self.is_connected() {
            if start.elapsed() >= timeout {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        true
    }

    /// How many APDUs the card has answered so far.
    pub fn apdu_count(&self) -> u64 {
        self.shared.apdus.load(Ordering::SeqCst)
    }

    /// Removes the card (closes the connection), ends the thread and returns the card.
    pub fn stop(mut self) -> Result<C, VpcdError> {
        self.signal_stop();
        match self.thread.take() {
            Some(thread) => thread.join().map_err(|_| VpcdError::ThreadFailed),
            None => Err(VpcdError::ThreadFailed),
        }
    }

    fn signal_stop(&self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let guard = self
            .shared
            .stream
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(stream) = guard.as_ref() {
            // Unblocks the thread's read; an error means the socket is already gone.
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

impl<C> Drop for ServeHandle<C> {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            self.signal_stop();
            let _ = thread.join();
        }
    }
}

fn run<C: VirtualCard>(mut card: C, addr: SocketAddr, shared: &Shared) -> C {
    while !shared.stop.load(Ordering::SeqCst) {
        if !card.is_present() {
            std::thread::sleep(RETRY_PAUSE);
            continue;
        }
        let Ok(stream) = TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) else {
            std::thread::sleep(RETRY_PAUSE);
            continue;
        };
        {
            let mut slot = shared.stream.lock().unwrap_or_else(PoisonError::into_inner);
            if shared.stop.load(Ordering::SeqCst) {
                break;
            }
            match stream.try_clone() {
                Ok(clone) => *slot = Some(clone),
                Err(_) => continue,
            }
        }
        let _ = stream.set_nodelay(true);
        shared.connected.store(true, Ordering::SeqCst);
        // The session ends on any I/O error or when the driver closes the connection.
        let _ = session(&mut card, stream, shared);
        shared.connected.store(false, Ordering::SeqCst);
        *shared.stream.lock().unwrap_or_else(PoisonError::into_inner) = None;
        if !shared.stop.load(Ordering::SeqCst) {
            std::thread::sleep(RETRY_PAUSE);
        }
    }
    card
}

fn session<C: VirtualCard>(
    card: &mut C,
    mut stream: TcpStream,
    shared: &Shared,
) -> Result<(), VpcdError> {
    while let Some(len) = read_length(&mut stream)? {
        // vpcd sends the length and the bytes separately; acknowledge the length now.
        quick_ack(&stream);
        let message = read_payload(&mut stream, len)?;
        match message {
            Message::PowerOff => card.power_off(),
            Message::PowerOn => card.power_on(),
            Message::Reset => card.reset(),
            Message::GetAtr => write_frame(&mut stream, &card.atr())?,
            Message::UnknownControl(_) => {}
            Message::Apdu(apdu) => {
                let response = card.transmit(&apdu);
                shared.apdus.fetch_add(1, Ordering::SeqCst);
                if !card.is_present() {
                    // The card left mid-command: no answer, the reader sees it gone.
                    return Ok(());
                }
                match write_frame(&mut stream, &response) {
                    Err(VpcdError::FrameTooLong(_)) => {
                        write_frame(&mut stream, &SW_NO_PRECISE_DIAGNOSIS)?
                    }
                    other => other?,
                }
            }
        }
    }
    Ok(())
}

/// Sends the pending ACK at once. vpcd writes a frame's length and its bytes in two sends;
/// with Nagle on its side and delayed ACKs on ours, every APDU would wait ~40 ms for the ACK
/// that releases the second send. Setting TCP_QUICKACK flushes a scheduled ACK; Linux
/// clears the flag by itself, so it is set for every frame.
fn quick_ack(stream: &TcpStream) {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        // Best effort: without it the exchange is only slower.
        let _ = socket2::SockRef::from(stream).set_tcp_quickack(true);
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let _ = stream;
}
