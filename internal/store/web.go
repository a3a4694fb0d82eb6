package store

import "github.com/gdprkit/gdprkit/internal/store/sqlstore"

// Web holds the stores of the web application. They are written once, in
// portable SQL, for both dialects.
type Web struct {
	Auth      *sqlstore.AuthStore
	Settings  *sqlstore.SettingsStore
	Audit     *sqlstore.AuditStore
	Readiness *sqlstore.ReadinessStore
	Uploads   *sqlstore.UploadStore
	// Contacts is the contact store with the list and download queries
	// the web pages use.
	Contacts *sqlstore.ContactStore
}

// Web returns the web application's stores over the open database. Each
// call returns new values: callers keep the one they configure (the
// upload store's job queue is set by cmd/gdprkit).
func (s *Stores) Web() Web {
	cs, _ := s.Contacts.(*sqlstore.ContactStore)
	return Web{
		Auth:      sqlstore.NewAuthStore(s.DB),
		Settings:  sqlstore.NewSettingsStore(s.DB),
		Audit:     sqlstore.NewAuditStore(s.DB),
		Readiness: sqlstore.NewReadinessStore(s.DB),
		Uploads:   sqlstore.NewUploadStore(s.DB),
		Contacts:  cs,
	}
}
