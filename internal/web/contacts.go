package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/report"
)

// pageSize is how many contacts a list page shows.
const pageSize = 50

type contactListView struct {
	Filter   contacts.Filter
	Key      string // the saved search's key, "s" in the URL
	Page     contacts.Page
	Imports  []contacts.Import
	Statuses []contacts.Status
	Channels []string
	Purposes []string
	Query    template.URL // the current filters as a query string, for links
	First    bool
}

// contactList shows a page of contacts. The search text never appears in
// the URL: a POST stores it in the session under a random key (s=…), so
// it reaches no access log, proxy log or browser history.
func (s *Server) contactList(w http.ResponseWriter, r *http.Request) {
	f, key, err := s.contactFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Limit = pageSize
	page, err := s.svc.Contacts.ListContacts(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.recordView(r, "contacts", "", filterDetail(f, len(page.Contacts))); err != nil {
		s.fail(w, r, err)
		return
	}
	imps, err := s.svc.Contacts.Imports(r.Context(), 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := contactListView{Filter: f, Key: key, Page: page, Imports: imps, Statuses: statusFilters,
		Channels: contacts.ListChannels, Purposes: contacts.ListPurposes, First: f.After == 0}
	v.Query = template.URL(filterQuery(f, key).Encode()) // #nosec G203 -- url.Values encodes every value
	s.render(w, r, http.StatusOK, "contacts", s.newPage(r, "contacts", "contacts.title", v))
}

// contactFilter reads the filters from the query string and the search
// text from the session.
func (s *Server) contactFilter(r *http.Request) (contacts.Filter, string, error) {
	q := r.URL.Query()
	f := contacts.Filter{Status: contacts.Status(q.Get("status")), Channel: q.Get("channel"), Purpose: q.Get("purpose")}
	if f.Status != "" && !validStatus(f.Status) {
		return f, "", gdprkit.Errorf(gdprkit.EINVALID, "contacts.status_unknown", nil, "unknown status")
	}
	f.ImportID, _ = strconv.ParseInt(q.Get("import"), 10, 64)
	f.After, _ = strconv.ParseInt(q.Get("after"), 10, 64)
	key := q.Get("s")
	if key != "" {
		srch, ok := s.searches(r)[key]
		if !ok {
			key = "" // expired with its session: show the unfiltered list
		}
		f.Search, f.SearchIn = srch.Q, contacts.SearchIn(srch.In)
	}
	return f, key, nil
}

// statusFilters are the status filter's choices: each status, and the
// re-permission segment (weak or missing) the dashboard links to.
var statusFilters = append(append([]contacts.Status(nil), contacts.Statuses...), contacts.FilterRepermission)

func validStatus(st contacts.Status) bool {
	for _, x := range statusFilters {
		if x == st {
			return true
		}
	}
	return false
}

// filterQuery writes the filters (not the search text) as a query.
func filterQuery(f contacts.Filter, key string) url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"status": string(f.Status), "channel": f.Channel, "purpose": f.Purpose, "s": key} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.ImportID != 0 {
		q.Set("import", strconv.FormatInt(f.ImportID, 10))
	}
	return q
}

// filterDetail describes a list or export for the audit trail: which
// filters, whether there was a search (not its text), how many contacts.
func filterDetail(f contacts.Filter, n int) string {
	b, _ := json.Marshal(map[string]any{"status": f.Status, "channel": f.Channel, "purpose": f.Purpose,
		"import": f.ImportID, "search": f.Search != "", "after": f.After, "contacts": n})
	return string(b)
}

// search is a saved search text.
type search struct {
	Q  string `json:"q"`
	In string `json:"in"`
}

// maxSearches bounds the searches a session remembers.
const maxSearches = 20

func (s *Server) searches(r *http.Request) map[string]search {
	m := map[string]search{}
	if !hasSession(r) {
		return m
	}
	_ = json.Unmarshal([]byte(s.sessions.GetString(r.Context(), sessSearch)), &m)
	return m
}

// contactSearch stores the search text and shows the results.
func (s *Server) contactSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.PostFormValue("q"))
	f := contacts.Filter{Status: contacts.Status(r.PostFormValue("status")), Channel: r.PostFormValue("channel"), Purpose: r.PostFormValue("purpose")}
	f.ImportID, _ = strconv.ParseInt(r.PostFormValue("import"), 10, 64)
	key := ""
	if q != "" {
		key = s.saveSearch(r, search{Q: q, In: r.PostFormValue("in")})
	}
	to := "/contacts"
	if enc := filterQuery(f, key).Encode(); enc != "" {
		to += "?" + enc
	}
	redirect(w, r, to)
}

func (s *Server) saveSearch(r *http.Request, srch search) string {
	m := s.searches(r)
	if len(m) >= maxSearches {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		delete(m, keys[0])
	}
	b := make([]byte, 6)
	rand.Read(b) //nolint:errcheck // crypto/rand.Read never fails
	key := hex.EncodeToString(b)
	m[key] = srch
	enc, _ := json.Marshal(m)
	if hasSession(r) {
		s.sessions.Put(r.Context(), sessSearch, string(enc))
	}
	return key
}

// recordView writes that personal data was shown. It must succeed before
// the data is sent: no trace, no data.
func (s *Server) recordView(r *http.Request, objectType, objectID, detail string) error {
	s.metrics.views.WithLabelValues(audit.Viewed).Inc()
	return s.svc.Audit.Record(r.Context(), audit.Entry{Action: audit.Viewed, ObjectType: objectType, ObjectID: objectID, Detail: detail})
}

type contactView struct {
	Contact  *contacts.Contact
	Purposes []contacts.Assessment
	Sources  []contacts.Source
	Events   []contacts.Event
	// Consent is "may I send?" per purpose and the proofs (consent_contact.go).
	Consent *contactConsent
}

// contactPage shows a contact's provenance and consent history.
func (s *Server) contactPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.contact(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.recordView(r, "contact", strconv.FormatInt(v.Contact.ID, 10), "{}"); err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.newPage(r, "contacts", "contact.title", v)
	p.Title = v.Contact.Email
	s.render(w, r, http.StatusOK, "contact", p)
}

func (s *Server) contact(r *http.Request) (*contactView, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	c, err := s.svc.Contacts.ContactByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	sources, events, err := s.svc.Contacts.ContactHistory(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return &contactView{Contact: c, Purposes: contacts.ParsePurposes(c.Purposes), Sources: sources, Events: timeline(events),
		Consent: s.contactConsent(r.Context(), c)}, nil
}

// timeline orders consent events by when they happened, undated ones last,
// most recent first.
func timeline(evs []contacts.Event) []contacts.Event {
	out := append([]contacts.Event(nil), evs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].OccurredAt, out[j].OccurredAt
		if a.IsZero() != b.IsZero() {
			return !a.IsZero()
		}
		return a.After(b)
	})
	return out
}

// contactExport downloads the contacts of the current filters as the
// kit's documented-base template.
func (s *Server) contactExport(w http.ResponseWriter, r *http.Request) {
	f, _, err := s.contactFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rw, err := s.download(w, r, "contacts", r.PathValue("format"), "contacts", "", filterDetail(f, 0))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	err = eachContact(r.Context(), s.svc.Contacts, f, func(c *contacts.Contact) error {
		return rw.Write(contacts.RowOf(c, "", "", lang))
	})
	s.finishDownload(r, rw, err)
}

// eachContact walks every contact matching f, page by page.
func eachContact(ctx context.Context, cs Contacts, f contacts.Filter, fn func(*contacts.Contact) error) error {
	f.Limit, f.After = 500, 0
	for {
		page, err := cs.ListContacts(ctx, f)
		if err != nil {
			return err
		}
		for i := range page.Contacts {
			if err := fn(&page.Contacts[i]); err != nil {
				return err
			}
		}
		if page.Next == 0 {
			return nil
		}
		f.After = page.Next
	}
}

// download records an export in the audit trail, then starts the file:
// CSV or XLSX of the documented-base template.
func (s *Server) download(w http.ResponseWriter, r *http.Request, name, format, objectType, objectID, detail string) (report.RowWriter, error) {
	if format != "csv" && format != "xlsx" {
		return nil, gdprkit.Errorf(gdprkit.ENOTFOUND, "error.not_found", nil, "unknown format %q", format)
	}
	if err := s.recordExport(r, objectType, objectID, detail); err != nil {
		return nil, err
	}
	attach(w, name+"."+format)
	if format == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		return report.NewRowXLSX(w, langOf(r)), nil
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	return report.NewRowCSV(w, langOf(r)), nil
}

func (s *Server) recordExport(r *http.Request, objectType, objectID, detail string) error {
	s.metrics.views.WithLabelValues(audit.Exported).Inc()
	return s.svc.Audit.Record(r.Context(), audit.Entry{Action: audit.Exported, ObjectType: objectType, ObjectID: objectID, Detail: detail})
}

// attach names a download. Downloads hold personal data: never cached.
func attach(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
}

// finishDownload closes a file being sent. Headers are gone by now: a
// failure can only be logged, and the truncated file is not closed
// properly so the client sees an error.
func (s *Server) finishDownload(r *http.Request, rw interface{ Close() error }, err error) {
	if err == nil {
		err = rw.Close()
	}
	if err != nil {
		s.log.ErrorContext(r.Context(), "download failed", "route", r.Pattern, "request_id", requestID(r.Context()), "err", err)
		panic(http.ErrAbortHandler)
	}
}
