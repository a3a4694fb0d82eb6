package contacts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// Verdict is the current state of one purpose of a contact: what the
// audit rules conclude from all the evidence the base holds, and the event
// that decided it. The store keeps one per contact and purpose (table
// consent_state), written in the same transaction as the events, so that
// "may I send?" is one indexed lookup.
type Verdict struct {
	Purpose   string
	Status    Status
	Reasons   []Reason
	ConsentAt time.Time
	// The deciding event: EventID when it is stored already, Event when
	// it is written in the same batch (its ID is set once written).
	EventID int64
	Event   *Event
}

// DecidingEvent returns the id of the deciding event, 0 when none.
func (v *Verdict) DecidingEvent() int64 {
	if v.Event != nil {
		return v.Event.ID
	}
	return v.EventID
}

// ReasonSuppressed: the address, or another address of the same mailbox,
// is on the suppression list: it was withdrawn or erased before, and only
// a new double opt-in makes it mailable again.
const ReasonSuppressed Reason = "suppressed"

// verdictsOf turns assessments into verdicts; event finds the event a
// decisive piece of evidence was read from.
func verdictsOf(as []Assessment, event func(*esp.Evidence) *Event) []Verdict {
	out := make([]Verdict, len(as))
	for i, a := range as {
		v := Verdict{Purpose: purposeOf(a.Purpose), Status: a.Status, Reasons: a.Reasons, ConsentAt: a.ConsentAt}
		if a.Decisive != nil {
			if e := event(a.Decisive); e != nil && e.ID != 0 {
				v.EventID = e.ID
			} else {
				v.Event = e
			}
		}
		out[i] = v
	}
	return out
}

// newVerdicts are the verdicts of a new contact: its events are in the
// order of its row's evidence.
func newVerdicts(in *incoming, events []Event) []Verdict {
	ev := in.prep.Record.Evidence
	return verdictsOf(in.as, func(d *esp.Evidence) *Event {
		for i := range ev {
			if &ev[i] == d && i < len(events) {
				return &events[i]
			}
		}
		return nil
	})
}

// suppressed turns every assessment of a suppressed address into a
// withdrawal: whatever the file says, the person asked not to be mailed
// (or was erased), and only a new double opt-in changes that.
func suppressed(as []Assessment) []Assessment {
	out := make([]Assessment, len(as))
	for i, a := range as {
		out[i] = Assessment{Purpose: a.Purpose, Status: Withdrawn, Reasons: []Reason{ReasonSuppressed}}
	}
	return out
}

// observationsOf is historyObservations that also says which stored event
// each piece of evidence was read from.
func observationsOf(h *History) ([]Observation, map[*esp.Evidence]*Event) {
	obs := historyObservations(h)
	slot := map[int64]int{}
	for i, s := range h.Sources {
		slot[s.ID] = i
	}
	own := len(h.Sources) // historyObservations puts the events without a source last
	next := make([]int, len(obs))
	stored := make(map[*esp.Evidence]*Event, len(h.Events))
	for i := range h.Events {
		j, ok := slot[h.Events[i].SourceID]
		if !ok {
			j = own
		}
		if j < len(obs) && next[j] < len(obs[j].Evidence) {
			stored[&obs[j].Evidence[next[j]]] = &h.Events[i]
			next[j]++
		}
	}
	return obs, stored
}

// mergeVerdicts resolves the verdicts of a contact merged with new rows:
// decisive evidence is a stored event, a new event of one of the updates,
// or a row's evidence already recorded (then its stored twin).
func mergeVerdicts(as []Assessment, stored map[*esp.Evidence]*Event, h *History, fresh []*incoming, updates []*Update) []Verdict {
	return verdictsOf(as, func(d *esp.Evidence) *Event {
		if e := stored[d]; e != nil {
			return e
		}
		for _, in := range fresh {
			ev := in.prep.Record.Evidence
			for i := range ev {
				if &ev[i] != d || i >= len(in.events) {
					continue
				}
				return findEvent(in.events[i].Commitment, &ev[i], h, updates)
			}
		}
		return nil
	})
}

// findEvent returns the event written for a row's evidence: the new event
// with its commitment (unique: each has its own salt), or the stored event
// that already recorded the same evidence.
func findEvent(commitment [32]byte, v *esp.Evidence, h *History, updates []*Update) *Event {
	for _, u := range updates {
		for k := range u.Events {
			if u.Events[k].Commitment == commitment {
				return &u.Events[k]
			}
		}
	}
	for k := range h.Events {
		if sameEvidence(&h.Events[k], v) {
			return &h.Events[k]
		}
	}
	return nil
}

// Reassess classifies a contact's whole history again, as gdprkit does
// after recording new events for it (a sign-up, a confirmation, a
// withdrawal): it returns the contact with its verdict columns updated and
// one Verdict per purpose. suppressed says the address is on the
// suppression list.
func Reassess(h *History, now time.Time, isSuppressed bool) (Contact, []Verdict) {
	obs, stored := observationsOf(h)
	as := Classify(obs, Context{Now: now})
	if isSuppressed {
		as = suppressed(as)
	}
	c := h.Contact
	applyVerdict(&c, as)
	c.UpdatedAt = now
	return c, verdictsOf(as, func(d *esp.Evidence) *Event { return stored[d] })
}

// checkSuppressed looks the pending rows' addresses up in the suppression
// list, one query per batch.
func (r *importRun) checkSuppressed(ctx context.Context) error {
	if r.im.Suppression == nil {
		return nil
	}
	keys := make([]string, len(r.pending))
	for i, in := range r.pending {
		keys[i] = in.prep.Address.Key
	}
	found, err := r.im.Suppression.Suppressed(ctx, keys)
	if err != nil {
		return fmt.Errorf("import: suppression list: %w", err)
	}
	for k := range found {
		r.suppressed[strings.Clone(k)] = true
	}
	return nil
}

// suppress imports a new contact on the suppression list as withdrawn.
func (r *importRun) suppress(in *incoming) {
	if !r.suppressed[in.prep.Address.Key] {
		return
	}
	in.as = suppressed(in.as)
	applyVerdict(&in.contact, in.as)
	r.sum.Suppressed++
}
