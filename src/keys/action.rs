//! What a key means: the intents the app understands. Keys become actions (`keys`), actions
//! change state (`app`), state is drawn (`views`).

/// A direction to move after committing an edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Up,
    Down,
    Left,
    Right,
    Stay,
}

/// An intent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Repaint the whole screen (Ctrl+L: garbage left by the link or another program).
    Redraw,
    NextTab,
    PrevTab,
    GoTab(usize),
    Move(Dir),
    PageUp,
    PageDown,
    /// First / last column of the row.
    RowStart,
    RowEnd,
    /// First / last row.
    Top,
    Bottom,
    /// Enter: edit the cell (or open what is selected on the overview).
    Activate,
    /// A key that starts an edit with this character, as in a spreadsheet.
    StartEdit(char),
    /// Delete/Backspace on a cell: blank it, after an explicit yes.
    RequestBlank,
    /// Text typed into the active field.
    Input(char),
    /// Text pasted into the active field (or refused outside one).
    Paste(String),
    /// Keys that arrived together faster than anyone types (a paste without brackets).
    Burst(Vec<crossterm::event::KeyEvent>),
    Backspace,
    Delete,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    ClearField,
    /// Write the edit, then move.
    Commit(Dir),
    /// Leave the field, dialog or panel without doing anything.
    Cancel,
    /// Answer to a yes/no question.
    Answer(bool),
    /// Pick an option of a question (1-based).
    Choose(u8),
    /// Enter on a question with a default option.
    ChooseDefault,
    /// In a list: move, accept.
    ListUp,
    ListDown,
    ListPageUp,
    ListPageDown,
    Accept,
    OpenSearch,
    OpenFindings,
    /// Jump to the next / previous cell with a finding.
    NextFinding,
    PrevFinding,
    OpenHelp,
    PrevYear,
    NextYear,
    StartNextPlan,
    OpenOrgPicker,
    /// Opens (or closes) the selected indicator by unit.
    OpenByUnit,
    /// Opens the change log panel.
    OpenLog,
    /// Edits the comment on the selected figure.
    EditNote,
    /// Sends the unit's plan up.
    PlanSubmit,
    /// Writes the plan as a workbook (asks for the file name).
    Export,
    /// Reads a workbook or CSV into a new scenario (asks for the file).
    Import,
    /// A new form from the ministry's workbook (`F`).
    FormImport,
    /// Approves the chosen unit's plan (by-unit view).
    PlanApprove,
    /// Returns the chosen unit's plan, with a reason (by-unit view).
    PlanReturn,
    /// Reopens the chosen unit's approved plan (by-unit view).
    PlanReopen,
    Undo,
    Redo,
    OpenScenarios,
    NewScenario,
    /// In the scenario list.
    RenameScenario,
    DeleteScenario,
    ApplyScenario,
    OpenCompare,
    /// Write into the active scenario what the identities between indicators require of the
    /// figures it changed (stock and flow, parts, the same figure twice).
    Balance,
    /// Goal seek on the selected cell of the active scenario (asks for the goal).
    OpenSeek,
    /// Scenarios side by side with the official figures (in the summary: choose again).
    OpenSide,
    /// Tick or untick the selected line of a choice.
    Toggle,
    /// In the compare view: apply the selected change only.
    ApplySelected,
    OpenHistory,
    /// Stops the long work running off the input thread (an export, an import), leaving
    /// nothing half-done.
    StopWork,
    /// Time passed (polling for other users' changes).
    Tick,
}
