//! Compiles the built-in gazetteers into the binary: every
//! `gazetteers/entities-*.tsv` becomes one `(name, text)` pair of
//! `BUILTIN_ENTITY_FILES`, so a new file needs no code change.
use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteers");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("gazetteers/ is readable")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("entities-") && n.ends_with(".tsv"))
        .collect();
    names.sort();
    let mut out = String::from(
        "/// The built-in entity files, `(file name, contents)`, sorted by name.\npub(crate) static BUILTIN_ENTITY_FILES: &[(&str, &str)] = &[\n",
    );
    for n in &names {
        println!("cargo:rerun-if-changed={}", dir.join(n).display());
        out.push_str(&format!(
            "    ({n:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/gazetteers/{n}\"))),\n"
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_gazetteers.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
