package campaign

import (
	"crypto/sha256"
	"time"
)

// Bucket is one rate a message must fit in: the global rate or its
// domain's. Every instance counts in the same database rows
// (campaign_rates), one per bucket and fixed window, so together they
// respect it.
type Bucket struct {
	Key    []byte        // "*" for the global rate, a hash of the domain otherwise
	Limit  int           // messages per window
	Window time.Duration // length of the window
}

// WindowStart returns the start of b's window holding now.
func (b Bucket) WindowStart(now time.Time) time.Time { return now.Truncate(b.Window) }

// Buckets returns the rates a message to domain must fit in under s;
// none when both rates are off.
func Buckets(s Settings, domain string) []Bucket {
	var out []Bucket
	if s.RatePerSecond > 0 {
		out = append(out, Bucket{Key: []byte("*"), Limit: s.RatePerSecond, Window: time.Second})
	}
	if s.DomainPerMinute > 0 && domain != "" {
		// Hashed: a personal domain is personal data, and the rows stay a
		// minute (campaign_rates is pruned by the tick).
		sum := sha256.Sum256([]byte("gdprkit/rate/v1\x00" + domain))
		out = append(out, Bucket{Key: sum[:16], Limit: s.DomainPerMinute, Window: time.Minute})
	}
	return out
}

// Allow decides for one bucket: a message fits when the window holds fewer
// than the limit. Otherwise it returns when the next window opens.
func Allow(b Bucket, used int, now time.Time) (bool, time.Time) {
	if used < b.Limit {
		return true, time.Time{}
	}
	return false, b.WindowStart(now).Add(b.Window)
}
