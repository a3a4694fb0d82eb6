package capture_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// TestTwoInstancesAppendWhileVerifying runs two instances (two opens of
// one database) signing people up at once while a third verifies the
// ledger again and again: every block gets its own position, and no
// verification mistakes a block still being written for tampering.
func TestTwoInstancesAppendWhileVerifying(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			open := func() *store.Stores {
				st, err := store.Open(context.Background(), dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				return st
			}
			a := newFixture(t, open())
			b := &fixture{st: open(), clock: a.clock, texts: a.texts}
			svcB := *a.svc
			svcB.Store = b.st.Consent.Store
			b.svc = &svcB
			ctx := context.Background()
			var wg sync.WaitGroup
			for i, f := range []*fixture{a, b} {
				f.form = a.form
				wg.Add(1)
				go func() {
					defer wg.Done()
					for j := range 15 {
						_, err := f.svc.Subscribe(ctx, capture.SubscribeRequest{Form: "newsletter", Email: fmt.Sprintf("p%d-%d@example.org", i, j),
							Purposes: []string{"email_marketing"}, Texts: a.texts, IP: "203.0.113.5"})
						if err != nil {
							t.Error(err)
							return
						}
					}
				}()
			}
			done := make(chan struct{})
			go func() { wg.Wait(); close(done) }()
			verifier := open()
			for running := true; running; {
				select {
				case <-done:
					running = false
				default:
				}
				r, err := consent.Verify(ctx, verifier.Consent.Ledger, nil, consent.VerifyOptions{BatchSize: 4})
				if err != nil {
					t.Fatal(err)
				}
				if !r.OK() {
					t.Fatalf("verification during appends: %v", r.Problems)
				}
			}
			r, err := consent.Verify(ctx, verifier.Consent.Ledger, nil, consent.VerifyOptions{})
			if err != nil || !r.OK() || r.Blocks != 30 || r.HeadSeq != 30 {
				t.Fatalf("after the appends: %d blocks, head %d, problems %v (%v)", r.Blocks, r.HeadSeq, r.Problems, err)
			}
		})
	}
}
