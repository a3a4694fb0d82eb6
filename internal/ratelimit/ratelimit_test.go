package ratelimit_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/ratelimit"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

func TestLimiterSharedWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		now := time.Date(2026, 12, 1, 10, 0, 30, 0, time.UTC)
		// Two limiters over one database: two instances.
		a := &ratelimit.Limiter{Store: st.Consent.Store, Limit: 10, Window: time.Minute, Key: []byte("k"), Now: func() time.Time { return now }}
		b := *a
		ctx := context.Background()
		var wg sync.WaitGroup
		var mu sync.Mutex
		allowed := 0
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				l := a
				if i%2 == 1 {
					l = &b
				}
				d, err := l.Allow(ctx, "subscribe:203.0.113.7")
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if d.Allowed {
					allowed++
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		if allowed != 10 {
			t.Errorf("%d of 16 requests allowed by two instances, want 10", allowed)
		}
		d, err := a.Allow(ctx, "subscribe:203.0.113.7")
		if err != nil || d.Allowed || d.RetryAfter != 30*time.Second {
			t.Errorf("over the limit: %+v, %v; want refused, retry after 30s", d, err)
		}
		if d, _ := a.Allow(ctx, "subscribe:198.51.100.1"); !d.Allowed {
			t.Error("another IP was limited")
		}
		now = now.Add(time.Minute)
		if d, _ := a.Allow(ctx, "subscribe:203.0.113.7"); !d.Allowed || d.Remaining != 9 {
			t.Errorf("next window: %+v", d)
		}
		if err := a.Prune(ctx, now); err != nil {
			t.Fatal(err)
		}
	})
}
