//! A device's options as plain values: what each is (type, unit, constraint, whether it can
//! be set) and its value. SANE Standard 1.06, 4.2.9 (option descriptors) and 4.5 (well-known
//! options such as `resolution`, `mode`, `source`).

use crate::{sys, text};

/// How an option's value is typed (4.2.9.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A boolean.
    Bool,
    /// One or more integers.
    Int,
    /// One or more fixed-point numbers (16.16), given here as `f64`.
    Fixed,
    /// A string.
    Text,
    /// A button: setting it triggers an action.
    Button,
    /// A group heading, no value.
    Group,
}

/// The physical unit of an option (4.2.9.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// No unit.
    None,
    /// Pixels.
    Pixel,
    /// Bits.
    Bit,
    /// Millimetres.
    Millimetre,
    /// Dots per inch.
    Dpi,
    /// Percent.
    Percent,
    /// Microseconds.
    Microsecond,
}

/// The values an option accepts (4.2.9.8); numbers of fixed options already converted.
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    /// Anything of the option's type.
    None,
    /// A range with a step (0 for none).
    Range {
        /// Smallest value.
        min: f64,
        /// Largest value.
        max: f64,
        /// Step; 0 when any value in the range goes.
        quant: f64,
    },
    /// One of these numbers.
    Numbers(Vec<f64>),
    /// One of these strings (e.g. `mode`: Gray, Color; `source`: Flatbed, ADF, …).
    Strings(Vec<String>),
}

/// A value read from or given to an option.
#[derive(Debug, Clone, PartialEq)]
pub enum OptionValue {
    /// A boolean option.
    Bool(bool),
    /// An integer option (arrays: every element).
    Int(Vec<i32>),
    /// A fixed-point option (arrays: every element).
    Fixed(Vec<f64>),
    /// A string option.
    Text(String),
}

impl OptionValue {
    /// The first number of an `Int` or `Fixed` value, e.g. the resolution in dpi.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            OptionValue::Int(v) => v.first().map(|&n| f64::from(n)),
            OptionValue::Fixed(v) => v.first().copied(),
            _ => None,
        }
    }
}

impl std::fmt::Display for OptionValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let join = |items: Vec<String>| items.join(",");
        match self {
            OptionValue::Bool(b) => write!(f, "{}", if *b { "yes" } else { "no" }),
            OptionValue::Int(v) => f.write_str(&join(v.iter().map(i32::to_string).collect())),
            OptionValue::Fixed(v) => f.write_str(&join(v.iter().map(f64::to_string).collect())),
            OptionValue::Text(s) => f.write_str(s),
        }
    }
}

/// One option of a device, as its descriptor says.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionInfo {
    /// Index for `sane_control_option`.
    pub(crate) index: i32,
    /// Command-line name, e.g. `resolution` (empty for groups).
    pub name: String,
    /// One-line title.
    pub title: String,
    /// Longer description.
    pub description: String,
    /// Value type.
    pub kind: ValueKind,
    /// Unit.
    pub unit: Unit,
    /// Size of the value in bytes (strings: including the NUL; arrays: 4 per element).
    pub size: usize,
    /// Whether the option is currently active.
    pub active: bool,
    /// Whether software may set it.
    pub settable: bool,
    /// What it accepts.
    pub constraint: Constraint,
}

/// 16.16 fixed point to f64 (4.2.6: SANE_UNFIX).
pub(crate) fn unfix(word: sys::Word) -> f64 {
    f64::from(word) / 65536.0
}

/// f64 to 16.16 fixed point (SANE_FIX), `None` outside the representable range.
pub(crate) fn fix(value: f64) -> Option<sys::Word> {
    let scaled = (value * 65536.0).round();
    (scaled.is_finite() && scaled >= f64::from(i32::MIN) && scaled <= f64::from(i32::MAX))
        .then_some(scaled as i32)
}

/// The largest option value the driver reads or writes (gamma tables are a few KiB).
pub(crate) const MAX_OPTION_SIZE: usize = 1 << 20;

/// Copies a descriptor into an [`OptionInfo`].
///
/// # Safety
/// `d` points to a valid descriptor whose strings and constraint pointers are valid for the
/// call (SANE keeps them until the options are reloaded or the device closed).
pub(crate) unsafe fn describe(index: i32, d: &sys::OptionDescriptor) -> OptionInfo {
    let kind = match d.value_type {
        sys::TYPE_BOOL => ValueKind::Bool,
        sys::TYPE_INT => ValueKind::Int,
        sys::TYPE_FIXED => ValueKind::Fixed,
        sys::TYPE_STRING => ValueKind::Text,
        sys::TYPE_BUTTON => ValueKind::Button,
        sys::TYPE_GROUP => ValueKind::Group,
        // An unknown type is treated as having no value the driver could read.
        _ => ValueKind::Group,
    };
    let unit = match d.unit {
        1 => Unit::Pixel,
        2 => Unit::Bit,
        3 => Unit::Millimetre,
        4 => Unit::Dpi,
        5 => Unit::Percent,
        6 => Unit::Microsecond,
        _ => Unit::None,
    };
    // SAFETY: the caller's contract covers the constraint the descriptor names.
    let constraint = unsafe { constraint_of(d, kind) };
    // SAFETY: the descriptor's strings are NUL-terminated or null (caller's contract).
    let (name, title, description) = unsafe {
        (
            text::owned(d.name),
            text::owned(d.title),
            text::owned(d.desc),
        )
    };
    OptionInfo {
        index,
        name,
        title,
        description,
        kind,
        unit,
        size: usize::try_from(d.size).unwrap_or(0),
        active: d.cap & sys::CAP_INACTIVE == 0,
        settable: d.cap & sys::CAP_SOFT_SELECT != 0,
        constraint,
    }
}

/// The constraint of descriptor `d`, numbers converted for `kind`.
///
/// # Safety
/// The union member named by `d.constraint_type` is valid: a range pointer, a word list
/// whose first word is its length, or a NULL-terminated list of NUL-terminated strings.
unsafe fn constraint_of(d: &sys::OptionDescriptor, kind: ValueKind) -> Constraint {
    let number = |w: sys::Word| {
        if kind == ValueKind::Fixed {
            unfix(w)
        } else {
            f64::from(w)
        }
    };
    // SAFETY: each member is read as the function's contract says it is laid out, within
    // the length the list itself gives (bounded by MAX_OPTION_SIZE).
    unsafe {
        match d.constraint_type {
            sys::CONSTRAINT_RANGE if !d.constraint.range.is_null() => {
                let r = &*d.constraint.range;
                Constraint::Range {
                    min: number(r.min),
                    max: number(r.max),
                    quant: number(r.quant),
                }
            }
            sys::CONSTRAINT_WORD_LIST if !d.constraint.word_list.is_null() => {
                let list = d.constraint.word_list;
                let len = usize::try_from(*list).unwrap_or(0).min(MAX_OPTION_SIZE / 4);
                Constraint::Numbers((1..=len).map(|i| number(*list.add(i))).collect())
            }
            sys::CONSTRAINT_STRING_LIST if !d.constraint.string_list.is_null() => {
                let list = d.constraint.string_list;
                let mut strings = Vec::new();
                while strings.len() < MAX_OPTION_SIZE {
                    let s = *list.add(strings.len());
                    if s.is_null() {
                        break;
                    }
                    strings.push(text::owned(s));
                }
                Constraint::Strings(strings)
            }
            _ => Constraint::None,
        }
    }
}
