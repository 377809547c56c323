//! Any bytes as a snapshot: a gate or `invalid_snapshot`, never a panic;
//! what loads decides as `explain` says and writes itself back unchanged.
//!
//! The first byte picks how the rest is read: 0, as a whole snapshot (what
//! a damaged download looks like: the checksum refuses nearly all); any
//! other, as the content between the header and the checksum, framed with a
//! correct checksum, so that the reader and its cross-checks are explored.
#![no_main]

use libfuzzer_sys::fuzz_target;
use teamgate::{Gate, SNAPSHOT_FORMAT};

const CRC: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode == 0 {
        rest.to_vec()
    } else {
        let mut b = [b"TGS".as_slice(), &[SNAPSHOT_FORMAT], rest].concat();
        b.extend_from_slice(&CRC.checksum(&b).to_le_bytes());
        b
    };
    let gate = match Gate::from_snapshot(&bytes) {
        Ok(g) => g,
        Err(e) => {
            assert_eq!(e.problems().len(), 1);
            assert_eq!(e.problems()[0].code(), teamgate::ErrorCode::InvalidSnapshot);
            return;
        }
    };
    let numbers: Vec<Option<&str>> = std::iter::once(None).chain(gate.numbers().map(Some)).take(4).collect();
    let mut scopes: Vec<Option<&str>> = gate.scopes().map(Some).collect();
    scopes.extend([None, Some("all")]);
    for &n in &numbers {
        for r in gate.roles().take(8) {
            for a in gate.actions().take(32) {
                for &s in &scopes {
                    let (fast, e) = match n {
                        Some(n) => (gate.can_in(n, r, a, s), gate.explain_in(n, r, a, s)),
                        None => (gate.can(r, a, s), gate.explain(r, a, s)),
                    };
                    assert_eq!(fast, e.allowed, "{n:?} {r} {a} {s:?}");
                }
            }
            let _ = gate.capabilities(r, n);
        }
    }
    let _ = gate.team_warnings();
    // What loads, writes itself back, and loads again to the same gate.
    let again = Gate::from_snapshot(&gate.snapshot()).expect("a loaded snapshot reloads");
    assert_eq!(again.snapshot(), gate.snapshot());
    assert_eq!(again.policy(), gate.policy());
});
