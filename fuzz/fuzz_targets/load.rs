//! Any bytes as a policy document: a gate or a structured error, never a
//! panic; when it loads, every way of asking agrees.
#![no_main]

use libfuzzer_sys::fuzz_target;
use teamgate::Gate;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let gate = match Gate::from_json(&text) {
        Ok(g) => g,
        Err(e) => {
            assert!(!e.problems().is_empty());
            assert!(e.problems().len() <= teamgate::MAX_PROBLEMS);
            return;
        }
    };
    let roles: Vec<String> = gate.roles().map(str::to_owned).collect();
    let actions: Vec<String> = gate.actions().map(str::to_owned).collect();
    let numbers: Vec<Option<String>> = std::iter::once(None).chain(gate.numbers().map(|n| Some(n.to_owned()))).collect();
    let mut scopes: Vec<Option<String>> = gate.scopes().map(|s| Some(s.to_owned())).collect();
    scopes.extend([None, Some("all".to_owned())]);
    for n in numbers.iter().take(3) {
        for r in roles.iter().take(8) {
            if let Some(caps) = gate.capabilities(r, n.as_deref()) {
                assert_eq!(caps.actions.len(), actions.len());
            }
            for a in actions.iter().take(16) {
                for s in &scopes {
                    let e = match n {
                        Some(n) => gate.explain_in(n, r, a, s.as_deref()),
                        None => gate.explain(r, a, s.as_deref()),
                    };
                    let fast = match n {
                        Some(n) => gate.can_in(n, r, a, s.as_deref()),
                        None => gate.can(r, a, s.as_deref()),
                    };
                    assert_eq!(fast, e.allowed, "{n:?} {r} {a} {s:?}");
                }
            }
            for t in roles.iter().take(8) {
                assert_eq!(gate.can_edit_permissions(r, t), gate.explain_edit_permissions(r, t).allowed);
                assert_eq!(gate.can_assign_role(r, t), gate.explain_assign_role(r, t).allowed);
            }
        }
    }
    let _ = gate.team_warnings();
    let _ = gate.check_limit("custom_roles", 3);
    // What loads, round-trips.
    let again = Gate::from_json(&gate.policy().to_json()).expect("a loaded policy reloads");
    assert_eq!(again.policy(), gate.policy());
});
