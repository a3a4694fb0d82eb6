package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/auth"
)

// AuthStore implements auth.Store: users, one-time links, API tokens,
// login throttling and sessions.
type AuthStore struct {
	db *DB
}

// NewAuthStore returns the auth store of db.
func NewAuthStore(db *DB) *AuthStore { return &AuthStore{db: db} }

var _ auth.Store = (*AuthStore)(nil)

const userColumns = `id, email, name, role, password, language, disabled, session_epoch, failed_logins, locked_until,
	last_login_at, password_changed_at, created_at, updated_at`

func scanUser(r scanner) (*auth.User, error) {
	var u auth.User
	var disabled, created, updated int64
	var locked, last, changed sql.NullInt64
	err := r.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Password, &u.Language, &disabled, &u.SessionEpoch, &u.FailedLogins,
		&locked, &last, &changed, &created, &updated)
	if err != nil {
		return nil, err
	}
	u.Disabled = disabled != 0
	u.LockedUntil, u.LastLoginAt, u.PasswordChangedAt = Time(locked), Time(last), Time(changed)
	u.CreatedAt, u.UpdatedAt = msTime(created), msTime(updated)
	return &u, nil
}

// msTime converts non-null Unix milliseconds to a UTC time.
func msTime(ms int64) time.Time { return Time(sql.NullInt64{Int64: ms, Valid: true}) }

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// CreateUser inserts u and sets its ID and times.
func (s *AuthStore) CreateUser(ctx context.Context, u *auth.User) error {
	return s.db.InTx(ctx, func(tx *Tx) error { return insertUser(ctx, tx, u) })
}

func insertUser(ctx context.Context, tx *Tx, u *auth.User) error {
	u.CreatedAt, u.UpdatedAt, u.SessionEpoch = tx.Now, tx.Now, 1
	var changed any
	if u.Password != "" {
		u.PasswordChangedAt = tx.Now
		changed = tx.Now.UnixMilli()
	}
	err := tx.QueryRow(ctx, `INSERT INTO users (email, name, role, password, language, disabled, session_epoch, password_changed_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id`,
		u.Email, u.Name, string(u.Role), u.Password, u.Language, boolInt(u.Disabled), changed, tx.Now.UnixMilli(), tx.Now.UnixMilli()).Scan(&u.ID)
	if err != nil {
		return conflict(tx.db.Dialect.FormatError(err), "users.email_taken")
	}
	return nil
}

// conflict gives a conflict error the key a person understands.
func conflict(err error, key string) error {
	if e := gdprkit.AsError(err); e != nil && e.Code == gdprkit.ECONFLICT {
		return &gdprkit.Error{Code: gdprkit.ECONFLICT, Key: key, Detail: e.Detail, Err: e.Err}
	}
	return err
}

// UserByID returns a user.
func (s *AuthStore) UserByID(ctx context.Context, id int64) (*auth.User, error) {
	u, err := scanUser(s.db.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	return u, NotFound(err, "users.not_found")
}

// UserByEmail returns the user with a normalised address.
func (s *AuthStore) UserByEmail(ctx context.Context, email string) (*auth.User, error) {
	u, err := scanUser(s.db.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email))
	return u, NotFound(err, "users.not_found")
}

// Users lists every user by address.
func (s *AuthStore) Users(ctx context.Context) ([]auth.User, error) {
	rows, err := s.db.Query(ctx, `SELECT `+userColumns+` FROM users ORDER BY email`)
	out, err := collect(rows, err, deref(scanUser))
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// CountUsers counts users.
func (s *AuthStore) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// UpdateUser stores the fields an administrator or the user may change.
func (s *AuthStore) UpdateUser(ctx context.Context, u *auth.User) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		u.UpdatedAt = tx.Now
		_, err := tx.Exec(ctx, `UPDATE users SET name = ?, role = ?, language = ?, disabled = ?, session_epoch = ?, updated_at = ? WHERE id = ?`,
			u.Name, string(u.Role), u.Language, boolInt(u.Disabled), u.SessionEpoch, tx.Now.UnixMilli(), u.ID)
		return err
	})
}

// SetPassword stores a new password hash.
func (s *AuthStore) SetPassword(ctx context.Context, id int64, phc string, endSessions bool) error {
	return s.db.InTx(ctx, func(tx *Tx) error { return setPassword(ctx, tx, id, phc, endSessions) })
}

func setPassword(ctx context.Context, tx *Tx, id int64, phc string, endSessions bool) error {
	bump := 0
	if endSessions {
		bump = 1
	}
	_, err := tx.Exec(ctx, `UPDATE users SET password = ?, session_epoch = session_epoch + ?, password_changed_at = ?, updated_at = ?,
		failed_logins = 0, locked_until = NULL WHERE id = ?`, phc, bump, tx.Now.UnixMilli(), tx.Now.UnixMilli(), id)
	return err
}

// RecordLogin notes a successful login.
func (s *AuthStore) RecordLogin(ctx context.Context, id int64) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE users SET last_login_at = ?, failed_logins = 0, locked_until = NULL WHERE id = ?`, tx.Now.UnixMilli(), id)
		return err
	})
}
