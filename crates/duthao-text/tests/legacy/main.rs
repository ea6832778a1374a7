//! Tests for `duthao_text::legacy`: TCVN3 and VNI text detected and converted to
//! Unicode.
//!
//! - `known_samples`: text typed in the old encodings by people, not by our encoder,
//!   so that the tables are checked against reality.
//! - `legal_texts`: realistic legal sentences encoded with our encoder, detected,
//!   converted back.
//! - `no_misfire`: Unicode Vietnamese, French, English, ASCII and numbers stay as
//!   they are.
//! - `properties`: round trips on generated Vietnamese, never panicking on any input.

mod known_samples;
mod legal_texts;
mod no_misfire;
mod properties;
mod support;
