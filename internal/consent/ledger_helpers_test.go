package consent_test

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/contacts/esp/esptest"
	"github.com/gdprkit/gdprkit/internal/store"
)

// seedLedger imports three generated Mailchimp exports, three blocks of
// consent events, the first with a few dozen, and signs a checkpoint after
// each when key is set.
func seedLedger(t *testing.T, st *store.Stores, key ed25519.PrivateKey) {
	t.Helper()
	dir := t.TempDir()
	for i, n := range []int{40, 15, 15} {
		path := filepath.Join(dir, esptest.FileName("subscribed", esptest.ExportID(int64(i+1))))
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		if err := esptest.WriteMailchimpCSV(w, "subscribed", n, int64(100+i)); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorCLI, ID: "test"})
		im := &contacts.Importer{Store: st.Contacts, Now: func() time.Time { return time.Date(2026, 11, 29, 10, i, 0, 0, time.UTC) }, Lang: "en"}
		if _, err := im.Import(ctx, []string{path}, esp.Options{}); err != nil {
			t.Fatalf("import %d: %v", i, err)
		}
		if key != nil {
			if _, _, err := ledgerOf(t, st, key).Checkpoint(ctx); err != nil {
				t.Fatalf("checkpoint: %v", err)
			}
		}
	}
}

func testKey(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func ledgerOf(t *testing.T, st *store.Stores, key ed25519.PrivateKey) *consent.Ledger {
	t.Helper()
	return &consent.Ledger{Store: st.Consent.Ledger, Key: key}
}

func verify(t *testing.T, l *consent.Ledger) *consent.Report {
	t.Helper()
	r, err := l.Verify(context.Background(), consent.VerifyOptions{Workers: 2, BatchSize: 7})
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return r
}

// exec runs SQL written with ? placeholders directly on the database, as
// an attacker with SQL access would.
func exec(t *testing.T, st *store.Stores, query string, args ...any) {
	t.Helper()
	if _, err := st.DB.Write.ExecContext(context.Background(), st.DB.Q(query), args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func queryInt(t *testing.T, st *store.Stores, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := st.DB.Write.QueryRowContext(context.Background(), st.DB.Q(query), args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// eventIDs returns the ids of the events of the block at position seq,
// in chain order.
func eventIDs(t *testing.T, st *store.Stores, seq int64) []int64 {
	t.Helper()
	rows, err := st.DB.Write.QueryContext(context.Background(), st.DB.Q(`SELECT e.id FROM consent_events e JOIN ledger_blocks b ON b.id = e.block_id WHERE b.seq = ? ORDER BY e.id`), seq)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

func blockID(t *testing.T, st *store.Stores, seq int64) int64 {
	t.Helper()
	return queryInt(t, st, `SELECT id FROM ledger_blocks WHERE seq = ?`, seq)
}

// rechain recomputes, as an attacker who knows the layout would, every
// event hash, block seal and the head from block seq on, so the chain is
// consistent again after a change. Only a signed checkpoint catches it.
func rechain(t *testing.T, st *store.Stores, from int64) {
	t.Helper()
	ctx := context.Background()
	var prev []byte
	if from > 1 {
		if err := st.DB.Write.QueryRowContext(ctx, st.DB.Q(`SELECT hash FROM ledger_blocks WHERE seq = ?`), from-1).Scan(&prev); err != nil {
			t.Fatal(err)
		}
	} else {
		prev = make([]byte, 32)
	}
	last := queryInt(t, st, `SELECT MAX(seq) FROM ledger_blocks`)
	for seq := from; seq <= last; seq++ {
		var b consent.Block
		var id, created int64
		var imp *int64
		if err := st.DB.Write.QueryRowContext(ctx, st.DB.Q(`SELECT id, created_at, actor, import_id FROM ledger_blocks WHERE seq = ?`), seq).Scan(&id, &created, &b.Actor, &imp); err != nil {
			t.Fatal(err)
		}
		b.Seq, b.CreatedAt = seq, time.UnixMilli(created)
		if imp != nil {
			b.ImportID = *imp
		}
		var chain consent.Hash
		for _, ev := range eventIDs(t, st, seq) {
			e := readChained(t, st, ev)
			chain = consent.Chain(chain, consent.Digest(e))
			exec(t, st, `UPDATE consent_events SET hash = ? WHERE id = ?`, chain[:], ev)
			b.Events++
		}
		b.Last = chain
		var p consent.Hash
		copy(p[:], prev)
		h := consent.Seal(p, b)
		exec(t, st, `UPDATE ledger_blocks SET events = ?, digest = ?, prev_hash = ?, hash = ? WHERE id = ?`, b.Events, chain[:], p[:], h[:], id)
		prev = h[:]
	}
	exec(t, st, `UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1`, last, prev)
}

func readChained(t *testing.T, st *store.Stores, id int64) consent.Event {
	t.Helper()
	var e consent.Event
	var at *int64
	var commitment []byte
	err := st.DB.Write.QueryRowContext(context.Background(), st.DB.Q(`SELECT purpose, action, occurred_at, channel, source, legal_basis, commitment FROM consent_events WHERE id = ?`), id).
		Scan(&e.Purpose, &e.Action, &at, &e.Channel, &e.Source, &e.LegalBasis, &commitment)
	if err != nil {
		t.Fatal(err)
	}
	if at != nil {
		e.OccurredAt = time.UnixMilli(*at)
	}
	copy(e.Commitment[:], commitment)
	return e
}

type eventAt struct{ seq, id int64 }

// firstWith returns the first event, in ledger order, matching cond.
func firstWith(t *testing.T, st *store.Stores, cond string) eventAt {
	t.Helper()
	var e eventAt
	err := st.DB.Write.QueryRowContext(context.Background(), st.DB.Q(`SELECT b.seq, e.id FROM consent_events e JOIN ledger_blocks b ON b.id = e.block_id
		WHERE e.`+cond+` ORDER BY b.seq, e.id LIMIT 1`)).Scan(&e.seq, &e.id)
	if err != nil {
		t.Fatalf("event with %s: %v", cond, err)
	}
	return e
}

// copyEvent inserts a copy of event from as event id in block: a forged
// row, as an attacker would add.
func copyEvent(t *testing.T, st *store.Stores, from, id, block int64) {
	t.Helper()
	exec(t, st, `INSERT INTO consent_events (id, block_id, contact_id, purpose, action, occurred_at, channel, source, legal_basis,
			source_id, commitment, hash, subject, ip, user_agent, detail, salt)
		SELECT ?, ?, contact_id, purpose, action, occurred_at, channel, source, legal_basis,
			source_id, commitment, hash, subject, ip, user_agent, detail, salt FROM consent_events WHERE id = ?`, id, block, from)
}

// ledgerTables are the tables a tampering changes and restoreDB puts back.
var ledgerTables = []string{"consent_events", "ledger_blocks", "ledger_head", "ledger_checkpoints"}

type tableRows struct {
	cols string
	rows [][]any
}

// snapshotDB copies the ledger tables, so each tampering starts from the
// same ledger without importing it again.
func snapshotDB(t *testing.T, st *store.Stores) map[string]tableRows {
	t.Helper()
	out := map[string]tableRows{}
	for _, table := range ledgerTables {
		rows, err := st.DB.Write.QueryContext(context.Background(), `SELECT * FROM `+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		tr := tableRows{cols: strings.Join(cols, ", ")}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			tr.rows = append(tr.rows, vals)
		}
		rows.Close()
		out[table] = tr
	}
	return out
}

func restoreDB(t *testing.T, st *store.Stores, snap map[string]tableRows) {
	t.Helper()
	for _, table := range ledgerTables {
		exec(t, st, `DELETE FROM `+table)
		tr := snap[table]
		for _, r := range tr.rows {
			marks := strings.TrimSuffix(strings.Repeat("?, ", len(r)), ", ")
			exec(t, st, `INSERT INTO `+table+` (`+tr.cols+`) VALUES (`+marks+`)`, r...)
		}
	}
}
