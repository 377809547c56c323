//! Decisions dehydrated by a Rust server are the data `teamgate/lite`
//! hydrates from: the native output is committed (`tests/dehydrated/`) and
//! `js/test/hydrate.test.mjs` checks that the npm package writes the same
//! and that a lite gate reads it. `TEAMGATE_BLESS=1` rewrites the files.

use crate::common;

use teamgate::{Gate, Row, Viewer};

/// The default preset with a member: `ana`, an agent in `main` who may also
/// edit team permissions.
fn inbox_with_ana() -> Gate {
    let mut doc: serde_json::Value =
        serde_json::from_str(teamgate::presets::source("team-inbox").unwrap()).unwrap();
    doc["members"] = serde_json::json!([
        { "id": "ana", "roles": { "main": "agent" }, "grants": ["team.edit_permissions"] }
    ]);
    Gate::from_json(&doc.to_string()).unwrap()
}

#[test]
fn native_dehydrated_decisions_are_the_committed_ones() {
    let gate = inbox_with_ana();
    let cases = [
        (
            "agent-main",
            Viewer::Role {
                role: "agent",
                number: Some("main"),
            },
        ),
        (
            "owner",
            Viewer::Role {
                role: "owner",
                number: None,
            },
        ),
        (
            "member-ana-main",
            Viewer::Member {
                member: "ana",
                number: "main",
            },
        ),
    ];
    for (name, viewer) in cases {
        let mut json = serde_json::to_string_pretty(&gate.dehydrate(viewer, None)).unwrap();
        json.push('\n');
        common::assert_generated(
            &format!("tests/dehydrated/{name}.json"),
            json.as_bytes(),
            "dehydrated",
        );
    }
}

/// Every dehydrated answer is the engine's own, for every role (with and
/// without a number) and a member.
#[test]
fn every_answer_is_the_engines_for_every_role_and_member() {
    let gate = inbox_with_ana();
    let mut viewers: Vec<Viewer> = Vec::new();
    for role in gate.roles() {
        viewers.push(Viewer::Role { role, number: None });
        viewers.push(Viewer::Role {
            role,
            number: Some("main"),
        });
    }
    viewers.push(Viewer::Member {
        member: "ana",
        number: "main",
    });
    for v in viewers {
        let d = gate.dehydrate(v, None);
        assert_eq!(d.decisions.0.len(), gate.actions().count());
        for (action, row) in &d.decisions.0 {
            let ask = |scope: Option<&str>| match v {
                Viewer::Role { role, number } => match number {
                    Some(n) => gate.explain_in(n, role, action, scope),
                    None => gate.explain(role, action, scope),
                },
                Viewer::Member { member, number } => {
                    gate.explain_member(member, number, action, scope)
                }
            };
            match row {
                Row::Console(i) => assert_eq!(d.explanations[*i], ask(None)),
                Row::Chat(is) => {
                    let scopes = gate.scopes().chain([teamgate::ALL_SCOPES]);
                    for (i, s) in is.iter().zip(scopes) {
                        assert_eq!(d.explanations[*i], ask(Some(s)), "{v:?} {action} {s}");
                    }
                }
            }
        }
    }
}

#[test]
fn only_the_asked_known_actions_and_no_log() {
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    let gate = Gate::preset("team-inbox")
        .unwrap()
        .with_decision_log(move |_| {
            seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
    let d = gate.dehydrate(
        Viewer::Role {
            role: "agent",
            number: Some("main"),
        },
        Some(&["chats.read", "files.view", "no.such"]),
    );
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json["decisions"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["chats.read", "files.view"]
    );
    assert_eq!(json["decisions"]["chats.read"].as_array().unwrap().len(), 4);
    assert!(json["decisions"]["files.view"].is_u64());
    assert_eq!(count.load(std::sync::atomic::Ordering::Relaxed), 0);
}
