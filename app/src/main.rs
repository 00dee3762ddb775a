//! Entry point of the WebAssembly app.

fn main() {
    console_error_panic_hook::set_once();
    fukushima_site::start();
}
