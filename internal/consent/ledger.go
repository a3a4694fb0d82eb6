// Package consent keeps the consent ledger: every consent, confirmation and
// withdrawal as an append-only event, chained by hashes so that a changed,
// deleted, inserted or reordered event is detected.
//
// The chain never covers personal data directly. Each event carries a
// salted commitment to its personal part (the address as consented, IP,
// user agent, free-text detail); the personal part and its salt are stored
// beside the event and can be erased for Art. 17 without breaking the chain.
//
// Events are appended in blocks: one block per writing transaction (an
// import, a confirmation). Inside a block each event's hash chains the
// previous one; blocks chain each other and are sealed in a total order
// when their transaction commits. That keeps large imports from holding the
// ledger lock while they stream, and lets several gdprkit instances append
// to one PostgreSQL database.
package consent

import (
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"time"
)

// Hash is a SHA-256 value.
type Hash [32]byte

// Event is the part of a consent event the chain covers.
type Event struct {
	Purpose    string
	Action     string
	OccurredAt time.Time // zero when the evidence gives no time
	Channel    string
	Source     string
	LegalBasis string
	Commitment Hash
}

// Personal is the erasable part of an event.
type Personal struct {
	Subject   string // the address as consented
	IP        string
	UserAgent string
	Detail    string // JSON: method, columns, free text
}

// Domain separation tags keep a value of one kind from being replayed as
// another.
const (
	tagCommit = "gdprkit/commit/v1"
	tagEvent  = "gdprkit/event/v1"
	tagChain  = "gdprkit/chain/v1"
	tagBlock  = "gdprkit/block/v1"
)

// Commit returns the salted commitment to p. Without the salt the
// commitment reveals nothing practical about p, even for guessable values
// such as an address or an IP.
func Commit(salt []byte, p Personal) Hash {
	w := newWriter()
	defer w.free()
	w.str(tagCommit)
	w.bytes(salt)
	w.str(p.Subject)
	w.str(p.IP)
	w.str(p.UserAgent)
	w.str(p.Detail)
	return w.sum()
}

// Digest returns the hash of one event's chained fields.
func Digest(e Event) Hash {
	w := newWriter()
	defer w.free()
	w.str(tagEvent)
	w.str(e.Purpose)
	w.str(e.Action)
	w.time(e.OccurredAt)
	w.str(e.Channel)
	w.str(e.Source)
	w.str(e.LegalBasis)
	w.bytes(e.Commitment[:])
	return w.sum()
}

// Chain links an event's digest to the hash of the event before it in the
// same block (the zero Hash for the first).
func Chain(prev, digest Hash) Hash {
	var buf [len(tagChain) + 64]byte
	n := copy(buf[:], tagChain)
	n += copy(buf[n:], prev[:])
	copy(buf[n:], digest[:])
	return sha256.Sum256(buf[:])
}

// Block is what a sealed block commits to.
type Block struct {
	Seq       int64     // position in the ledger, 1 for the first block
	CreatedAt time.Time // when the block was opened
	Actor     string
	ImportID  int64
	Events    int64 // number of events in the block
	Last      Hash  // chain hash of the block's last event (zero when empty)
}

// Seal returns the hash of block b chained to the previous block's hash.
func Seal(prev Hash, b Block) Hash {
	w := newWriter()
	defer w.free()
	w.str(tagBlock)
	w.bytes(prev[:])
	w.int(b.Seq)
	w.time(b.CreatedAt)
	w.str(b.Actor)
	w.int(b.ImportID)
	w.int(b.Events)
	w.bytes(b.Last[:])
	return w.sum()
}

// writer lays fields out with length prefixes so that no two different
// field lists hash the same bytes: an integer is 8 bytes big-endian, a
// time is its Unix milliseconds as an integer (the smallest int64 for the
// zero time), and a string or byte slice is its length as an integer
// followed by its bytes. docs/ledger.md gives the layouts.
//
// The fields are gathered in a pooled buffer and hashed once:
// verification hashes millions of events, and one call to sha256.Sum256
// costs a fraction of a stream of small writes. (A buffer on the stack
// would escape: sha256 keeps its input from escape analysis.)
type writer struct {
	buf []byte
}

var writers = sync.Pool{New: func() any { return &writer{buf: make([]byte, 0, 512)} }}

func newWriter() *writer {
	w := writers.Get().(*writer)
	w.buf = w.buf[:0]
	return w
}

func (w *writer) free() {
	if cap(w.buf) <= 64<<10 {
		writers.Put(w)
	}
}

func (w *writer) int(v int64) {
	w.buf = binary.BigEndian.AppendUint64(w.buf, uint64(v))
}

func (w *writer) time(t time.Time) {
	if t.IsZero() {
		w.int(-1 << 63)
		return
	}
	w.int(t.UnixMilli())
}

func (w *writer) bytes(b []byte) {
	w.int(int64(len(b)))
	w.buf = append(w.buf, b...)
}

func (w *writer) str(s string) {
	w.int(int64(len(s)))
	w.buf = append(w.buf, s...)
}

func (w *writer) sum() Hash {
	return sha256.Sum256(w.buf)
}
