package register

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Entities of the change history.
const (
	EntityOrganisation  = "organisation"
	EntityVendor        = "vendor"
	EntityActivity      = "activity"
	EntityMethod        = "collection_method"
	EntityQuestionnaire = "questionnaire"
)

// Change actions.
const (
	ActionCreated  = "created"
	ActionUpdated  = "updated"
	ActionDeleted  = "deleted"
	ActionImported = "imported"
	ActionSent     = "sent"
	ActionAnswered = "answered"
	ActionRevoked  = "revoked"
	ActionEmailed  = "emailed"
)

// Change is one entry of the register's history: who changed what, when,
// field by field. The store writes it in the transaction of the change
// itself, so the history cannot miss a change or record one that failed.
type Change struct {
	ID       int64                  `json:"id"`
	At       time.Time              `json:"at"`    // set by the store: the transaction's time
	Actor    string                 `json:"actor"` // set by the store from the context
	Entity   string                 `json:"entity"`
	EntityID int64                  `json:"entity_id"` // set by the store on creation
	Action   string                 `json:"action"`
	Fields   map[string]FieldChange `json:"fields,omitempty"`
}

// FieldChange is the value of one field before and after, as JSON.
type FieldChange struct {
	Old json.RawMessage `json:"old,omitempty"`
	New json.RawMessage `json:"new,omitempty"`
}

// Fields that change on every write and say nothing about the content.
var bookkeeping = map[string]bool{"id": true, "version": true, "created_at": true, "updated_at": true}

// Diff compares two values of the same type field by field through their
// JSON form, so the history speaks the same field names as the JSON
// export. old or new may be nil (creation, deletion). It returns only the
// fields that differ.
func Diff(old, new any) (map[string]FieldChange, error) {
	a, err := fieldsOf(old)
	if err != nil {
		return nil, err
	}
	b, err := fieldsOf(new)
	if err != nil {
		return nil, err
	}
	out := map[string]FieldChange{}
	for _, k := range unionKeys(a, b) {
		if bookkeeping[k] || bytes.Equal(a[k], b[k]) {
			continue
		}
		out[k] = FieldChange{Old: a[k], New: b[k]}
	}
	return out, nil
}

func fieldsOf(v any) (map[string]json.RawMessage, error) {
	m := map[string]json.RawMessage{}
	if v == nil {
		return m, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("register: diff: %w", err)
	}
	if string(b) == "null" {
		return m, nil
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("register: diff: %w", err)
	}
	// Empty values are left out by omitempty on one side and written on
	// the other only for non-omitempty fields; treat both as absent.
	for k, raw := range m {
		switch string(raw) {
		case `""`, `[]`, `{}`, `false`, `0`, `null`:
			delete(m, k)
		}
	}
	return m, nil
}

func unionKeys(a, b map[string]json.RawMessage) []string {
	var ks []string
	for k := range a {
		ks = append(ks, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			ks = append(ks, k)
		}
	}
	sort.Strings(ks)
	return ks
}

// ChangeFilter selects history entries; zero fields select everything.
type ChangeFilter struct {
	Entity   string
	EntityID int64
	Limit    int // default 200
}

// ResolveNewIDs replaces, in the sub-processors of vs, the placeholder
// -(i+1) by the ID of vs[i]: a bulk import may link a new vendor to
// another new vendor before either has an ID. The store calls it once the
// new vendors are inserted; the history entries in chs (one per vendor,
// same order) then record the real IDs too.
func ResolveNewIDs(vs []*Vendor, chs []*Change) error {
	for i, v := range vs {
		changed := false
		for j, id := range v.SubProcessors {
			if id < 0 && int(-id) <= len(vs) {
				v.SubProcessors[j] = vs[-id-1].ID
				changed = true
			}
		}
		if i < len(chs) {
			chs[i].EntityID = v.ID
		}
		if !changed || i >= len(chs) || chs[i].Fields == nil {
			continue
		}
		b, err := json.Marshal(v.SubProcessors)
		if err != nil {
			return fmt.Errorf("register: resolve IDs: %w", err)
		}
		f := chs[i].Fields["sub_processors"]
		f.New = b
		chs[i].Fields["sub_processors"] = f
	}
	return nil
}
