//! Sequences of edits driven by the input, on every preset: an error or a
//! valid gate, never a panic, and never an escalation (D5).
#![no_main]

use libfuzzer_sys::fuzz_target;
use teamgate::{Gate, RoleDef};

fn pick<'a>(items: &'a [String], b: u8) -> &'a str {
    items.get(b as usize % items.len().max(1)).map(String::as_str).unwrap_or("")
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let names: Vec<&str> = teamgate::presets::names().collect();
    let Ok(mut gate) = Gate::preset(names[first as usize % names.len()]) else { return };
    for step in rest.chunks(6).take(32) {
        let b = |i: usize| step.get(i).copied().unwrap_or(0);
        let roles: Vec<String> = gate.roles().map(str::to_owned).chain(["ghost".to_owned()]).collect();
        let actions: Vec<String> = gate.actions().map(str::to_owned).collect();
        let numbers: Vec<String> = gate.numbers().map(str::to_owned).chain(["nowhere".to_owned()]).collect();
        let scopes: Vec<String> = gate.scopes().map(str::to_owned).chain(["all".to_owned(), "ghost".to_owned()]).collect();
        let editor = pick(&roles, b(1)).to_owned();
        let next = match b(0) % 4 {
            0 => {
                let chosen: Vec<&str> = scopes.iter().enumerate().filter(|(i, _)| b(5) & (1 << i) != 0).map(|(_, s)| s.as_str()).collect();
                gate.with_team_permission(&editor, pick(&numbers, b(2)), pick(&roles, b(3)), pick(&actions, b(4)), &chosen)
            }
            1 => {
                let grants: Vec<String> = actions.iter().enumerate().filter(|(i, _)| (b(4) as usize + i) % 3 == 0).map(|(_, a)| a.clone()).collect();
                let role = RoleDef { id: format!("c{}", b(2)), name: None, rank: u32::from(b(3)) * 4, builtin: false, owner: false, inherits: None, grants, except: vec![] };
                gate.with_custom_role(&editor, role)
            }
            2 => gate.with_plan(pick(&gate.policy().plans.iter().map(|p| p.id.clone()).collect::<Vec<_>>(), b(2))),
            _ => gate.with_member_role(&editor, "nobody", pick(&numbers, b(2)), pick(&roles, b(3))),
        };
        match next {
            Ok(g) => {
                // D5: a custom role never holds what its creator lacks.
                if b(0) % 4 == 1 {
                    let id = format!("c{}", b(2));
                    for a in g.actions() {
                        if g.can(&id, a, None) {
                            assert!(gate.can(&editor, a, None), "escalation: {editor} gave {id} {a}");
                        }
                    }
                }
                gate = g;
            }
            Err(e) => assert!(!e.code().is_empty()),
        }
    }
});
