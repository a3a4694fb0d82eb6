package store

import (
	"github.com/gdprkit/gdprkit/internal/store/postgres"
	"github.com/gdprkit/gdprkit/internal/store/sqlite"
	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
)

// ConsentStores are the stores of consent capture, the ledger and the
// suppression list.
type ConsentStores struct {
	Ledger *sqlstore.LedgerStore
	// Store holds forms, texts, purposes, requests, link keys, the
	// suppression list and the consent state.
	Store *sqlstore.ConsentStore
}

// withConsent fills in the consent feature's stores for the dialect.
func withConsent(s *Stores) *Stores {
	if s.PG != nil {
		s.Consent = &ConsentStores{Ledger: postgres.NewLedgerStore(s.PG), Store: postgres.NewConsentStore(s.PG)}
		return s
	}
	s.Consent = &ConsentStores{Ledger: sqlite.NewLedgerStore(s.DB), Store: sqlite.NewConsentStore(s.DB)}
	return s
}
