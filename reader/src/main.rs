//! Entry point of the document pages' WebAssembly module.

fn main() {
    site_reader::enhance::start();
}
