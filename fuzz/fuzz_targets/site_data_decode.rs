#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| site_fuzz::site_data_decode(data));
