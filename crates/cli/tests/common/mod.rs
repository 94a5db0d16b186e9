//! What the tests of the `xinyong` binary share: running it (arguments, stdin, environment) and
//! reading what it wrote to stderr.
// Each test file uses its own part.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// `xinyong ARGS` with `stdin` (or a closed stdin) and `env` added to the environment.
pub fn xinyong_env(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xinyong"));
    c.args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("xinyong starts");
    if let Some(data) = stdin {
        // The command may refuse its arguments before reading stdin; a closed pipe is fine.
        let _ = child.stdin.take().unwrap().write_all(data);
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

/// `xinyong ARGS` with `stdin` (or a closed stdin).
pub fn xinyong(args: &[&str], stdin: Option<&[u8]>) -> Output {
    xinyong_env(args, stdin, &[])
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
