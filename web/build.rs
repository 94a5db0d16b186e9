//! The widget's style sheet as the wasm carries it: `static/widget.css` without its comments and
//! with each run of whitespace collapsed to one space (the file keeps its comments for people;
//! every visitor downloads the wasm). Collapsing is safe here: the sheet has no string holding
//! two spaces, and a single space keeps every descendant combinator.

use std::path::PathBuf;

fn main() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("static/widget.css");
    println!("cargo:rerun-if-changed={}", src.display());
    let css = std::fs::read_to_string(&src).expect("static/widget.css");
    let mut out = String::with_capacity(css.len());
    let mut rest = css.as_str();
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("*/")
            .expect("an unterminated comment in widget.css");
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    let min = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let to =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("widget.css");
    std::fs::write(to, min).expect("write the minified style sheet");
}
