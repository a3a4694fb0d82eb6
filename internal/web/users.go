package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/auth"
)

type usersView struct {
	Users []auth.User
	Roles []auth.Role
	Link  string // a one-time link just made, shown once
	Who   string
	Error string
	Email string
	Name  string
	Now   time.Time
}

func (s *Server) userList(w http.ResponseWriter, r *http.Request) {
	s.showUsers(w, r, http.StatusOK, usersView{})
}

func (s *Server) showUsers(w http.ResponseWriter, r *http.Request, status int, v usersView) {
	users, err := s.svc.Accounts.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Users, v.Roles, v.Now = users, auth.Roles, s.now()
	s.render(w, r, status, "users", s.newPage(r, "users", "users.title", v))
}

// linkURL is the address of a one-time link.
func (s *Server) linkURL(r *http.Request, path, secret string) string {
	base := strings.TrimRight(s.cfg.BaseURL, "/")
	if base == "" {
		scheme := "http"
		if s.isTLS(r) {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base + path + "?token=" + url.QueryEscape(secret)
}

// inviteUser creates an account and shows the link its owner uses to
// choose a password. gdprkit sends no e-mail: the administrator passes the
// link on.
func (s *Server) inviteUser(w http.ResponseWriter, r *http.Request) {
	email, name := r.PostFormValue("email"), strings.TrimSpace(r.PostFormValue("name"))
	role, ok := auth.ParseRole(r.PostFormValue("role"))
	if !ok {
		role = auth.Viewer
	}
	u, secret, err := s.svc.Accounts.Invite(r.Context(), email, name, role)
	if err != nil {
		status, e := classify(err)
		if status >= 500 {
			s.fail(w, r, err)
			return
		}
		s.showUsers(w, r, status, usersView{Error: tr(r, e.Key, e.Args), Email: email, Name: name})
		return
	}
	s.record(r.Context(), audit.Entry{Action: audit.Created, ObjectType: "user", ObjectID: strconv.FormatInt(u.ID, 10), Detail: `{"role":"` + string(role) + `"}`})
	s.showUsers(w, r, http.StatusOK, usersView{Link: s.linkURL(r, "/link", secret), Who: u.Email})
}

type userView struct {
	U     *auth.User
	Roles []auth.Role
	Link  string
	Error string
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request) {
	s.showUser(w, r, http.StatusOK, userView{})
}

func (s *Server) showUser(w http.ResponseWriter, r *http.Request, status int, v userView) {
	id, err := pathID(r)
	if err == nil {
		v.U, err = s.svc.Accounts.User(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Roles = auth.Roles
	p := s.newPage(r, "users", "user.title", v)
	s.render(w, r, status, "user", p)
}

// updateUser changes a user's name, role or access. Changing the role or
// disabling ends the user's sessions on every instance.
func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	disabled := r.PostFormValue("disabled") == "1"
	c := auth.Change{Name: &name, Disabled: &disabled}
	if role, ok := auth.ParseRole(r.PostFormValue("role")); ok {
		c.Role = &role
	}
	if _, err := s.svc.Accounts.UpdateUser(r.Context(), id, c); err != nil {
		status, e := classify(err)
		if status >= 500 || status == http.StatusNotFound {
			s.fail(w, r, err)
			return
		}
		s.showUser(w, r, status, userView{Error: tr(r, e.Key, e.Args)})
		return
	}
	s.tokens.forget() // a disabled user's tokens stop at once here
	s.record(r.Context(), audit.Entry{Action: audit.Changed, ObjectType: "user", ObjectID: strconv.FormatInt(id, 10),
		Detail: `{"role":"` + r.PostFormValue("role") + `","disabled":` + strconv.FormatBool(disabled) + `}`})
	s.flash(r, "user.saved")
	redirect(w, r, "/users")
}

func (s *Server) resetUser(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var secret string
	if err == nil {
		secret, err = s.svc.Accounts.ResetLink(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.record(r.Context(), audit.Entry{Action: audit.Created, ObjectType: "user", ObjectID: strconv.FormatInt(id, 10), Detail: `{"reset_link":true}`})
	s.showUser(w, r, http.StatusOK, userView{Link: s.linkURL(r, "/link", secret)})
}
