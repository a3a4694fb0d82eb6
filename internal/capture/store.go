package capture

import (
	"context"
	"time"

	"github.com/gdprkit/gdprkit/internal/address"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// Store is the storage capture needs.
type Store interface {
	KeyStore
	Form(ctx context.Context, slug string) (*Form, error)
	Forms(ctx context.Context) ([]Form, error)
	SaveForm(ctx context.Context, f *Form) error
	Purposes(ctx context.Context) ([]consent.Purpose, error)
	Text(ctx context.Context, id int64) (*consent.Text, error)
	// Record writes one act in one transaction (see Write).
	Record(ctx context.Context, w *Write) error
	// ConsentRequest returns a request with its contact's address.
	ConsentRequest(ctx context.Context, id int64) (*Request, error)
	// RequestEvents returns the events of a request's sign-up block that
	// belong to its contact.
	RequestEvents(ctx context.Context, r *Request) ([]contacts.Event, error)
	MarkRequestSent(ctx context.Context, id int64, messageID string, at time.Time) error
	// Subscriber returns a contact's address, language and verdicts.
	Subscriber(ctx context.Context, contactID int64) (*Subscriber, error)
	// SubscriberByKey is Subscriber by match key (ENOTFOUND when unknown).
	SubscriberByKey(ctx context.Context, key string) (*Subscriber, error)
	// PruneUsedTokens forgets spent tokens that have expired.
	PruneUsedTokens(ctx context.Context, now time.Time) error
}

// Subscriber is a contact as the preference centre and unsubscribe see it.
type Subscriber struct {
	ContactID int64
	Email     string
	Key       string
	Variant   string
	Language  string
	Verdicts  []contacts.Verdict
}

// Write is one act recorded in one transaction: the contact (found or
// created), its events in a ledger block of their own, sealed under the
// ledger lock, the request created or confirmed, the token spent, the
// texts marked as used, the suppression list updated, and finally the
// contact's verdicts, computed by Decide from its whole history once the
// events are in.
type Write struct {
	// The contact: ContactID, or else Address (created when unknown).
	ContactID int64
	Address   address.Address
	Language  string

	// Events are chained already; Last is the chain hash of the last.
	Events []contacts.Event
	Last   consent.Hash

	// Request, when set, is created (its ID and BlockID are set).
	Request *Request
	// Confirmed, when set, is marked confirmed; ErrTokenUsed when it was.
	Confirmed int64
	// Nonce is a single-use token to spend; ErrTokenUsed when spent.
	Nonce        []byte
	NonceExpires time.Time

	TextsUsed      []int64
	Suppress       [][]byte
	SuppressReason string
	Lift           [][]byte

	Decide func(h *contacts.History) (contacts.Contact, []contacts.Verdict)

	// ContactIDOut is the contact written, set by Record.
	ContactIDOut int64
}
