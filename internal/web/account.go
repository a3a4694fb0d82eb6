package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/auth"
)

type loginView struct {
	Email string
	Next  string
	Error string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if principalOf(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.showLogin(w, r, http.StatusOK, loginView{Next: localPath(r.URL.Query().Get("next"))})
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, v loginView) {
	p := s.newPage(r, "", "login.title", v)
	p.Setup, _ = s.svc.Accounts.SetupNeeded(r.Context())
	s.render(w, r, status, "login", p)
}

// login checks the credentials and starts a session with a new token, so
// a token planted before login is worthless after it.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	email := r.PostFormValue("email")
	u, err := s.svc.Accounts.Login(ctx, email, r.PostFormValue("password"), audit.RemoteFrom(ctx))
	if err != nil {
		s.loginFailed(w, r, email, err)
		return
	}
	if err := s.startSession(ctx, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.metrics.logins.WithLabelValues("ok").Inc()
	s.record(withUser(ctx, u), audit.Entry{Action: audit.Login, ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10)})
	redirect(w, r, localPath(r.PostFormValue("next")))
}

func (s *Server) loginFailed(w http.ResponseWriter, r *http.Request, email string, err error) {
	code := gdprkit.ErrorCode(err)
	if code != gdprkit.EUNAUTH && code != gdprkit.ERATELIMIT {
		s.fail(w, r, err)
		return
	}
	result := map[string]string{gdprkit.EUNAUTH: "invalid", gdprkit.ERATELIMIT: "locked"}[code]
	s.metrics.logins.WithLabelValues(result).Inc()
	s.record(r.Context(), audit.Entry{Action: audit.LoginFailed, ObjectType: "account", Detail: `{"result":"` + result + `"}`})
	status, e := classify(err)
	v := loginView{Email: email, Next: localPath(r.PostFormValue("next")), Error: tr(r, e.Key, e.Args)}
	s.showLogin(w, r, status, v)
}

// startSession renews the session token and ties the session to u.
func (s *Server) startSession(ctx context.Context, u *auth.User) error {
	if ok, _ := ctx.Value(keySession).(bool); !ok {
		return gdprkit.Errorf(gdprkit.EINVALID, "error.unauthorized", nil, "no session (bearer request)")
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessUser, u.ID)
	s.sessions.Put(ctx, sessEpoch, u.SessionEpoch)
	return nil
}

// withUser makes u the actor of ctx, for what is recorded as the request
// that logs them in.
func withUser(ctx context.Context, u *auth.User) context.Context {
	return gdprkit.NewContext(ctx, actorOf(&principal{user: u, role: u.Role}))
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	s.record(r.Context(), audit.Entry{Action: audit.Logout, ObjectType: "user", ObjectID: strconv.FormatInt(principalOf(r).user.ID, 10)})
	if !hasSession(r) {
		redirect(w, r, "/login")
		return
	}
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/login")
}

// record appends to the audit trail; a failure is logged, not shown: the
// action it describes already happened.
func (s *Server) record(ctx context.Context, e audit.Entry) {
	if err := s.svc.Audit.Record(ctx, e); err != nil {
		s.log.ErrorContext(ctx, "audit trail", "action", e.Action, "err", err)
	}
}

// tr translates for the request's language.
func tr(r *http.Request, key string, args map[string]any) string {
	return translate(langOf(r), key, args)
}

type setupView struct {
	Token string
	Email string
	Name  string
	Error string
	User  *auth.User // the invited or reset user, for /link
}

func (s *Server) setupPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if err := s.checkSetup(r.Context(), token); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "setup", s.newPage(r, "", "setup.title", setupView{Token: token}))
}

// checkSetup accepts only a valid first-admin link while no user exists.
func (s *Server) checkSetup(ctx context.Context, token string) error {
	l, _, err := s.svc.Accounts.LinkInfo(ctx, token)
	if err != nil {
		return err
	}
	if l.Purpose != auth.LinkFirstAdmin {
		return gdprkit.Errorf(gdprkit.ENOTFOUND, "auth.link_invalid", nil, "not a setup link")
	}
	return nil
}

func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := setupView{Token: r.PostFormValue("token"), Email: r.PostFormValue("email"), Name: strings.TrimSpace(r.PostFormValue("name"))}
	if err := samePasswords(r); err != nil {
		s.formError(w, r, "setup", "setup.title", err, &v.Error, &v)
		return
	}
	u, err := s.svc.Accounts.CompleteSetup(ctx, v.Token, v.Email, v.Name, r.PostFormValue("password"), langOf(r))
	if err != nil {
		s.formError(w, r, "setup", "setup.title", err, &v.Error, &v)
		return
	}
	s.record(withUser(ctx, u), audit.Entry{Action: audit.Created, ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Detail: `{"first_admin":true}`})
	s.loggedIn(w, r, u, "setup.done")
}

// loggedIn starts a session for u, records it as a login, and goes to
// the dashboard.
func (s *Server) loggedIn(w http.ResponseWriter, r *http.Request, u *auth.User, flash string) {
	if err := s.startSession(r.Context(), u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.record(withUser(r.Context(), u), audit.Entry{Action: audit.Login, ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10)})
	s.flash(r, flash)
	redirect(w, r, "/")
}

// formError shows a form again with the error of a user's mistake; other
// errors get the error page.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, name, title string, err error, msg *string, v any) {
	status, e := classify(err)
	if status >= 500 || status == http.StatusNotFound {
		s.fail(w, r, err)
		return
	}
	*msg = tr(r, e.Key, e.Args)
	s.render(w, r, status, name, s.newPage(r, "", title, v))
}

func samePasswords(r *http.Request) error {
	if r.PostFormValue("password") != r.PostFormValue("confirm") {
		return gdprkit.Errorf(gdprkit.EINVALID, "auth.password_mismatch", nil, "passwords differ")
	}
	return nil
}

func (s *Server) linkPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	l, u, err := s.svc.Accounts.LinkInfo(r.Context(), token)
	if err == nil && u == nil {
		err = gdprkit.Errorf(gdprkit.ENOTFOUND, "auth.link_invalid", nil, "not a user link")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := setupView{Token: token, User: u, Email: u.Email, Name: l.Purpose}
	s.render(w, r, http.StatusOK, "link", s.newPage(r, "", "link.title", v))
}

func (s *Server) useLink(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := setupView{Token: r.PostFormValue("token")}
	_, v.User, _ = s.svc.Accounts.LinkInfo(ctx, v.Token)
	err := samePasswords(r)
	var u *auth.User
	if err == nil {
		u, err = s.svc.Accounts.UseLink(ctx, v.Token, r.PostFormValue("password"))
	}
	if err != nil {
		s.formError(w, r, "link", "link.title", err, &v.Error, &v)
		return
	}
	s.record(withUser(ctx, u), audit.Entry{Action: audit.Changed, ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Detail: `{"password":"set by link"}`})
	s.loggedIn(w, r, u, "link.done")
}

type accountView struct {
	Tokens   []auth.Token
	Roles    []auth.Role
	NewToken string
	Error    string
	Expiries []int
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	s.showAccount(w, r, http.StatusOK, accountView{})
}

func (s *Server) showAccount(w http.ResponseWriter, r *http.Request, status int, v accountView) {
	p := principalOf(r)
	tokens, err := s.svc.Accounts.Tokens(r.Context(), p.user.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Tokens, v.Expiries = tokens, []int{30, 90, 365, 0}
	for _, role := range auth.Roles {
		if role.AtMost(p.user.Role) == role {
			v.Roles = append(v.Roles, role)
		}
	}
	s.render(w, r, status, "account", s.newPage(r, "account", "account.title", v))
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	err := samePasswords(r)
	var u *auth.User
	if err == nil {
		u, err = s.svc.Accounts.ChangePassword(ctx, principalOf(r).user.ID, r.PostFormValue("current"), r.PostFormValue("password"))
	}
	if err != nil {
		status, e := classify(err)
		if status >= 500 {
			s.fail(w, r, err)
			return
		}
		s.showAccount(w, r, status, accountView{Error: tr(r, e.Key, e.Args)})
		return
	}
	// The change ended every session of the user, this one included: it
	// goes on under a new token and the new epoch.
	if err := s.startSession(ctx, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.record(ctx, audit.Entry{Action: audit.Changed, ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Detail: `{"password":"changed"}`})
	s.flash(r, "account.password_changed")
	redirect(w, r, "/account")
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	role, _ := auth.ParseRole(r.PostFormValue("role"))
	days, _ := strconv.Atoi(r.PostFormValue("days"))
	secret, t, err := s.svc.Accounts.CreateToken(r.Context(), p.user, r.PostFormValue("name"), role, time.Duration(days)*24*time.Hour)
	if err != nil {
		status, e := classify(err)
		if status >= 500 {
			s.fail(w, r, err)
			return
		}
		s.showAccount(w, r, status, accountView{Error: tr(r, e.Key, e.Args)})
		return
	}
	s.record(r.Context(), audit.Entry{Action: audit.Created, ObjectType: "api_token", ObjectID: strconv.FormatInt(t.ID, 10)})
	// Shown once, in this response: the secret is stored nowhere.
	s.showAccount(w, r, http.StatusOK, accountView{NewToken: secret})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.svc.Accounts.RevokeToken(r.Context(), principalOf(r).user.ID, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.tokens.forget() // at once here; other instances within tokenTTL
	s.record(r.Context(), audit.Entry{Action: audit.Changed, ObjectType: "api_token", ObjectID: strconv.FormatInt(id, 10), Detail: `{"revoked":true}`})
	s.flash(r, "account.token_revoked")
	redirect(w, r, "/account")
}

// pathID reads the {id} path value.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, gdprkit.Errorf(gdprkit.ENOTFOUND, "error.not_found", nil, "bad id %q", r.PathValue("id"))
	}
	return id, nil
}
