package capture

import (
	"crypto/rand"
	"encoding/json"
	"time"

	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// Ledger actions capture records. They are the evidence kinds of the
// import (esp.Kind), so the same audit rules judge a consent collected by
// gdprkit and one read from an export.
const (
	ActionSignup       = "signup"       // consent given, single opt-in
	ActionPending      = "pending"      // consent given, awaiting double opt-in
	ActionConfirmation = "confirmation" // double opt-in or re-permission confirmed
	ActionWithdrawal   = "withdrawal"   // consent withdrawn
)

// detail is the erasable JSON recorded beside an event: what the person
// was shown and where. It is covered by the event's commitment, so it
// cannot change unnoticed while it exists, and it is erased with the
// person's other data.
type detail struct {
	Form      string     `json:"form,omitempty"`
	Texts     []textRef  `json:"texts,omitempty"`
	Page      string     `json:"page,omitempty"`
	Language  string     `json:"language,omitempty"`
	DOI       bool       `json:"double_opt_in,omitempty"`
	Request   int64      `json:"request,omitempty"`
	MessageID string     `json:"message_id,omitempty"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
	Campaign  string     `json:"campaign,omitempty"`
	Method    string     `json:"method,omitempty"` // unsubscribe_link, one_click, preference_centre, staff
	Note      string     `json:"note,omitempty"`
}

// textRef names a consent text version by id and by the hash of its
// body, so the proof holds even if the text table were changed.
type textRef struct {
	ID     int64  `json:"id"`
	SHA256 string `json:"sha256"`
}

// act is what one act records for each of its purposes.
type act struct {
	action  string
	at      time.Time
	channel string
	source  string
	subject string // the address as given
	ip      string
	ua      string
	detail  detail
}

// events builds one event per purpose with a fresh salt each, chained from
// the start of a new block, and returns them with the last chain hash.
func (a *act) events(purposes []string) ([]contacts.Event, consent.Hash) {
	d, err := json.Marshal(a.detail)
	if err != nil {
		panic(err) // a struct of strings and numbers always encodes
	}
	var chain consent.Hash
	out := make([]contacts.Event, 0, len(purposes))
	for _, p := range purposes {
		salt := make([]byte, 16)
		if _, err := rand.Read(salt); err != nil {
			panic("capture: crypto/rand failed: " + err.Error()) // the kernel's generator does not fail
		}
		e := contacts.Event{Purpose: p, Action: a.action, OccurredAt: a.at.UTC().Truncate(time.Millisecond), Channel: a.channel,
			Source: a.source, LegalBasis: "consent", Salt: salt,
			Personal: consent.Personal{Subject: a.subject, IP: a.ip, UserAgent: a.ua, Detail: string(d)}}
		e.Commitment = consent.Commit(salt, e.Personal)
		chain = consent.Chain(chain, consent.Digest(e.Chained()))
		e.Hash = chain
		out = append(out, e)
	}
	return out, chain
}

// parseDetail reads the detail of a recorded event.
func parseDetail(s string) detail {
	var d detail
	_ = json.Unmarshal([]byte(s), &d) // an erased or foreign detail reads as empty
	return d
}
