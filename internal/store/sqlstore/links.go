package sqlstore

import (
	"context"
	"database/sql"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/auth"
)

var errSetupDone = gdprkit.Errorf(gdprkit.EFORBIDDEN, "setup.done", nil, "an administrator already exists")

func linkInvalid() error {
	return gdprkit.Errorf(gdprkit.ENOTFOUND, "auth.link_invalid", nil, "link unknown, used or expired")
}

// ReplaceFirstAdminLink stores l in place of earlier unused first-admin
// links, while no user exists.
func (s *AuthStore) ReplaceFirstAdminLink(ctx context.Context, l auth.Link) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		if err := noUsers(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM setup_tokens WHERE purpose = ? AND used_at IS NULL`, auth.LinkFirstAdmin); err != nil {
			return err
		}
		return insertLink(ctx, tx, l)
	})
}

func noUsers(ctx context.Context, tx *Tx) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errSetupDone
	}
	return nil
}

// CreateLink stores a one-time link.
func (s *AuthStore) CreateLink(ctx context.Context, l auth.Link) error {
	return s.db.InTx(ctx, func(tx *Tx) error { return insertLink(ctx, tx, l) })
}

func insertLink(ctx context.Context, tx *Tx, l auth.Link) error {
	_, err := tx.Exec(ctx, `INSERT INTO setup_tokens (token_hash, purpose, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		l.Hash, l.Purpose, nullInt(l.UserID), l.CreatedAt.UnixMilli(), l.ExpiresAt.UnixMilli())
	return err
}

// Link returns an unused, unexpired link.
func (s *AuthStore) Link(ctx context.Context, hash string) (*auth.Link, error) {
	l := auth.Link{Hash: hash}
	var user sql.NullInt64
	var created, expires int64
	err := s.db.QueryRow(ctx, `SELECT purpose, user_id, created_at, expires_at FROM setup_tokens
		WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`, hash, s.db.Now().UnixMilli()).Scan(&l.Purpose, &user, &created, &expires)
	if err == sql.ErrNoRows {
		return nil, linkInvalid()
	}
	if err != nil {
		return nil, err
	}
	l.UserID, l.CreatedAt, l.ExpiresAt = user.Int64, msTime(created), msTime(expires)
	return &l, nil
}

// useLink marks a valid link of purpose used and returns its user. The
// conditional UPDATE makes two concurrent uses impossible: only one sees
// a row change.
func useLink(ctx context.Context, tx *Tx, hash string, purposes ...string) (int64, error) {
	var user sql.NullInt64
	var purpose string
	err := tx.QueryRow(ctx, `UPDATE setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
		RETURNING user_id, purpose`, tx.Now.UnixMilli(), hash, tx.Now.UnixMilli()).Scan(&user, &purpose)
	if err == sql.ErrNoRows {
		return 0, linkInvalid()
	}
	if err != nil {
		return 0, err
	}
	for _, p := range purposes {
		if p == purpose {
			return user.Int64, nil
		}
	}
	return 0, linkInvalid()
}

// CreateFirstAdmin uses a first-admin link to create u.
func (s *AuthStore) CreateFirstAdmin(ctx context.Context, hash string, u *auth.User) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		if _, err := useLink(ctx, tx, hash, auth.LinkFirstAdmin); err != nil {
			return err
		}
		if err := noUsers(ctx, tx); err != nil {
			return err
		}
		return insertUser(ctx, tx, u)
	})
}

// UseLink uses an invitation or reset link to set a password.
func (s *AuthStore) UseLink(ctx context.Context, hash, phc string) (*auth.User, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *Tx) error {
		var err error
		if id, err = useLink(ctx, tx, hash, auth.LinkInvite, auth.LinkReset); err != nil {
			return err
		}
		return setPassword(ctx, tx, id, phc, true)
	})
	if err != nil {
		return nil, err
	}
	return s.UserByID(ctx, id)
}
