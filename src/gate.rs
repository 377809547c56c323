//! The [`Gate`] servers use: the core's gate (every question, through
//! `Deref`), built from documents that are validated first, with "did you
//! mean" hints on, and edited into new gates ([`crate::edit`]).

use crate::presets;
use crate::validate::validate;
use std::fmt;
use std::ops::Deref;
use teamgate_format::{Policy, PolicyError};

/// A validated, compiled policy: load once, ask many times.
///
/// Every question (`can*`, `explain*`, limits, members, capabilities,
/// `dehydrate`, `snapshot`) is the core's [`teamgate_core::Gate`], reached
/// through `Deref`; this type adds what needs the document reader and
/// validation: building gates from documents and presets, and edits.
///
/// # Example
/// ```
/// use teamgate::Gate;
/// let gate = Gate::preset("team-inbox")?;
/// assert!(gate.can("agent", "chats.reply", Some("mine")));
/// assert!(!gate.can("agent", "billing.payment", None));
/// let err = Gate::preset("team-inbx").unwrap_err();
/// assert_eq!(err.problems()[0].help(), Some("did you mean `team-inbox`?"));
/// # Ok::<(), teamgate::PolicyError>(())
/// ```
#[derive(Clone)]
pub struct Gate(teamgate_core::Gate);

impl Gate {
    /// Validates and compiles a policy document.
    ///
    /// # Errors
    /// A [`PolicyError`] listing every problem found.
    pub fn new(policy: Policy) -> Result<Gate, PolicyError> {
        validate(policy).map(Gate::from)
    }

    /// Parses, validates and compiles a JSON policy document.
    ///
    /// # Errors
    /// A [`PolicyError`]: a structural problem (bad JSON, wrong type,
    /// unknown field) or every semantic problem at once.
    pub fn from_json(text: &str) -> Result<Gate, PolicyError> {
        Gate::new(Policy::from_json(text)?)
    }

    /// Loads one of the embedded presets (see [`crate::presets`]).
    ///
    /// # Errors
    /// `unknown_preset` for a name that is not a preset.
    pub fn preset(name: &str) -> Result<Gate, PolicyError> {
        Gate::from_json(presets::source(name)?)
    }

    /// A gate from [`teamgate_core::Gate::snapshot`] bytes, without
    /// validating the policy again (it was validated when the snapshot was
    /// made).
    ///
    /// # Errors
    /// `invalid_snapshot` for bytes that are not a snapshot of this format.
    pub fn from_snapshot(bytes: &[u8]) -> Result<Gate, PolicyError> {
        teamgate_core::Gate::from_snapshot(bytes).map(Gate::from)
    }

    /// Calls `log` with every decision made through the string API
    /// (`can*`, `explain*`), for an audit trail (S003.3). Off by default; when
    /// off it costs one branch. The id-based `can_ids` is not logged. Edited
    /// gates keep it.
    pub fn with_decision_log(
        self,
        log: impl Fn(&teamgate_core::DecisionRecord<'_>) + Send + Sync + 'static,
    ) -> Self {
        Gate(self.0.with_decision_log(log))
    }

    /// The core's gate (what the bindings and `teamgate-core` users take).
    pub fn into_core(self) -> teamgate_core::Gate {
        self.0
    }
}

/// The known id closest to `input` (the hints of this crate's gates).
fn by_edit_distance<'a>(input: &str, known: &[&'a str]) -> Option<&'a str> {
    teamgate_format::closest(input, known.iter().copied())
}

/// A core gate (from a snapshot, or an edit) as this crate's: with hints.
impl From<teamgate_core::Gate> for Gate {
    fn from(gate: teamgate_core::Gate) -> Gate {
        Gate(gate.with_suggestions(by_edit_distance))
    }
}

impl From<Gate> for teamgate_core::Gate {
    fn from(gate: Gate) -> teamgate_core::Gate {
        gate.0
    }
}

impl Deref for Gate {
    type Target = teamgate_core::Gate;
    fn deref(&self) -> &teamgate_core::Gate {
        &self.0
    }
}

impl fmt::Debug for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
