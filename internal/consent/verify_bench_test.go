package consent_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/contacts/esp/esptest"
	"github.com/gdprkit/gdprkit/internal/store"
)

// benchRows is the size of the export imported for the verification
// benchmarks (about 1.6 events per row). bench/ledger-verify.sh measures a
// million rows through the command line.
const benchRows = 200_000

// ledgerDB opens a SQLite ledger made by importing a generated Mailchimp
// export, built once and kept in the temporary directory.
func ledgerDB(b *testing.B) *store.Stores {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("gdprkit-bench-ledger-%d-v1.db", benchRows))
	_, statErr := os.Stat(path)
	st, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if statErr == nil {
		return st
	}
	csv := filepath.Join(b.TempDir(), esptest.FileName("subscribed", esptest.ExportID(1)))
	f, err := os.Create(csv)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := esptest.WriteMailchimpCSV(w, "subscribed", benchRows, 1); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorCLI, ID: "bench"})
	im := &contacts.Importer{Store: st.Contacts, Now: time.Now, Lang: "en"}
	if _, err := im.Import(ctx, []string{csv}, esp.Options{}); err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkVerify verifies the whole ledger; compare its events/s with the
// two baselines below, measured on the same rows in the same run.
func BenchmarkVerify(b *testing.B) {
	st := ledgerDB(b)
	var events int64
	b.ResetTimer()
	for b.Loop() {
		r, err := consent.Verify(context.Background(), st.Consent.Ledger, nil, consent.VerifyOptions{})
		if err != nil || !r.OK() {
			b.Fatalf("verify: %v %v", err, r.First())
		}
		events = r.Events
	}
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkVerifyBaselineRead reads the same rows through database/sql on
// one connection, verifying nothing.
func BenchmarkVerifyBaselineRead(b *testing.B) {
	st := ledgerDB(b)
	var events int64
	b.ResetTimer()
	for b.Loop() {
		events = 0
		if err := st.Consent.Ledger.ReadEvents(context.Background(), func(*consent.StoredEvent) { events++ }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkVerifyBaselineHash recomputes the commitments, digests and chain
// of the same events in memory, on one core.
func BenchmarkVerifyBaselineHash(b *testing.B) {
	st := ledgerDB(b)
	var evs []consent.StoredEvent
	if err := st.Consent.Ledger.ReadEvents(context.Background(), func(e *consent.StoredEvent) { evs = append(evs, *e) }); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		var chain consent.Hash
		for i := range evs {
			chain = consent.Chain(chain, consent.CheckEvent(&evs[i]).Digest)
		}
	}
	b.ReportMetric(float64(len(evs))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
