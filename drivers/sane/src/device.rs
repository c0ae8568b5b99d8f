//! An open scanner: its options (list, read, set) and closing it. The scan itself is in
//! `scan.rs`.

use crate::error::{SaneError, Status, check};
use crate::options::{self, Constraint, OptionInfo, OptionValue, ValueKind};
use crate::session::{HUNG, Sane, Session};
use crate::sys;
use std::ffi::c_void;
use std::marker::PhantomData;
use std::rc::Rc;
use std::sync::atomic::Ordering;

/// An open SANE device; closed on drop. `'s` is the [`Sane`] it was opened from
/// (`'static` for a device that owns the session, [`Sane::into_device`]).
pub struct Device<'s> {
    pub(crate) handle: sys::Handle,
    /// Set when a cancel hung in the backend: the handle is never touched again.
    pub(crate) abandoned: bool,
    /// Keeps SANE initialised while the device is open; its functions.
    session: Rc<Session>,
    _opened_from: PhantomData<&'s Sane>,
}

impl<'s> Device<'s> {
    pub(crate) fn new(session: Rc<Session>, handle: sys::Handle) -> Device<'s> {
        Device {
            handle,
            abandoned: false,
            session,
            _opened_from: PhantomData,
        }
    }

    /// The SANE functions.
    pub(crate) fn api(&self) -> &'static sys::Api {
        self.session.api
    }

    pub(crate) fn usable(&self) -> Result<(), SaneError> {
        if self.abandoned || HUNG.load(Ordering::SeqCst) {
            return Err(SaneError::BackendHung);
        }
        Ok(())
    }

    /// Every option the device describes now, group headings included (option 0, the
    /// option count, is not listed).
    pub fn options(&self) -> Result<Vec<OptionInfo>, SaneError> {
        self.usable()?;
        let mut count: sys::Word = 0;
        // SAFETY: option 0 is the option count, an Int (SANE Standard 4.5.1); `count` is a
        // valid 4-byte buffer for it.
        check("sane_control_option(0)", unsafe {
            (self.api().control_option)(
                self.handle,
                0,
                sys::ACTION_GET_VALUE,
                (&raw mut count).cast::<c_void>(),
                std::ptr::null_mut(),
            )
        })?;
        let mut list = Vec::new();
        for index in 1..count.clamp(1, 10_000) {
            // SAFETY: `index` is below the option count the device gave; the handle is open.
            let descriptor = unsafe { (self.api().get_option_descriptor)(self.handle, index) };
            if descriptor.is_null() {
                continue;
            }
            // SAFETY: a non-null descriptor from the backend, valid until the options are
            // reloaded; `describe` copies everything at once.
            list.push(unsafe { options::describe(index, &*descriptor) });
        }
        Ok(list)
    }

    /// The option called `name`.
    pub fn option(&self, name: &str) -> Result<OptionInfo, SaneError> {
        self.options()?
            .into_iter()
            .find(|o| o.name == name)
            .ok_or_else(|| SaneError::NoOption(name.to_string()))
    }

    /// The current value of option `name`.
    pub fn get(&self, name: &str) -> Result<OptionValue, SaneError> {
        let info = self.option(name)?;
        if !info.active {
            return Err(SaneError::OptionNotSettable(name.to_string()));
        }
        if matches!(info.kind, ValueKind::Button | ValueKind::Group) {
            return Err(SaneError::BadValue {
                name: name.to_string(),
                reason: "a button or group has no value".into(),
            });
        }
        if info.size == 0 || info.size > options::MAX_OPTION_SIZE {
            return Err(SaneError::BadValue {
                name: name.to_string(),
                reason: format!("value size {} out of bounds", info.size),
            });
        }
        // Words keep the buffer aligned for Int/Fixed/Bool values.
        let mut words = vec![0 as sys::Word; info.size.div_ceil(4)];
        // SAFETY: the buffer holds at least `size` bytes, the size the descriptor declares for
        // this option's value, so the backend writes within it.
        check("sane_control_option(get)", unsafe {
            (self.api().control_option)(
                self.handle,
                info.index,
                sys::ACTION_GET_VALUE,
                words.as_mut_ptr().cast::<c_void>(),
                std::ptr::null_mut(),
            )
        })?;
        let count = (info.size / 4).max(1);
        Ok(match info.kind {
            ValueKind::Bool => OptionValue::Bool(words[0] != 0),
            ValueKind::Int => OptionValue::Int(words[..count].to_vec()),
            ValueKind::Fixed => {
                OptionValue::Fixed(words[..count].iter().map(|&w| options::unfix(w)).collect())
            }
            _ => {
                let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_ne_bytes()).collect();
                let end = bytes[..info.size]
                    .iter()
                    .position(|&b| b == 0)
                    .unwrap_or(info.size);
                OptionValue::Text(String::from_utf8_lossy(&bytes[..end]).into_owned())
            }
        })
    }

    /// Sets option `name` to `value` (a single number for an array sets its first element
    /// only if the array has one element; give every element otherwise).
    pub fn set(&self, name: &str, value: &OptionValue) -> Result<(), SaneError> {
        let info = self.option(name)?;
        if !info.active || !info.settable {
            return Err(SaneError::OptionNotSettable(name.to_string()));
        }
        let bad = |reason: String| SaneError::BadValue {
            name: name.to_string(),
            reason,
        };
        let words_wanted = (info.size / 4).max(1);
        let mut buffer: Vec<sys::Word> = match (info.kind, value) {
            (ValueKind::Bool, OptionValue::Bool(b)) => vec![sys::Word::from(*b)],
            (ValueKind::Int, OptionValue::Int(v)) => v.clone(),
            (ValueKind::Fixed, OptionValue::Fixed(v)) => v
                .iter()
                .map(|&x| options::fix(x).ok_or_else(|| bad(format!("{x} out of range"))))
                .collect::<Result<_, _>>()?,
            (ValueKind::Text, OptionValue::Text(s)) => {
                if let Constraint::Strings(choices) = &info.constraint
                    && !choices.contains(s)
                {
                    return Err(bad(format!("{s:?} is not one of {}", choices.join("|"))));
                }
                if s.contains('\0') {
                    return Err(SaneError::Nul(s.clone()));
                }
                if s.len() + 1 > info.size {
                    return Err(bad(format!("longer than {} bytes", info.size - 1)));
                }
                let mut bytes = s.as_bytes().to_vec();
                bytes.resize(info.size.div_ceil(4) * 4, 0);
                bytes
                    .chunks_exact(4)
                    .map(|c| sys::Word::from_ne_bytes([c[0], c[1], c[2], c[3]]))
                    .collect()
            }
            (kind, value) => return Err(bad(format!("a {kind:?} option, given {value:?}"))),
        };
        if !matches!(info.kind, ValueKind::Text) && buffer.len() != words_wanted {
            return Err(bad(format!(
                "{} values given, the option takes {words_wanted}",
                buffer.len()
            )));
        }
        let mut info_bits: sys::Word = 0;
        // SAFETY: the buffer is at least the option's declared size, holds a value of its
        // type (a NUL-terminated string for Text), and lives across the call.
        let status = unsafe {
            (self.api().control_option)(
                self.handle,
                info.index,
                sys::ACTION_SET_VALUE,
                buffer.as_mut_ptr().cast::<c_void>(),
                &mut info_bits,
            )
        };
        match Status::from_code(status) {
            None => Ok(()),
            Some(Status::Invalid) => Err(bad(format!("the device refused {value}"))),
            Some(status) => Err(SaneError::Call {
                operation: "sane_control_option(set)",
                status,
            }),
        }
    }

    /// Sets option `name` from text as a command line gives it: `yes`/`no` for booleans,
    /// numbers (comma-separated for arrays), or the string itself.
    pub fn set_from_text(&self, name: &str, text: &str) -> Result<(), SaneError> {
        let info = self.option(name)?;
        let bad = || SaneError::BadValue {
            name: name.to_string(),
            reason: format!("{text:?} is not a {:?} value", info.kind),
        };
        let value = match info.kind {
            ValueKind::Bool => match text {
                "yes" | "true" | "1" => OptionValue::Bool(true),
                "no" | "false" | "0" => OptionValue::Bool(false),
                _ => return Err(bad()),
            },
            ValueKind::Int => OptionValue::Int(
                text.split(',')
                    .map(|t| t.trim().parse::<i32>().map_err(|_| bad()))
                    .collect::<Result<_, _>>()?,
            ),
            ValueKind::Fixed => OptionValue::Fixed(
                text.split(',')
                    .map(|t| t.trim().parse::<f64>().map_err(|_| bad()))
                    .collect::<Result<_, _>>()?,
            ),
            ValueKind::Text => OptionValue::Text(text.to_string()),
            ValueKind::Button | ValueKind::Group => return Err(bad()),
        };
        self.set(name, &value)
    }

    /// The scan resolution in dpi (the well-known option `resolution`, SANE Standard 4.5.4,
    /// else `x-resolution`), `None` when the device has neither.
    pub fn resolution(&self) -> Result<Option<f64>, SaneError> {
        for name in ["resolution", "x-resolution"] {
            match self.get(name) {
                Ok(value) => return Ok(value.as_number()),
                Err(SaneError::NoOption(_) | SaneError::OptionNotSettable(_)) => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }
}

impl Drop for Device<'_> {
    fn drop(&mut self) {
        if self.abandoned || HUNG.load(Ordering::SeqCst) {
            return;
        }
        // SAFETY: the handle came from sane_open and is closed once, here.
        unsafe { (self.api().close)(self.handle) };
    }
}
