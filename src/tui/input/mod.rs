//! Terminal input: raw bytes from the terminal decoded into keys, pastes and focus changes,
//! read all at once each turn, and grouped so that a paste typed out by the terminal is seen
//! as one.

pub mod burst;
pub mod decode;
pub mod reader;
