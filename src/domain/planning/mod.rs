//! Planning, not only recording: what a target implies through the identities between
//! indicators, a total spread over its parts, goal seek, and targets handed down to units.

pub mod allocate;
pub mod assume;
pub mod goal;
pub mod implied;
pub mod seek;
pub mod side;
pub mod spread;
pub mod weighted;
