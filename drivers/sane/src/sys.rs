//! The C declarations of the SANE API this driver calls, transcribed from the SANE Standard
//! 1.06 (section 4, "The SANE Application Programmer Interface") and Debian's `sane/sane.h`.
//! Only what the driver uses; no logic. The functions are not linked: [`Api`] is their
//! table, filled when libsane is loaded at run time (`library.rs`).

use std::ffi::{c_char, c_int, c_void};

pub type Word = c_int;
pub type Status = c_int;
pub type Handle = *mut c_void;

// SANE_Status (standard 4.2.7)
pub const STATUS_GOOD: Status = 0;
pub const STATUS_UNSUPPORTED: Status = 1;
pub const STATUS_CANCELLED: Status = 2;
pub const STATUS_DEVICE_BUSY: Status = 3;
pub const STATUS_INVAL: Status = 4;
pub const STATUS_EOF: Status = 5;
pub const STATUS_JAMMED: Status = 6;
pub const STATUS_NO_DOCS: Status = 7;
pub const STATUS_COVER_OPEN: Status = 8;
pub const STATUS_IO_ERROR: Status = 9;
pub const STATUS_NO_MEM: Status = 10;
pub const STATUS_ACCESS_DENIED: Status = 11;

// SANE_Value_Type (4.2.9.4)
pub const TYPE_BOOL: c_int = 0;
pub const TYPE_INT: c_int = 1;
pub const TYPE_FIXED: c_int = 2;
pub const TYPE_STRING: c_int = 3;
pub const TYPE_BUTTON: c_int = 4;
pub const TYPE_GROUP: c_int = 5;

// SANE_Constraint_Type (4.2.9.8)
pub const CONSTRAINT_RANGE: c_int = 1;
pub const CONSTRAINT_WORD_LIST: c_int = 2;
pub const CONSTRAINT_STRING_LIST: c_int = 3;

// Capabilities (4.2.9.7) and set-value info bits (4.3.7)
pub const CAP_SOFT_SELECT: Word = 1 << 0;
pub const CAP_INACTIVE: Word = 1 << 5;

// SANE_Action (4.3.7)
pub const ACTION_GET_VALUE: c_int = 0;
pub const ACTION_SET_VALUE: c_int = 1;

// SANE_Frame (4.3.8)
pub const FRAME_GRAY: c_int = 0;
pub const FRAME_RGB: c_int = 1;

/// SANE_Device (4.2.8)
#[repr(C)]
pub struct Device {
    pub name: *const c_char,
    pub vendor: *const c_char,
    pub model: *const c_char,
    pub kind: *const c_char,
}

/// SANE_Range (4.2.9.8)
#[repr(C)]
pub struct Range {
    pub min: Word,
    pub max: Word,
    pub quant: Word,
}

/// The constraint union of SANE_Option_Descriptor (4.2.9.8).
#[repr(C)]
pub union Constraint {
    pub string_list: *const *const c_char,
    pub word_list: *const Word,
    pub range: *const Range,
}

/// SANE_Option_Descriptor (4.2.9)
#[repr(C)]
pub struct OptionDescriptor {
    pub name: *const c_char,
    pub title: *const c_char,
    pub desc: *const c_char,
    pub value_type: c_int,
    pub unit: c_int,
    pub size: Word,
    pub cap: Word,
    pub constraint_type: c_int,
    pub constraint: Constraint,
}

/// SANE_Parameters (4.3.8)
#[repr(C)]
#[derive(Default)]
pub struct Parameters {
    pub format: c_int,
    pub last_frame: Word,
    pub bytes_per_line: Word,
    pub pixels_per_line: Word,
    pub lines: Word,
    pub depth: Word,
}

/// SANE_Auth_Callback (4.3.1); the driver passes none.
pub type AuthCallback = Option<unsafe extern "C" fn(*const c_char, *mut c_char, *mut c_char)>;

/// The SANE functions the driver calls (4.3), resolved from libsane at run time
/// (`library.rs`); the names in the comments are the C symbols.
pub struct Api {
    /// `sane_init`
    pub init: unsafe extern "C" fn(version_code: *mut Word, authorize: AuthCallback) -> Status,
    /// `sane_exit`
    pub exit: unsafe extern "C" fn(),
    /// `sane_get_devices`
    pub get_devices:
        unsafe extern "C" fn(device_list: *mut *mut *const Device, local_only: Word) -> Status,
    /// `sane_open`
    pub open: unsafe extern "C" fn(name: *const c_char, handle: *mut Handle) -> Status,
    /// `sane_close`
    pub close: unsafe extern "C" fn(handle: Handle),
    /// `sane_get_option_descriptor`
    pub get_option_descriptor:
        unsafe extern "C" fn(handle: Handle, option: Word) -> *const OptionDescriptor,
    /// `sane_control_option`
    pub control_option: unsafe extern "C" fn(
        handle: Handle,
        option: Word,
        action: c_int,
        value: *mut c_void,
        info: *mut Word,
    ) -> Status,
    /// `sane_get_parameters`
    pub get_parameters: unsafe extern "C" fn(handle: Handle, params: *mut Parameters) -> Status,
    /// `sane_start`
    pub start: unsafe extern "C" fn(handle: Handle) -> Status,
    /// `sane_read`
    pub read: unsafe extern "C" fn(
        handle: Handle,
        data: *mut u8,
        max_length: Word,
        length: *mut Word,
    ) -> Status,
    /// `sane_cancel`
    pub cancel: unsafe extern "C" fn(handle: Handle),
}
