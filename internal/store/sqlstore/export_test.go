package sqlstore

import (
	"context"

	"github.com/gdprkit/gdprkit/internal/contacts"
)

// ListSQL returns the query ListContacts runs for f, for plan tests.
func (s *ContactStore) ListSQL(ctx context.Context, f contacts.Filter) (string, []any, error) {
	q, err := s.listQuery(ctx, f)
	if err != nil {
		return "", nil, err
	}
	query, args := q.sql(51)
	return s.db.Q(query), args, nil
}
