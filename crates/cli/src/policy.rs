//! The POLICY argument: a document's path or an embedded preset's name,
//! and problems printed the way `teamgate check` prints them.

use teamgate::{Gate, PolicyError};

/// Prints a document's problems like a compiler, each with its path and help.
pub(crate) fn print_problems(file: &str, err: &PolicyError) {
    for p in err.problems() {
        eprintln!(
            "error[{}]: {}\n  --> {file}: {}",
            p.code(),
            p.message(),
            p.path()
        );
        if let Some(h) = p.help() {
            eprintln!("  help: {h}");
        }
    }
    let n = err.problems().len();
    eprintln!("{file}: {n} problem{}", if n == 1 { "" } else { "s" });
}

/// Reads a file, or says why not (on stderr).
pub(crate) fn read(file: &str) -> Option<String> {
    match std::fs::read_to_string(file) {
        Ok(t) => Some(t),
        Err(e) => {
            eprintln!("error[io]: cannot read `{file}`: {e}");
            None
        }
    }
}

/// The gate of a POLICY argument: a file if there is one at that path,
/// else the preset of that name. `None` after printing why.
pub(crate) fn load(arg: &str) -> Option<Gate> {
    let is_file = std::path::Path::new(arg).is_file();
    if !is_file && teamgate::presets::names().any(|n| n == arg) {
        return Gate::preset(arg).ok();
    }
    let text = read(arg)?;
    match Gate::from_json(&text) {
        Ok(g) => Some(g),
        Err(e) => {
            print_problems(arg, &e);
            None
        }
    }
}

/// A file read and parsed by `parse` (a test or invariants file), or `None`
/// after printing why.
pub(crate) fn read_as<T>(file: &str, parse: impl Fn(&str) -> Result<T, PolicyError>) -> Option<T> {
    let text = read(file)?;
    match parse(&text) {
        Ok(t) => Some(t),
        Err(e) => {
            print_problems(file, &e);
            None
        }
    }
}

/// Prints `value` as pretty JSON; `false` (after saying why) if it cannot.
pub(crate) fn print_json(value: &impl serde::Serialize) -> bool {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            println!("{text}");
            true
        }
        Err(e) => {
            eprintln!("{e}");
            false
        }
    }
}
