package consent

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"io"
	"math/rand/v2"
	"testing"
	"time"
)

// The reference encoder below is the ledger's first implementation,
// which wrote each field to the hash in turn. The buffered writer must
// produce the same bytes, or every stored hash would stop verifying.
type refWriter struct{ h hash.Hash }

func (w refWriter) int(v int64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(v))
	w.h.Write(b[:]) //nolint:errcheck // hash writes never fail
}

func (w refWriter) time(t time.Time) {
	if t.IsZero() {
		w.int(-1 << 63)
		return
	}
	w.int(t.UnixMilli())
}

func (w refWriter) bytes(b []byte) { w.int(int64(len(b))); w.h.Write(b) }           //nolint:errcheck // hash writes never fail
func (w refWriter) str(s string)   { w.int(int64(len(s))); io.WriteString(w.h, s) } //nolint:errcheck // hash writes never fail
func (w refWriter) sum() (out Hash) {
	w.h.Sum(out[:0])
	return out
}

func refCommit(salt []byte, p Personal) Hash {
	w := refWriter{sha256.New()}
	w.str(tagCommit)
	w.bytes(salt)
	w.str(p.Subject)
	w.str(p.IP)
	w.str(p.UserAgent)
	w.str(p.Detail)
	return w.sum()
}

func refDigest(e Event) Hash {
	w := refWriter{sha256.New()}
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

func refSeal(prev Hash, b Block) Hash {
	w := refWriter{sha256.New()}
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

func randomString(r *rand.Rand, max int) string {
	b := make([]byte, r.IntN(max))
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return string(b)
}

func TestHashesMatchReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		long := 20
		if i%50 == 0 {
			long = 2000 // beyond the writer's stack buffer
		}
		salt := []byte(randomString(r, 32))
		p := Personal{randomString(r, long), randomString(r, 40), randomString(r, long), randomString(r, long)}
		if got, want := Commit(salt, p), refCommit(salt, p); got != want {
			t.Fatalf("Commit(%q, %+v) = %x, want %x", salt, p, got, want)
		}
		e := Event{Purpose: randomString(r, long), Action: randomString(r, 12), Channel: randomString(r, 8),
			Source: randomString(r, long), LegalBasis: randomString(r, 8), Commitment: refCommit(salt, p)}
		if i%3 != 0 {
			e.OccurredAt = time.UnixMilli(r.Int64N(4e12))
		}
		if got, want := Digest(e), refDigest(e); got != want {
			t.Fatalf("Digest(%+v) = %x, want %x", e, got, want)
		}
		b := Block{Seq: r.Int64N(1e6), CreatedAt: time.UnixMilli(r.Int64N(4e12)), Actor: randomString(r, long),
			ImportID: r.Int64N(100), Events: r.Int64N(1e6), Last: e.Commitment}
		if got, want := Seal(e.Commitment, b), refSeal(e.Commitment, b); got != want {
			t.Fatalf("Seal(%+v) = %x, want %x", b, got, want)
		}
	}
}

func BenchmarkCheckEvent(b *testing.B) {
	salt := []byte("0123456789abcdef")
	p := Personal{Subject: "jeanne.martin@example.com", IP: "203.0.113.17", Detail: `{"method":"form","columns":"OPTIN_TIME, OPTIN_IP"}`}
	c := Commit(salt, p)
	e := StoredEvent{ID: 1, BlockID: 1, Purpose: "email_marketing", Action: "signup", OccurredAt: 1700000000000, HasTime: true,
		Channel: "web_form", Commitment: c[:], Hash: make([]byte, 32), Salt: salt, HasSalt: true,
		Subject: p.Subject, IP: p.IP, Detail: p.Detail, Personal: true}
	b.ReportAllocs()
	for b.Loop() {
		CheckEvent(&e)
	}
}
