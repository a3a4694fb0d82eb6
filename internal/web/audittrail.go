package web

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/chart"
	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/spreadsheet"
)

type auditView struct {
	Filter  audit.Filter
	Entries []audit.Entry
	Next    int64
	Names   map[string]string
	Users   []auth.User
	Actions []string
	Objects []string
	Since   string
	Until   string
	Query   template.URL // the filters as a query string, for links
}

var auditActions = []string{audit.Viewed, audit.Exported, "imported", audit.Changed, audit.Created, audit.Login, audit.LoginFailed, audit.Logout}

var auditObjects = []string{"contact", "contacts", "import", "upload", "user", "api_token", "settings", "checklist", "account", "register"}

// auditFilter reads the trail's filters from the query string: none of
// them is personal data (actors are ids, dates are dates).
func (s *Server) auditFilter(r *http.Request) (audit.Filter, string, string) {
	q := r.URL.Query()
	f := audit.Filter{Actor: q.Get("actor"), Action: q.Get("action"), ObjectType: q.Get("object"), ObjectID: q.Get("id")}
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	loc := s.location(r.Context())
	since, until := q.Get("since"), q.Get("until")
	if t, err := time.ParseInLocation("2006-01-02", since, loc); err == nil {
		f.Since = t
	}
	if t, err := time.ParseInLocation("2006-01-02", until, loc); err == nil {
		f.Until = t.AddDate(0, 0, 1)
	}
	return f, since, until
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	f, since, until := s.auditFilter(r)
	f.Limit = 100
	entries, err := s.svc.Audit.Trail(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	users, err := s.svc.Accounts.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := auditView{Filter: f, Entries: entries, Names: s.actorNames(r), Users: users, Actions: auditActions, Objects: auditObjects, Since: since, Until: until}
	if len(entries) == f.Limit {
		v.Next = entries[len(entries)-1].ID
	}
	q := r.URL.Query()
	q.Del("before")
	v.Query = template.URL(q.Encode()) // #nosec G203 -- url.Values encodes every value
	s.render(w, r, http.StatusOK, "audit", s.newPage(r, "audit", "audit.title", v))
}

// auditExport downloads the filtered trail as CSV. The export itself is
// recorded in the trail.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request) {
	f, _, _ := s.auditFilter(r)
	if err := s.recordExport(r, "audit_log", "", "{}"); err != nil {
		s.fail(w, r, err)
		return
	}
	attach(w, "audit-trail.csv")
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	lang, names := langOf(r), s.actorNames(r)
	cw := spreadsheet.NewCSV(w, csvOptions(lang))
	head := []string{"audit.col.when", "audit.col.who", "audit.col.actor", "audit.col.action", "audit.col.object", "audit.col.object_id", "audit.col.from", "audit.col.detail"}
	for i, k := range head {
		head[i] = translate(lang, k, nil)
	}
	err := cw.Write(head)
	if err == nil {
		err = s.svc.Audit.EachEntry(r.Context(), f, func(e audit.Entry) error {
			return cw.Write([]string{e.At.UTC().Format(time.RFC3339), names[e.Actor], e.Actor, e.Action, e.ObjectType, e.ObjectID, e.Remote, e.Detail})
		})
	}
	s.finishDownload(r, flusher{cw}, err)
}

// flusher closes a CSV by flushing it.
type flusher struct{ c *spreadsheet.CSV }

func (f flusher) Close() error { return f.c.Flush() }

// csvOptions writes CSV the way each language's Excel opens it with a
// double click, as the report files do.
func csvOptions(lang string) spreadsheet.CSVOptions {
	if lang == "fr" {
		return spreadsheet.ExcelFR
	}
	return spreadsheet.CSVOptions{Comma: ',', BOM: true}
}

// detailField is one key and value of an audit entry's detail, as the
// trail page shows it.
type detailField struct{ Key, Value string }

// auditDetail turns an entry's JSON detail into a short list of fields,
// in their recorded order: keys are translated when the catalog has
// audit.detail.<key>, empty values (null, "", false, 0, [] and {}) are
// left out: most zeros are an unset filter or cursor (import 0, after 0).
// A detail that is not a JSON object is shown as one value.
// The detail never holds personal data (see audit.Entry), so neither
// does the list. The CSV export keeps the raw JSON.
func auditDetail(lang, detail string) []detailField {
	dec := json.NewDecoder(strings.NewReader(detail))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return rawDetail(detail)
	}
	var out []detailField
	for dec.More() {
		tok, err := dec.Token()
		key, ok := tok.(string)
		var raw json.RawMessage
		if err != nil || !ok || dec.Decode(&raw) != nil {
			return rawDetail(detail)
		}
		if v := detailValue(lang, raw); v != "" {
			out = append(out, detailField{Key: detailKey(lang, key), Value: v})
		}
	}
	return out
}

func rawDetail(detail string) []detailField {
	if detail = strings.TrimSpace(detail); detail == "" {
		return nil
	}
	return []detailField{{Value: detail}}
}

func detailKey(lang, key string) string {
	if k := "audit.detail." + key; locale.Shared().Has(lang, k) {
		return translate(lang, k, nil)
	}
	return key
}

// detailValue writes one value of a detail, "" for an empty one.
func detailValue(lang string, raw json.RawMessage) string {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return string(raw)
	}
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		if v {
			return translate(lang, "audit.detail.yes", nil)
		}
		return ""
	case json.Number:
		if n, err := v.Int64(); err == nil {
			if n == 0 {
				return ""
			}
			return chart.Number(lang, float64(n))
		}
		return v.String()
	case []any:
		parts := make([]string, 0, len(v))
		for _, x := range v {
			b, _ := json.Marshal(x)
			if s := detailValue(lang, b); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		if len(v) == 0 {
			return ""
		}
	}
	return string(raw)
}
