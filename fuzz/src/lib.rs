//! What the fuzz targets share (see the README's "Fuzzing"): the API they serve events with
//! (`api`) and the checks of any bytes (`check`).

pub mod api;
pub mod check;
