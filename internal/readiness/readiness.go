// Package readiness is the dashboard's action plan: the actions of the
// "Kit SOS RGPD pour les marketeurs", grouped by urgency, each with a
// status computed from what gdprkit holds (the contact base, imports,
// settings) or from checklist items that users tick, with who and when.
//
// The plan itself (plan.go) is data and Evaluate is pure; the Service adds
// storage and a short cache, so a dashboard view never scans the base.
package readiness

import "time"

// Urgency groups the kit's actions.
type Urgency string

// The kit's three groups, most urgent first.
const (
	High       Urgency = "high"
	MediumHigh Urgency = "medium_high"
	Medium     Urgency = "medium"
)

// Urgencies lists the groups in the order the dashboard shows them.
var Urgencies = []Urgency{High, MediumHigh, Medium}

// Action is one action of the kit. Its title, explanation and items are
// translation keys under "plan.<Key>".
type Action struct {
	Key     string
	Urgency Urgency
	Link    string // where the action is done in gdprkit, if anywhere
	Items   []Item
}

// Kind says how an item's state is known.
type Kind string

const (
	// Auto items are computed from data gdprkit holds.
	Auto Kind = "auto"
	// Check items are ticked by a user.
	Check Kind = "check"
	// Info items show a figure and count for nothing.
	Info Kind = "info"
)

// Item is one step of an action.
type Item struct {
	Key  string
	Kind Kind
	Link string
}

// Tick is a checklist item a user ticked.
type Tick struct {
	Action string
	Item   string
	DoneAt time.Time
	DoneBy string // actor
	Name   string // the user's name at the time
}

// State is how far an action or the whole plan is.
type State string

// States.
const (
	Todo       State = "todo"
	InProgress State = "in_progress"
	Done       State = "done"
)
