//! Sound devices: everything that talks to an audio server lives here, behind traits, so the
//! rest of the app (and its tests) never needs one. `playback` plays a drill's voice back.

pub mod playback;
