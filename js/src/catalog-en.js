// Generated from the engine's English catalog (crates/core/src/messages.rs)
// by `TEAMGATE_BLESS=1 cargo test --test suite catalog`: do not edit.
// The template language is teamgate_core::template's (formatTemplate).

/** Each reason's message template. */
export const messages = {
  owner: "{task?role `{role}` may {task=assign_role?assign|edit the permissions of} `{target}`|role `{role}` is the owner and holds every permission}",
  granted_by_role: "{task?role `{role}` may {task=assign_role?assign|edit the permissions of} `{target}`|role `{role}` holds `{action}`{scope=all? for every scope}}",
  granted_to_member: "`{action}` is granted to member `{member}` on top of role `{role}`",
  within_limit: "{plan?{max?{used} of {max} `{limit}` used on plan `{plan}`|plan `{plan}` has no limit on `{limit}`}|no plans: `{limit}` is not limited}",
  unknown_role: "unknown role `{id}`",
  unknown_action: "unknown action `{id}`",
  unknown_scope: "unknown scope `{id}`",
  unknown_number: "unknown number `{id}`",
  unknown_member: "unknown member `{id}`",
  unknown_limit: "unknown limit `{id}`{suggestion? (did you mean `{suggestion}`?)}",
  not_in_number: "member `{member}` holds no role in number `{number}`",
  scope_required: "`{action}` is a chat action and needs a scope",
  scope_not_applicable: "`{action}` takes no scope, but `{scope}` was given",
  plan_lacks_feature: "`{action}` needs the `{feature?{feature}|?}` feature, which plan `{plan}` lacks",
  role_lacks_action: "{task=reassign_member?role `{role}` lacks {actions} and cannot reassign a member holding other roles|{task?role `{role}` lacks {actions} and cannot {task=assign_role?assign|edit the permissions of} other roles|role `{role}` lacks `{action}`}}",
  scope_not_granted: "role `{role}` holds `{action}` only for {scopes}, not `{scope}`",
  restricted_in_number: "team permissions of number `{number}` restrict `{action}` for role `{role}` to {scopes?{scopes}|no chats}",
  not_subordinate: "{task=reassign_member?role `{role}` can only reassign a member holding roles ranked below it, and `{target}` is not|{task=create_role?role `{role}` (rank {rank}) can only create roles ranked below it, not rank {targetRank}|role `{role}` can only {task=assign_role?assign|edit the permissions of} roles ranked below it, and `{target}` is not}}",
  owner_not_editable: "{task=reassign_member?nobody can reassign a member holding the owner role `{target}`|{task=create_role?a custom role cannot be the owner|nobody can {task=assign_role?assign|edit the permissions of} the owner role `{target}`}}",
  not_a_team_permission: "`{action}` is not a chat action",
  escalation: "{task=edit_permissions?role `{role}` cannot grant `{action}`{scopes? for {scopes}} in number `{number}`: it does not hold that itself|{task=create_role?the new role `{target}` would hold `{action}`{scopes? for {scopes}}{number? in number `{number}`}, which `{role}` does not hold there|role `{target}` holds `{action}`{scopes? for {scopes}}, which `{role}` does not}}",
  limit_reached: "plan `{plan}` allows {max} `{limit}`, {used} used{upgradeTo?; plan `{upgradeTo}` allows more}",
  not_configured: "{task=create_role?this policy names no action that lets a role create roles|this policy names no action that lets a role {task=assign_role?assign|edit the permissions of} a role}",
};

/** Each reason's hint template (written empty: no hint). */
export const hints = {
  unknown_role: "{suggestion?did you mean `{suggestion}`?}",
  unknown_action: "{suggestion?did you mean `{suggestion}`?}",
  unknown_scope: "{suggestion?did you mean `{suggestion}`?}",
  unknown_number: "{suggestion?did you mean `{suggestion}`?}",
  unknown_member: "{suggestion?did you mean `{suggestion}`?}",
  not_in_number: "assign the member a role in this number first",
  scope_required: "pass one of {scopes}",
  scope_not_applicable: "pass no scope for console actions",
  plan_lacks_feature: "{upgradeTo?upgrade to plan `{upgradeTo}`}",
  restricted_in_number: "a role ranked above it can change this on the number's permissions page",
  not_subordinate: "{task=create_role?use a rank below {rank}|ask someone ranked above it}",
  owner_not_editable: "{task=create_role?|the owner always holds every permission}",
  not_a_team_permission: "{task=edit_permissions?team permissions cover chat actions only; console access follows the role|}",
  escalation: "{task=edit_permissions?grant only scopes the editor holds|nobody can hand out more than they hold}",
  limit_reached: "{task=create_role?{upgradeTo?upgrade to plan `{upgradeTo}`}|}",
  not_configured: "{task=create_role?set `management.manage_roles` in the policy|set it under `management` in the policy}",
};
