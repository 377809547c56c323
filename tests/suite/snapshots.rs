//! Snapshots are never misread: every damaged snapshot of every preset is
//! refused or decides exactly as the gate that wrote it, and every accepted
//! snapshot's `can` agrees with its `explain`.

use crate::common;

use teamgate::{ErrorCode, Gate};

/// Every answer a gate gives, in a fixed order: `can` and `explain` for every
/// (number, role, action, scope) with unknown ids among them, every member
/// check, every limit check and the management questions.
fn answers(g: &Gate) -> Vec<String> {
    let numbers: Vec<Option<&str>> = std::iter::once(None)
        .chain(g.numbers().map(Some))
        .chain([Some("ghost")])
        .collect();
    let roles: Vec<&str> = g.roles().chain(["ghost"]).collect();
    let actions: Vec<&str> = g.actions().chain(["chats.ghost"]).collect();
    let scopes: Vec<Option<&str>> = std::iter::once(None)
        .chain(g.scopes().map(Some))
        .chain([Some("ghost")])
        .collect();
    let mut out = Vec::new();
    for &n in &numbers {
        for &r in &roles {
            for &a in &actions {
                for &s in &scopes {
                    let (can, e) = match n {
                        Some(n) => (g.can_in(n, r, a, s), g.explain_in(n, r, a, s)),
                        None => (g.can(r, a, s), g.explain(r, a, s)),
                    };
                    assert_eq!(
                        can, e.allowed,
                        "can and explain disagree: {n:?} {r} {a} {s:?}: {e}"
                    );
                    out.push(format!("{e}"));
                }
            }
        }
    }
    for m in &g.policy().members {
        for &n in numbers.iter().flatten() {
            for &a in &actions {
                for &s in &scopes {
                    out.push(format!("{}", g.explain_member(&m.id, n, a, s)));
                }
            }
        }
    }
    for p in &g.policy().plans {
        for (limit, _) in p.limits.iter() {
            for used in 0..3 {
                out.push(format!("{:?}", g.check_limit(limit, used)));
            }
        }
    }
    for &e in &roles {
        for &t in &roles {
            out.push(format!("{}", g.explain_edit_permissions(e, t)));
            out.push(format!("{}", g.explain_assign_role(e, t)));
        }
    }
    out.push(format!("{:?}", g.team_warnings()));
    out
}

fn presets() -> Vec<(&'static str, Gate)> {
    teamgate::presets::names()
        .map(|n| (n, Gate::preset(n).unwrap()))
        .collect()
}

/// Loads `bytes`: `Ok(true)` refused, `Ok(false)` accepted and identical,
/// `Err` accepted and deciding differently.
fn judge(bytes: &[u8], want: &[String]) -> Result<bool, String> {
    match Gate::from_snapshot(bytes) {
        Err(e) => {
            assert_eq!(e.problems()[0].code(), ErrorCode::InvalidSnapshot);
            Ok(true)
        }
        Ok(g) => {
            let got = answers(&g);
            match got.iter().zip(want).position(|(a, b)| a != b) {
                None if got.len() == want.len() => Ok(false),
                Some(i) => Err(format!("{} instead of {}", got[i], want[i])),
                None => Err("a different number of answers".into()),
            }
        }
    }
}

#[test]
fn every_bit_flip_is_refused_or_decides_identically() {
    for (name, gate) in presets() {
        let good = gate.snapshot();
        let want = answers(&gate);
        let (mut refused, mut same) = (0, 0);
        for i in 0..good.len() * 8 {
            let mut bytes = good.clone();
            bytes[i / 8] ^= 1 << (i % 8);
            match judge(&bytes, &want) {
                Ok(true) => refused += 1,
                Ok(false) => same += 1,
                Err(why) => {
                    panic!("{name}: bit {i} flipped is accepted and decides differently: {why}")
                }
            }
        }
        println!("{name}: {} bit flips, {refused} refused, {same} accepted unchanged, 0 accepted and changed", good.len() * 8);
    }
}

#[test]
fn every_truncation_and_extension_is_refused() {
    for (name, gate) in presets() {
        let good = gate.snapshot();
        for n in 0..good.len() {
            assert!(
                Gate::from_snapshot(&good[..n]).is_err(),
                "{name}: first {n} bytes accepted"
            );
        }
        for tail in [&[0u8][..], &[1], &[0xff], &[0, 0, 0, 0], &good[..8]] {
            let longer = [good.as_slice(), tail].concat();
            assert!(
                Gate::from_snapshot(&longer).is_err(),
                "{name}: {tail:?} appended accepted"
            );
        }
    }
}

/// What a checksum cannot catch: a forged snapshot, its checksum made to
/// match again after each flip. The checksum is not a signature (a server
/// loads only snapshots it made); what stands behind it is that every
/// table but the roles' and members' masks is derived from the policy
/// again on load, masks beyond an action's scopes or an owner not holding
/// everything are refused, and so whatever loads never contradicts itself:
/// `can` agrees with `explain` on every request (`answers` asserts it),
/// and nothing panics.
#[test]
fn forged_snapshots_never_make_can_and_explain_disagree() {
    const CRC: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);
    // Every 31st bit (a stride prime to 8 visits every bit position of a
    // byte): each accepted flip costs a full round of answers.
    const STRIDE: usize = 31;
    for (name, gate) in presets() {
        let good = gate.snapshot();
        let body = &good[..good.len() - 4];
        let (mut refused, mut accepted) = (0, 0);
        for i in (0..body.len() * 8).step_by(STRIDE) {
            let mut bytes = body.to_vec();
            bytes[i / 8] ^= 1 << (i % 8);
            bytes.extend_from_slice(&CRC.checksum(&bytes).to_le_bytes());
            match Gate::from_snapshot(&bytes) {
                Err(_) => refused += 1,
                Ok(g) => {
                    answers(&g);
                    accepted += 1;
                }
            }
        }
        println!("{name}, forged (checksum recomputed) after every {STRIDE}th bit flip: {refused} refused, {accepted} accepted, none contradicting itself");
    }
}

/// A snapshot names its format (`SNAPSHOT_FORMAT`, the byte after the
/// magic): any other format is refused, even with a matching checksum.
#[test]
fn a_snapshot_of_another_format_is_refused() {
    const CRC: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);
    let good = Gate::preset("team-inbox").unwrap().snapshot();
    assert_eq!(good[3], teamgate::SNAPSHOT_FORMAT);
    for format in [
        0,
        teamgate::SNAPSHOT_FORMAT - 1,
        teamgate::SNAPSHOT_FORMAT + 1,
        255,
    ] {
        let mut bytes = good[..good.len() - 4].to_vec();
        bytes[3] = format;
        bytes.extend_from_slice(&CRC.checksum(&bytes).to_le_bytes());
        let err = Gate::from_snapshot(&bytes).unwrap_err();
        assert!(err.to_string().contains("another format version"), "{err}");
    }
}

#[test]
fn snapshots_of_edited_gates_load_and_agree() {
    let gate = Gate::preset("team-inbox").unwrap();
    let edited = gate
        .with_team_permission("admin", "main", "agent", "chats.read", &["mine"])
        .unwrap()
        .with_plan("basic")
        .unwrap();
    for g in [gate, edited] {
        let twin = Gate::from_snapshot(&g.snapshot()).unwrap();
        assert_eq!(answers(&twin), answers(&g));
    }
}

/// The fuzz target's seeds (`fuzz/corpus/snapshot`): every preset's
/// snapshot whole (mode 0) and as framed content (mode 1), rewritten with
/// `TEAMGATE_BLESS=1`.
#[test]
fn the_fuzz_seeds_are_current() {
    for (name, gate) in presets() {
        let snap = gate.snapshot();
        let content = &snap[4..snap.len() - 4];
        for (mode, bytes) in [(0u8, snap.as_slice()), (1, content)] {
            let seed = [&[mode][..], bytes].concat();
            let path = format!("fuzz/corpus/snapshot/{name}-{mode}");
            common::assert_generated(&path, &seed, "snapshots");
        }
    }
}
