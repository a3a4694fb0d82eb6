package auth_test

import (
	"context"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

func service(st *store.Stores) *auth.Service {
	s := auth.New(st.Web().Auth)
	s.Hasher = auth.NewHasher(auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	return s
}

var ctx = gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorSystem})

const pw = "a long enough password"

func TestLoginThrottle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		s := service(st)
		u, err := s.CreateUser(ctx, "ana@example.com", "Ana", auth.Marketer, pw)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < auth.AccountLimit.Failures; i++ {
			if _, err := s.Login(ctx, "ana@example.com", "nope", "192.0.2.1"); gdprkit.ErrorCode(err) != gdprkit.EUNAUTH {
				t.Fatalf("failure %d: %v", i, err)
			}
		}
		if _, err := s.Login(ctx, "ana@example.com", "nope", "192.0.2.1"); gdprkit.ErrorCode(err) != gdprkit.ERATELIMIT {
			t.Fatalf("failure %d: %v, want rate limited", auth.AccountLimit.Failures, err)
		}
		if _, err := s.Login(ctx, "ana@example.com", pw, "192.0.2.2"); gdprkit.ErrorCode(err) != gdprkit.ERATELIMIT {
			t.Errorf("locked account with the right password from another address: %v", err)
		}
		got, _ := s.User(ctx, u.ID)
		if got.LockedUntil.IsZero() || got.FailedLogins != auth.AccountLimit.Failures {
			t.Errorf("user row: locked %v, failures %d", got.LockedUntil, got.FailedLogins)
		}
		// When the lock is over, the right password works and clears it.
		s.Now = func() time.Time { return time.Now().Add(time.Hour) }
		st.DB.Now = s.Now
		if _, err := s.Login(ctx, "ana@example.com", pw, "192.0.2.1"); err != nil {
			t.Errorf("after the lock: %v", err)
		}
	})
}

func TestRehashOnLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		s := service(st)
		u, err := s.CreateUser(ctx, "bo@example.com", "Bo", auth.Viewer, pw)
		if err != nil {
			t.Fatal(err)
		}
		s.Hasher = auth.NewHasher(auth.Params{Memory: 2048, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
		if _, err := s.Login(ctx, "bo@example.com", pw, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		got, _ := s.User(ctx, u.ID)
		if got.Password == u.Password || got.SessionEpoch != u.SessionEpoch {
			t.Errorf("hash not replaced, or sessions ended by a rehash (epoch %d → %d)", u.SessionEpoch, got.SessionEpoch)
		}
	})
}

func TestLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		s := service(st)
		first, err := s.FirstAdminLink(ctx)
		if err != nil {
			t.Fatal(err)
		}
		second, _ := s.FirstAdminLink(ctx)
		if _, err := s.CompleteSetup(ctx, first, "a@example.com", "A", pw, "en"); gdprkit.ErrorCode(err) != gdprkit.ENOTFOUND {
			t.Errorf("a replaced setup link worked: %v", err)
		}
		admin, err := s.CompleteSetup(ctx, second, "a@example.com", "A", pw, "en")
		if err != nil || admin.Role != auth.Admin {
			t.Fatalf("setup: %v", err)
		}
		if stored, err := s.Store.UserByID(ctx, admin.ID); err != nil || admin.LastLoginAt.IsZero() || stored.LastLoginAt.IsZero() {
			t.Errorf("the setup link logged the administrator in without recording it (%v)", err)
		}
		u, secret, err := s.Invite(ctx, "inv@example.com", "Inv", auth.DPO)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Login(ctx, "inv@example.com", pw, "192.0.2.1"); err == nil {
			t.Error("an invited user logs in before choosing a password")
		}
		if _, err := s.UseLink(ctx, secret, pw); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UseLink(ctx, secret, pw); gdprkit.ErrorCode(err) != gdprkit.ENOTFOUND {
			t.Errorf("a link worked twice: %v", err)
		}
		if _, err := s.Login(ctx, "inv@example.com", pw, "192.0.2.1"); err != nil {
			t.Errorf("login after the invitation: %v", err)
		}
		reset, _ := s.ResetLink(ctx, u.ID)
		s.Now = func() time.Time { return time.Now().Add(25 * time.Hour) }
		st.DB.Now = s.Now
		if _, err := s.UseLink(ctx, reset, "another long password"); gdprkit.ErrorCode(err) != gdprkit.ENOTFOUND {
			t.Errorf("an expired reset link worked: %v", err)
		}
	})
}

func TestTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		s := service(st)
		u, _ := s.CreateUser(ctx, "t@example.com", "T", auth.Marketer, pw)
		if _, _, err := s.CreateToken(ctx, u, "x", auth.Admin, 0); gdprkit.ErrorCode(err) != gdprkit.EFORBIDDEN {
			t.Errorf("a token above the owner's role: %v", err)
		}
		secret, tok, err := s.CreateToken(ctx, u, "ci", auth.Viewer, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		var stored string
		if err := st.DB.QueryRow(ctx, `SELECT token_hash FROM api_tokens WHERE id = ?`, tok.ID).Scan(&stored); err != nil || stored == secret {
			t.Errorf("the token is stored in clear (%v)", err)
		}
		got, gt, err := s.Authenticate(ctx, secret)
		if err != nil || got.ID != u.ID || gt.Role != auth.Viewer {
			t.Fatalf("Authenticate: %v", err)
		}
		if err := s.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Authenticate(ctx, secret); gdprkit.ErrorCode(err) != gdprkit.EUNAUTH {
			t.Errorf("a revoked token works: %v", err)
		}
	})
}

func TestSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		ss := auth.SessionStore{Storage: st.Web().Auth}
		if err := ss.CommitCtx(ctx, "tok", []byte("data"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		b, ok, err := ss.FindCtx(ctx, "tok")
		if err != nil || !ok || string(b) != "data" {
			t.Fatalf("Find = %q %v %v", b, ok, err)
		}
		var n int
		st.DB.QueryRow(ctx, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, "tok").Scan(&n) //nolint:errcheck // checked below
		if n != 0 {
			t.Error("the session token is stored in clear")
		}
		ss.CommitCtx(ctx, "old", []byte("x"), time.Now().Add(-time.Minute)) //nolint:errcheck // checked by Find
		if _, ok, _ := ss.FindCtx(ctx, "old"); ok {
			t.Error("an expired session was found")
		}
		if removed, err := st.Web().Auth.DeleteExpired(ctx); err != nil || removed != 1 {
			t.Errorf("DeleteExpired = %d, %v", removed, err)
		}
		if err := ss.DeleteCtx(ctx, "tok"); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := ss.FindCtx(ctx, "tok"); ok {
			t.Error("a deleted session was found")
		}
	})
}
