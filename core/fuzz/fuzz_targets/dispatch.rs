//! The JSON operation dispatcher (`ikc_core::call`): an operation from the list, any input text.
#![no_main]
use ikc_fuzz::{check_answer, check_start, text, OPS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&index, input)) = data.split_first() else {
        return;
    };
    let op = OPS[usize::from(index) % OPS.len()];
    let input = text(input);
    let answer = ikc_core::call(op, &input);
    if let Some(ok) = check_answer(&answer, &input) {
        match op {
            "start" => check_start(&ok),
            "sanitize_return_path" => {
                ikc_fuzz::assert_safe_path(ok["return_path"].as_str().expect("return_path"))
            }
            _ => {}
        }
    }
});
