//! The machine-readable zone (ICAO 9303 Parts 3-7): layouts, fields, check digits, dates,
//! OCR correction and the key material for BAC/PACE.
