package campaign

import (
	"strings"
	"time"
)

// retryDelays are the waits after the 1st, 2nd… temporary failure of a
// message (a 4xx reply, a lost connection before the message was handed
// over). Greylisting servers ask to come back after a few minutes; a full
// mailbox or an overloaded server may take hours.
var retryDelays = []time.Duration{2 * time.Minute, 10 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour}

// MaxAttempts is how many times a message is tried before it is given up
// as failed.
var MaxAttempts = len(retryDelays) + 1

// RetryAt returns when to try again a message that failed temporarily on
// its attempts-th attempt (1 for the first), and false when the attempts
// are used up.
func RetryAt(attempts int, now time.Time) (time.Time, bool) {
	if attempts < 1 {
		attempts = 1
	}
	if attempts > len(retryDelays) {
		return time.Time{}, false
	}
	return now.Add(retryDelays[attempts-1]), true
}

// Reply is how an SMTP server answered one message.
type Reply struct {
	Code int    // 250, 450, 550…; 0 when the connection failed
	Text string // the server's text, which may name the address
	// HandedOver: the final dot was written, so the server may have the
	// message. A connection lost after it counts as delivered (RFC 1047:
	// sending again risks a duplicate).
	HandedOver bool
	// Phase is where it failed: "mail", "rcpt", "data", "dot" or "conn".
	Phase string
}

// Verdict is what becomes of a message after its reply.
type Verdict struct {
	State string    // StateSent, StateRetry, StateBounced, StateFailed, StatePending
	DueAt time.Time // StateRetry: when
	// Bounce: a permanent refusal of the recipient or of the message
	// (5xx at RCPT or at the end of DATA): an undeliverable event.
	Bounce bool
}

// Judge decides what a reply means for a message on its attempts-th try.
func Judge(r Reply, attempts int, now time.Time) Verdict {
	switch {
	case r.Code >= 200 && r.Code < 300:
		return Verdict{State: StateSent}
	case r.Code == 0 && r.HandedOver:
		return Verdict{State: StateSent} // RFC 1047: the server may have it; never send twice
	case r.Code >= 500 && (r.Phase == "rcpt" || r.Phase == "dot") && !policyRefusal(r.Text):
		return Verdict{State: StateBounced, Bounce: true}
	case r.Code >= 500 && r.Phase == "mail":
		// The sender was refused: our configuration, not the recipient.
		return retryOrFail(attempts, now)
	case r.Code >= 500:
		return Verdict{State: StateFailed}
	}
	return retryOrFail(attempts, now)
}

func retryOrFail(attempts int, now time.Time) Verdict {
	if at, ok := RetryAt(attempts, now); ok {
		return Verdict{State: StateRetry, DueAt: at}
	}
	return Verdict{State: StateFailed}
}

// policyRefusal reports a 5xx that refuses the sender rather than the
// mailbox (spam filtering, authentication), per the enhanced status codes
// of RFC 3463 (5.7.x): the address is not proven bad.
func policyRefusal(text string) bool {
	return strings.HasPrefix(strings.TrimSpace(text), "5.7.")
}
