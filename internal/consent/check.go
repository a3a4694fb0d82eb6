package consent

import (
	"time"

	"github.com/gdprkit/gdprkit/internal/address"
)

// StoredEvent is one consent_events row as verification reads it: every
// column the hashes cover, the erasable part, and the contact the row
// points at. Strings and byte slices may be views into a driver's
// buffers: CheckEvent reads them and keeps nothing.
type StoredEvent struct {
	ID      int64
	BlockID int64

	Purpose    string
	Action     string
	OccurredAt int64 // Unix milliseconds; meaningful when HasTime
	HasTime    bool
	Channel    string
	Source     string
	LegalBasis string
	Commitment []byte
	Hash       []byte

	// The erasable part. An erased event has all of them NULL (Present
	// false); NULL and the empty string commit alike.
	Salt      []byte
	HasSalt   bool
	Subject   string
	IP        string
	UserAgent string
	Detail    string
	// Personal reports whether any of subject, ip, user_agent or detail
	// is not NULL.
	Personal bool

	// ContactID is the contact the row points at (0 when NULL).
	ContactID int64

	// Malformed names a column whose stored type or size is impossible
	// (a text where a number belongs, a 31-byte hash). The scanner sets
	// it; the row is then reported as changed.
	Malformed string
}

// Flags say what CheckEvent found wrong with one row on its own.
type Flags uint8

const (
	// Erased: the erasable part was blanked (Art. 17); the commitment
	// cannot be checked, and that is not tampering.
	Erased Flags = 1 << iota
	// CommitmentMismatch: the personal part or the salt does not match the
	// commitment: subject, ip, user_agent, detail, salt or commitment was
	// changed.
	CommitmentMismatch
	// PartlyErased: the salt is gone but personal columns remain, or the
	// reverse: erasure blanks them together, so someone edited them.
	PartlyErased
	// SubjectMismatch: the address the event was recorded for is not the
	// address of the contact it is attached to: it was moved to another
	// contact. Verify sets it, once it has read the contacts' keys.
	SubjectMismatch
	// Malformed: a column has an impossible type or size.
	Malformed
)

// Checked is what verification keeps of one row: the recomputed digest
// beside the stored hash, and what was wrong with the row on its own. The
// chain is checked later, against the row before it in its block.
type Checked struct {
	ID      int64
	BlockID int64
	Hash    Hash // stored
	Digest  Hash // recomputed from the stored chained fields
	Flags   Flags
	// Column names the malformed column when Flags has Malformed.
	Column string
	// ContactID is the contact the row points at, and Subject the address
	// the event was recorded for (empty when erased): Verify compares it
	// with the contact's key.
	ContactID int64
	Subject   string
}

// CheckEvent recomputes what a row's hashes cover: the commitment to its
// personal part (unless erased) and its digest, and keeps its subject for
// BindSubject.
func CheckEvent(e *StoredEvent) Checked {
	c := Checked{ID: e.ID, BlockID: e.BlockID, ContactID: e.ContactID}
	copy(c.Hash[:], e.Hash)
	if e.Malformed != "" || len(e.Hash) != len(Hash{}) || len(e.Commitment) != len(Hash{}) {
		c.Flags |= Malformed
		c.Column = e.Malformed
		if c.Column == "" {
			c.Column = "hash"
			if len(e.Commitment) != len(Hash{}) {
				c.Column = "commitment"
			}
		}
	}
	var commitment Hash
	copy(commitment[:], e.Commitment)
	ev := Event{Purpose: e.Purpose, Action: e.Action, Channel: e.Channel, Source: e.Source,
		LegalBasis: e.LegalBasis, Commitment: commitment}
	if e.HasTime {
		ev.OccurredAt = time.UnixMilli(e.OccurredAt)
	}
	c.Digest = Digest(ev)
	c.Flags |= checkPersonal(e, commitment)
	if c.Flags&(Erased|PartlyErased) == 0 {
		c.Subject = e.Subject
		if c.Subject == "" {
			c.Subject = "\x00" // no address: matches no contact
		}
	}
	return c
}

func checkPersonal(e *StoredEvent, commitment Hash) Flags {
	switch {
	case !e.HasSalt && !e.Personal:
		return Erased
	case !e.HasSalt || !e.Personal:
		// Erasure blanks the salt and the personal columns together, and
		// every recorded event names its subject: one without the other
		// is an edit.
		return PartlyErased
	}
	if Commit(e.Salt, Personal{Subject: e.Subject, IP: e.IP, UserAgent: e.UserAgent, Detail: e.Detail}) != commitment {
		return CommitmentMismatch
	}
	return 0
}

// BindSubject flags c when the contact it points at exists and is not the
// address the event was recorded for; key is that contact's email_key.
func BindSubject(c *Checked, key string, exists bool) {
	if exists && c.Subject != "" && !sameAddress(c.Subject, key) {
		c.Flags |= SubjectMismatch
	}
}

// sameAddress reports whether subject's match key is key. The subject is
// almost always the canonical address, whose key is its lower-case form:
// that is checked first, without parsing.
func sameAddress(subject, key string) bool {
	if len(subject) == len(key) && asciiLowerEqual(subject, key) {
		return true
	}
	return subjectKey(subject) == key
}

// asciiLowerEqual reports whether s lower-cased (ASCII letters only) is t.
func asciiLowerEqual(s, t string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != t[i] {
			return false
		}
	}
	return true
}

// subjectKey is the match key of the address an event was recorded for,
// or "" when it is not an address at all.
func subjectKey(subject string) string {
	a, err := address.Parse(subject)
	if err != nil {
		return ""
	}
	return a.Key
}
