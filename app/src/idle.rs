//! Running background work when the browser is idle, so it never competes with the first
//! render or with typing.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The longest `requestIdleCallback` may wait on a page that is never idle.
const IDLE_TIMEOUT_MS: u32 = 3000;
/// The delay used where `requestIdleCallback` is missing (Safari).
const FALLBACK_MS: i32 = 200;

/// Calls `task` once, when the browser is next idle.
pub fn when_idle(task: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let callback = Closure::once_into_js(task);
    // Looked up rather than bound, so a browser without it falls back instead of throwing.
    let request = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(request) = request {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"timeout".into(), &IDLE_TIMEOUT_MS.into());
        if request.call2(&window, &callback, &options).is_ok() {
            return;
        }
    }
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), FALLBACK_MS);
}
