//! Whether this build runs in a browser. Pages are also rendered on the host at build time
//! (the `ssr` feature), where browser APIs do not exist and calling one aborts.

/// `window`, or `None` when rendering on the host.
pub fn window() -> Option<web_sys::Window> {
    if cfg!(feature = "ssr") {
        None
    } else {
        web_sys::window()
    }
}
