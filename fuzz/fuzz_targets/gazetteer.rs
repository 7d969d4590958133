//! Arbitrary text into the gazetteer parser: entities or a `path:line:
//! reason` error, never a panic; parsed entities build a working extractor.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match isnad::Gazetteer::parse("fuzz.tsv", text) {
        Ok(entities) => {
            let mut g = isnad::Gazetteer::new();
            g.extend(entities);
            let e = isnad::Extractor::builder().gazetteer(g).build().expect("parsed entities build");
            let _ = e.extract(text);
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz.tsv:")),
    }
});
