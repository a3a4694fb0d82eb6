package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/ratelimit"
	"github.com/gdprkit/gdprkit/internal/register"
)

// The registers of the kit's second and third actions: vendors
// (vendors.go), the record of processing activities (activities.go),
// collection methods (methods.go), questionnaires (questionnaire.go), the
// organisation page (organisation.go) and the change history
// (registerhistory.go). This file has the overview, the downloads and what
// they share.

// Register is register.Service.
type Register interface {
	Snapshot(ctx context.Context) (*register.Snapshot, error)
	Status(ctx context.Context) (register.Status, error)
	History(ctx context.Context, f register.ChangeFilter) ([]register.Change, error)
	Organisation(ctx context.Context) (*register.Organisation, error)
	SaveOrganisation(ctx context.Context, o *register.Organisation) error

	Vendors(ctx context.Context) ([]register.VendorView, error)
	Vendor(ctx context.Context, id int64) (register.VendorView, error)
	CreateVendor(ctx context.Context, v *register.Vendor) error
	UpdateVendor(ctx context.Context, v *register.Vendor) error
	DeleteVendor(ctx context.Context, id int64, version int) error
	MarkVendorReviewed(ctx context.Context, id int64, version int) (*register.Vendor, error)
	ImportVendorsXLSX(ctx context.Context, r io.Reader, lang string) (*register.ImportResult, error)

	Activities(ctx context.Context) ([]register.ActivityView, error)
	Activity(ctx context.Context, id int64) (register.ActivityView, error)
	CreateActivity(ctx context.Context, a *register.Activity) error
	CreateActivityFromTemplate(ctx context.Context, key, lang string) (*register.Activity, error)
	UpdateActivity(ctx context.Context, a *register.Activity) error
	DeleteActivity(ctx context.Context, id int64, version int) error

	Methods(ctx context.Context) ([]register.MethodView, error)
	Method(ctx context.Context, id int64) (register.MethodView, error)
	CheckDraft(ctx context.Context, m *register.CollectionMethod) (register.MethodCheck, error)
	CreateMethod(ctx context.Context, m *register.CollectionMethod) error
	UpdateMethod(ctx context.Context, m *register.CollectionMethod) error
	DeleteMethod(ctx context.Context, id int64, version int) error

	Questionnaires(ctx context.Context, vendorID int64) ([]*register.Questionnaire, error)
	SendQuestionnaire(ctx context.Context, vendorID int64, template, lang string) (*register.Questionnaire, string, error)
	// EmailQuestionnaire e-mails a link just made; CanEmail says whether
	// an SMTP server is configured to.
	EmailQuestionnaire(ctx context.Context, q *register.Questionnaire, to, url string) error
	CanEmail() bool
	RevokeQuestionnaire(ctx context.Context, id int64) error
	OpenQuestionnaire(ctx context.Context, token string) (*register.QuestionnaireForm, error)
	AnswerQuestionnaire(ctx context.Context, token, respondent string, answers []register.Answer) error

	Export(ctx context.Context, w io.Writer, what, format, lang string) error
}

// Limiter is ratelimit.Limiter.
type Limiter interface {
	Allow(ctx context.Context, name string) (ratelimit.Decision, error)
}

// registerView is the overview of the registers: the dashboard's figures,
// charts and the downloads.
type registerView struct {
	Status    register.Status
	Snap      *register.Snapshot
	RiskChart any
	Countries any
	Transfers any
	Verdicts  any
	Downloads []downloadGroup
}

// downloadGroup is one export with its formats, in each language.
type downloadGroup struct {
	What    string
	Formats []string
}

var registerDownloads = []downloadGroup{
	{register.WhatActivities, []string{register.FormatXLSX, register.FormatHTML, register.FormatCSV}},
	{register.WhatVendors, []string{register.FormatXLSX, register.FormatCSV}},
	{register.WhatMethods, []string{register.FormatXLSX, register.FormatCSV}},
	{register.WhatAll, []string{register.FormatJSON}},
}

func (s *Server) registerOverview(w http.ResponseWriter, r *http.Request) {
	snap, err := s.svc.Register.Snapshot(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.svc.Register.Status(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	v := registerView{Status: st, Snap: snap, Downloads: registerDownloads}
	if len(snap.Vendors) > 0 {
		v.RiskChart = riskChart(lang, snap.Vendors)
		v.Countries = countryChart(lang, snap.Vendors)
		v.Transfers = transferChart(lang, snap.Vendors)
	}
	if len(snap.Methods) > 0 {
		v.Verdicts = verdictChart(lang, snap.Methods)
	}
	s.render(w, r, http.StatusOK, "register", s.newPage(r, "register", "registerweb.title", v))
}

// exportTypes are the content types of the downloads.
var exportTypes = map[string]string{
	register.FormatXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	register.FormatCSV:  "text/csv; charset=utf-8",
	register.FormatJSON: "application/json; charset=utf-8",
	register.FormatHTML: "text/html; charset=utf-8",
}

// registerExport downloads one register in one format and language. The
// file is built in memory (registers hold dozens to hundreds of entries),
// so a failure shows an error page instead of a truncated file. Every
// download is recorded in the audit trail first: no trace, no file.
func (s *Server) registerExport(w http.ResponseWriter, r *http.Request) {
	what, format := r.PathValue("what"), r.PathValue("format")
	lang := exportLang(r)
	if !slices.Contains(register.ExportFormats(what), format) {
		s.fail(w, r, gdprkit.Errorf(gdprkit.ENOTFOUND, "error.not_found", nil, "no %s export of %s", format, what))
		return
	}
	var buf bytes.Buffer
	if err := s.svc.Register.Export(r.Context(), &buf, what, format, lang); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.recordRegisterExport(r.Context(), what, exportDetail(format, lang)); err != nil {
		s.fail(w, r, err)
		return
	}
	name := exportName(lang, what, format, s.now())
	h := w.Header()
	h.Set("Content-Type", exportTypes[format])
	h.Set("Cache-Control", "no-store")
	if format == register.FormatHTML {
		// The printable register opens in the browser: a document with
		// its own stylesheet and no script, allowed by its hash only.
		h.Set("Content-Security-Policy", printableCSP(buf.Bytes()))
		h.Set("Content-Disposition", `inline; filename="`+name+`"`)
	} else {
		attach(w, name)
	}
	_, _ = buf.WriteTo(w)
}

// exportLang is the language asked for (?lang=fr), or the page's.
func exportLang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); slices.Contains(locale.Languages, l) {
		return l
	}
	return langOf(r)
}

// recordRegisterExport writes a download of the registers in the audit
// trail.
func (s *Server) recordRegisterExport(ctx context.Context, what, detail string) error {
	s.metrics.views.WithLabelValues(audit.Exported).Inc()
	return s.svc.Audit.Record(ctx, audit.Entry{Action: audit.Exported, ObjectType: "register", ObjectID: what, Detail: detail})
}

func exportDetail(format, lang string) string {
	b, _ := json.Marshal(map[string]string{"format": format, "lang": lang})
	return string(b)
}

// exportName names a download: "record-of-processing-2026-03-01.xlsx".
func exportName(lang, what, format string, at time.Time) string {
	return translate(lang, "registerweb.file."+what, nil) + "-" + at.Format(time.DateOnly) + "." + format
}

// printableCSP allows the printable register's inline stylesheet by its
// hash, and nothing else.
func printableCSP(doc []byte) string {
	css := doc
	if i := bytes.Index(css, []byte("<style>")); i >= 0 {
		css = css[i+len("<style>"):]
		if j := bytes.Index(css, []byte("</style>")); j >= 0 {
			css = css[:j]
		}
	}
	sum := sha256.Sum256(css)
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; img-src data:; " +
		"frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
}

// formFailure turns a service error into what a form shows: the message
// under the field it names (EINVALID), or at the top (a conflict). ok is
// false for errors a form cannot explain: the caller fails the request.
func formFailure(r *http.Request, err error) (status int, fs formState, ok bool) {
	status, e := classify(err)
	if status >= 500 || status == http.StatusNotFound || status == http.StatusForbidden || status == http.StatusTooManyRequests {
		return status, fs, false
	}
	msg := tr(r, e.Key, e.Args)
	fs.Errors = map[string]string{}
	if field, _ := e.Args["Field"].(string); field != "" && e.Code == gdprkit.EINVALID {
		fs.Errors[field] = msg
		fs.Field = field
		fs.Error = tr(r, "registerweb.form.invalid", nil)
		return status, fs, true
	}
	fs.Error = msg
	fs.Conflict = e.Code == gdprkit.ECONFLICT
	return status, fs, true
}

// formState is what a register form shows after a failed save.
type formState struct {
	Errors   map[string]string // field -> message
	Field    string            // the field in error, for the summary's link
	Error    string            // the summary shown at the top
	Conflict bool              // someone else saved first
}

// version reads the version a form was opened with.
func version(f form) int { return f.int0("version") }

// flashArgs shows a message with arguments once on the next page: it is
// stored translated, and a sentence that is no key translates to itself.
func (s *Server) flashArgs(r *http.Request, key string, args map[string]any) {
	if hasSession(r) {
		s.sessions.Put(r.Context(), sessFlash, tr(r, key, args))
	}
}

// vocab holds the register's vocabularies, for the forms' choices.
type vocab struct {
	Categories        register.Keys
	Roles             register.Keys
	DataCategories    []register.Category
	Subjects          register.Keys
	Certifications    register.Keys
	RightsChannels    register.Keys
	Clauses           register.Keys
	Mechanisms        register.Keys
	RetentionTriggers register.Keys
	RetentionFates    register.Keys
	SourceKinds       register.Keys
	RecipientKinds    register.Keys
	LegalBases        register.Keys
	Art9Conditions    register.Keys
	DPIACriteria      register.Keys
	SecurityHeadings  register.Keys
	MethodKinds       register.Keys
	Audiences         register.Keys
	Channels          register.Keys
	SafeguardKeys     register.Keys
	Languages         []string
}

var registerVocab = vocab{
	Categories: register.VendorCategories, Roles: register.VendorRoles, DataCategories: register.DataCategories,
	Subjects: register.Subjects, Certifications: register.Certifications, RightsChannels: register.RightsChannels,
	Clauses: register.Clauses, Mechanisms: register.Mechanisms, RetentionTriggers: register.RetentionTriggers,
	RetentionFates: register.RetentionFates, SourceKinds: register.SourceKinds, RecipientKinds: register.RecipientKinds,
	LegalBases: register.LegalBases, Art9Conditions: register.Art9Conditions, DPIACriteria: register.DPIACriteria,
	SecurityHeadings: register.SecurityHeadings, MethodKinds: register.MethodKinds, Audiences: register.Audiences,
	Channels: register.Channels, SafeguardKeys: register.SafeguardKeys, Languages: locale.Languages,
}
