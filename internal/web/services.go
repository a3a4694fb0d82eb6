package web

import (
	"context"
	"io"
	"time"

	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/imports"
	"github.com/gdprkit/gdprkit/internal/readiness"
	"github.com/gdprkit/gdprkit/internal/settings"
)

// Services are what the handlers call. cmd/gdprkit plugs in the real
// services; tests may plug in others.
type Services struct {
	Accounts Accounts
	Sessions auth.SessionStorage
	Contacts Contacts
	Uploads  Uploads
	Plan     Plan
	Audit    audit.Store
	Settings settings.Store
	// Register is register.Service: vendors, activities, collection
	// methods (register.go).
	Register Register
	// Limiter counts requests to public pages per client address
	// (ratelimit.Limiter, kept in the database for every instance).
	Limiter Limiter
	// Consent is consent capture, "may I send?", the catalogue, the
	// ledger and proofs (consent_services.go).
	Consent *Consent
	// Campaigns is campaign.Service (campaign_services.go).
	Campaigns Campaigns
	Health    interface {
		Ping(ctx context.Context) error
	}
}

// Accounts is auth.Service.
type Accounts interface {
	Login(ctx context.Context, email, password, remote string) (*auth.User, error)
	SessionUser(ctx context.Context, id, epoch int64) (*auth.User, error)
	Authenticate(ctx context.Context, secret string) (*auth.User, *auth.Token, error)
	SetupNeeded(ctx context.Context) (bool, error)
	CompleteSetup(ctx context.Context, secret, email, name, password, lang string) (*auth.User, error)
	LinkInfo(ctx context.Context, secret string) (*auth.Link, *auth.User, error)
	UseLink(ctx context.Context, secret, password string) (*auth.User, error)
	ChangePassword(ctx context.Context, id int64, current, next string) (*auth.User, error)
	SetLanguage(ctx context.Context, id int64, lang string) error
	CreateToken(ctx context.Context, u *auth.User, name string, role auth.Role, expires time.Duration) (string, *auth.Token, error)
	Tokens(ctx context.Context, userID int64) ([]auth.Token, error)
	RevokeToken(ctx context.Context, userID, id int64) error
	Users(ctx context.Context) ([]auth.User, error)
	User(ctx context.Context, id int64) (*auth.User, error)
	Invite(ctx context.Context, email, name string, role auth.Role) (*auth.User, string, error)
	UpdateUser(ctx context.Context, id int64, c auth.Change) (*auth.User, error)
	ResetLink(ctx context.Context, id int64) (string, error)
}

// Contacts reads the contact base and its imports.
type Contacts interface {
	ListContacts(ctx context.Context, f contacts.Filter) (contacts.Page, error)
	ContactByID(ctx context.Context, id int64) (*contacts.Contact, error)
	ContactHistory(ctx context.Context, id int64) ([]contacts.Source, []contacts.Event, error)
	Imports(ctx context.Context, limit int) ([]contacts.Import, error)
	ImportByID(ctx context.Context, id int64) (*contacts.Import, []contacts.ImportFile, error)
	EachReject(ctx context.Context, importID int64, fn func(contacts.Reject) error) error
	EachImportContact(ctx context.Context, importID int64, fn func(contacts.Imported) error) error
}

// Uploads is imports.Service.
type Uploads interface {
	Stage(ctx context.Context, next func() (string, io.Reader, error)) (*imports.Upload, error)
	Upload(ctx context.Context, id int64) (*imports.Upload, error)
	Uploads(ctx context.Context, limit int) ([]imports.Upload, error)
	Preview(ctx context.Context, id int64) (*imports.Preview, error)
	Configure(ctx context.Context, id int64, o imports.Options) error
	Start(ctx context.Context, id int64) error
}

// Plan is readiness.Service.
type Plan interface {
	Evaluate(ctx context.Context) (readiness.Evaluated, error)
	SetTick(ctx context.Context, action, item, name string, done bool) error
	Invalidate()
}
