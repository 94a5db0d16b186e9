//! The widget's style sheets as the wasm carries them: `static/widget.css` (every build) and
//! `static/widget-staff.css` (appended by the full build only), without their comments and with
//! each run of whitespace collapsed to one space (the files keep their comments for people;
//! every visitor downloads the wasm). Collapsing is safe here: the sheets have no string
//! holding two spaces, and a single space keeps every descendant combinator.

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in ["widget.css", "widget-staff.css"] {
        let src = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("static")
            .join(name);
        println!("cargo:rerun-if-changed={}", src.display());
        let css = std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("static/{name}: {e}"));
        std::fs::write(out.join(name), minify(&css, name)).expect("write a minified style sheet");
    }
}

fn minify(css: &str, name: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("*/")
            .unwrap_or_else(|| panic!("an unterminated comment in {name}"));
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
