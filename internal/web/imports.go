package web

import (
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/imports"
)

type importListView struct {
	Uploads []imports.Upload
	Imports []contacts.Import
	Names   map[string]string
}

// importList shows uploads in progress and the imports done.
func (s *Server) importList(w http.ResponseWriter, r *http.Request) {
	ups, err := s.svc.Uploads.Uploads(r.Context(), 20)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	imps, err := s.svc.Contacts.Imports(r.Context(), 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := importListView{Imports: imps, Names: s.actorNames(r)}
	for _, u := range ups {
		if u.Status != imports.Done {
			v.Uploads = append(v.Uploads, u)
		}
	}
	s.render(w, r, http.StatusOK, "imports", s.newPage(r, "imports", "imports.title", v))
}

// actorNames maps "user:12" to the user's name, for lists that show who
// did something. There are a handful of users, so one query suffices.
func (s *Server) actorNames(r *http.Request) map[string]string {
	names := map[string]string{}
	users, err := s.svc.Accounts.Users(r.Context())
	if err != nil {
		return names
	}
	for _, u := range users {
		names["user:"+strconv.FormatInt(u.ID, 10)] = u.DisplayName()
	}
	return names
}

type uploadFormView struct {
	Max   int64
	Error string
}

func (s *Server) uploadForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "upload", s.newPage(r, "imports", "upload.title", uploadFormView{Max: s.cfg.MaxUpload}))
}

// upload streams the files of a multipart form to the data directory,
// never holding a whole file in memory, and never more than MaxUpload.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload)
	mr, err := r.MultipartReader()
	if err != nil {
		s.uploadFailed(w, r, gdprkit.Errorf(gdprkit.EINVALID, "imports.no_file", nil, "not a multipart form: %v", err))
		return
	}
	u, err := s.svc.Uploads.Stage(r.Context(), formFiles(mr))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		err = gdprkit.Errorf(gdprkit.EINVALID, "imports.too_large", map[string]any{"Max": s.cfg.MaxUpload >> 20}, "upload over the limit")
	}
	if err == nil {
		// Times written without an offset are read in the organisation's
		// zone unless the person changes it.
		err = s.svc.Uploads.Configure(r.Context(), u.ID, imports.Options{Timezone: s.org(r.Context()).Timezone})
	}
	if err != nil {
		s.uploadFailed(w, r, err)
		return
	}
	s.metrics.uploads.Add(float64(len(u.Files)))
	redirect(w, r, "/uploads/"+strconv.FormatInt(u.ID, 10))
}

// formFiles returns the file parts of a multipart form one by one.
func formFiles(mr *multipart.Reader) func() (string, io.Reader, error) {
	return func() (string, io.Reader, error) {
		for {
			part, err := mr.NextPart()
			if err != nil {
				return "", nil, err
			}
			if part.FormName() == "files" && part.FileName() != "" {
				return part.FileName(), part, nil
			}
		}
	}
}

func (s *Server) uploadFailed(w http.ResponseWriter, r *http.Request, err error) {
	v := uploadFormView{Max: s.cfg.MaxUpload}
	s.formError(w, r, "upload", "upload.title", err, &v.Error, &v)
}

type uploadView struct {
	Upload   *imports.Upload
	Preview  *imports.Preview
	Error    string
	Fields   []string
	Formats  []esp.Format
	Names    map[string]string
	Settings bool
}

// uploadPage shows an upload as far as it got: the preview and mapping
// before the import starts, the progress while it runs, the report once
// done.
func (s *Server) uploadPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.uploadOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if u.Status == imports.Done {
		http.Redirect(w, r, "/imports/"+strconv.FormatInt(u.ImportID, 10), http.StatusSeeOther)
		return
	}
	v := &uploadView{Upload: u, Fields: esp.Fields(), Formats: esp.Formats, Names: s.actorNames(r)}
	if u.ErrorKey != "" {
		v.Error = tr(r, u.ErrorKey, u.ErrorArgs)
	}
	if (u.Status == imports.Uploaded || u.Status == imports.Failed) && roleCan(r, "imports.create") {
		if v.Preview, err = s.svc.Uploads.Preview(r.Context(), u.ID); err != nil {
			s.fail(w, r, err)
			return
		}
		if v.Error == "" {
			v.Error = previewError(r, v.Preview.Err)
		}
		// The preview shows the files' first rows: personal data.
		if err := s.recordView(r, "upload", strconv.FormatInt(u.ID, 10), "{}"); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "preview", s.newPage(r, "imports", "preview.title", v))
}

// previewError says why files cannot be read. When a column choice fixes
// it, the page's own explanation is enough: the reader's message speaks of
// the command line's --map.
func previewError(r *http.Request, err error) string {
	e := gdprkit.AsError(err)
	if e == nil || e.Key == "esp.no_email_column" || e.Key == "esp.unknown_column" {
		return ""
	}
	return tr(r, e.Key, e.Args)
}

func (s *Server) uploadOf(r *http.Request) (*imports.Upload, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.Uploads.Upload(r.Context(), id)
}

// uploadProgress is polled by htmx while the import runs; when it ends,
// the browser is sent to the report (or back to the upload on failure).
func (s *Server) uploadProgress(w http.ResponseWriter, r *http.Request) {
	u, err := s.uploadOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch u.Status {
	case imports.Done:
		redirect(w, r, "/imports/"+strconv.FormatInt(u.ImportID, 10))
		return
	case imports.Failed, imports.Uploaded:
		redirect(w, r, "/uploads/"+strconv.FormatInt(u.ID, 10))
		return
	}
	s.fragment(w, r, "preview", "progress", part{P: s.newPage(r, "imports", "preview.title", nil), X: u})
}

// uploadMapping stores the format and the column mapping the person chose
// for the upload's first file.
func (s *Server) uploadMapping(w http.ResponseWriter, r *http.Request) {
	u, err := s.uploadOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o := imports.Options{Format: r.PostFormValue("format"), Timezone: u.Options.Timezone}
	if r.PostFormValue("auto") == "" {
		if o.Mapping, err = s.chosenMapping(r, u.ID); err != nil {
			s.showUploadError(w, r, u, err)
			return
		}
	}
	if err := s.svc.Uploads.Configure(r.Context(), u.ID, o); err != nil {
		s.showUploadError(w, r, u, err)
		return
	}
	redirect(w, r, "/uploads/"+strconv.FormatInt(u.ID, 10))
}

// chosenMapping reads one select per column of the first file ("col.N").
func (s *Server) chosenMapping(r *http.Request, id int64) (string, error) {
	p, err := s.svc.Uploads.Preview(r.Context(), id)
	if err != nil || len(p.Files) == 0 {
		return "", err
	}
	header := p.Files[0].Info.Header
	fields := make([]string, len(header))
	for i := range header {
		fields[i] = r.PostFormValue("col." + strconv.Itoa(i))
	}
	m, err := imports.MappingFromColumns(header, fields)
	if err != nil {
		return "", err
	}
	return m.String(), nil
}

func (s *Server) showUploadError(w http.ResponseWriter, r *http.Request, u *imports.Upload, err error) {
	status, e := classify(err)
	if status >= 500 || status == http.StatusNotFound {
		s.fail(w, r, err)
		return
	}
	v := &uploadView{Upload: u, Fields: esp.Fields(), Formats: esp.Formats, Names: s.actorNames(r), Error: tr(r, e.Key, e.Args)}
	v.Preview, _ = s.svc.Uploads.Preview(r.Context(), u.ID)
	s.render(w, r, status, "preview", s.newPage(r, "imports", "preview.title", v))
}

// uploadStart queues the import.
func (s *Server) uploadStart(w http.ResponseWriter, r *http.Request) {
	u, err := s.uploadOf(r)
	if err == nil {
		err = s.svc.Uploads.Start(r.Context(), u.ID)
	}
	if err != nil {
		if u == nil {
			s.fail(w, r, err)
			return
		}
		s.showUploadError(w, r, u, err)
		return
	}
	redirect(w, r, "/uploads/"+strconv.FormatInt(u.ID, 10))
}

// roleCan reports whether the request's role has the permission.
func roleCan(r *http.Request, perm string) bool {
	p := &page{Role: roleOf(r)}
	return p.Can(perm)
}

// summaryOf decodes an import's stored summary, for the aggregate views
// every role may see (the result page, report.html, report.json, the
// API). The first cell warnings are left out: the values they quote are
// personal data, downloaded as warnings.csv with imports.download and
// recorded in the audit trail, like the rejected rows.
func summaryOf(imp *contacts.Import) (contacts.Summary, error) {
	var sum contacts.Summary
	if strings.TrimSpace(imp.Summary) == "" {
		return sum, nil
	}
	err := json.Unmarshal([]byte(imp.Summary), &sum)
	sum.FirstWarnings = []contacts.Warning{}
	return sum, err
}

// warningsOf decodes the cell warnings an import's summary keeps: the
// first contacts.WarningsKept of them.
func warningsOf(imp *contacts.Import) ([]contacts.Warning, error) {
	var sum struct {
		FirstWarnings []contacts.Warning `json:"first_warnings"`
	}
	if strings.TrimSpace(imp.Summary) == "" {
		return nil, nil
	}
	err := json.Unmarshal([]byte(imp.Summary), &sum)
	return sum.FirstWarnings, err
}
