package web

import (
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/imports"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// UploadJSON is an import started through the API or the pages.
type UploadJSON struct {
	ID        int64           `json:"id"`
	Status    string          `json:"status" enum:"uploaded,queued,running,done,failed"`
	Files     []imports.File  `json:"files"`
	Options   imports.Options `json:"options"`
	ImportID  int64           `json:"import_id,omitempty" doc:"The import it produced, once done."`
	Progress  *ProgressJSON   `json:"progress,omitempty"`
	Error     string          `json:"error,omitempty" doc:"Why it failed, in English."`
	ErrorKey  string          `json:"error_key,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
	StartedAt *time.Time      `json:"started_at,omitempty"`
	EndedAt   *time.Time      `json:"finished_at,omitempty"`
}

// ProgressJSON is how far a running import is.
type ProgressJSON struct {
	Stage string  `json:"stage"`
	Done  int64   `json:"done"`
	Total int64   `json:"total"`
	Share float64 `json:"share"`
}

func uploadJSON(u *imports.Upload) UploadJSON {
	j := UploadJSON{ID: u.ID, Status: u.Status, Files: u.Files, Options: u.Options, ImportID: u.ImportID, ErrorKey: u.ErrorKey,
		CreatedAt: u.CreatedAt, StartedAt: optTime(u.StartedAt), EndedAt: optTime(u.FinishedAt)}
	if u.ErrorKey != "" {
		j.Error = locale.T("en", u.ErrorKey, u.ErrorArgs)
	}
	if u.Status == imports.Running {
		j.Progress = &ProgressJSON{Stage: u.Progress.Stage, Done: u.Progress.Done, Total: u.Progress.Total, Share: u.Progress.Share()}
	}
	return j
}

type uploadOutput struct {
	Body UploadJSON
}

type uploadInput struct {
	RawBody huma.MultipartFormFiles[struct {
		Files []huma.FormFile `form:"files" contentType:"application/octet-stream" required:"true" doc:"Export files: CSV, or ZIP archives of CSV files."`
	}]
}

func (s *Server) registerImportsAPI() {
	up := operation(http.MethodPost, "/imports", "create-import", "Upload export files and start their import", "Imports", auth.ImportsCreate)
	up.Description = "Multipart form: one or more files fields, and optionally format (mailchimp, brevo, …, generic) and mapping " +
		`(field="column",… as in gdprkit import --map). The import runs in the background: poll GET /imports/{id}.`
	up.MaxBodyBytes = s.cfg.MaxUpload
	up.DefaultStatus = http.StatusAccepted
	huma.Register(s.api, up, s.apiUpload)
	huma.Register(s.api, operation(http.MethodGet, "/imports/{id}", "get-import", "Status and progress of an import", "Imports", auth.ImportsView),
		func(ctx context.Context, in *struct {
			ID int64 `path:"id"`
		}) (*uploadOutput, error) {
			u, err := s.svc.Uploads.Upload(ctx, in.ID)
			if err != nil {
				return nil, apiError(ctx, s.log, err)
			}
			return &uploadOutput{Body: uploadJSON(u)}, nil
		})
	huma.Register(s.api, operation(http.MethodGet, "/imports/{id}/report", "get-import-report", "The audit report of a finished import", "Imports", auth.ImportsView), s.apiReport)
}

func (s *Server) apiUpload(ctx context.Context, in *uploadInput) (*uploadOutput, error) {
	form := in.RawBody.Form
	defer form.RemoveAll() //nolint:errcheck // temporary files of the form
	files := in.RawBody.Data().Files
	i := 0
	u, err := s.svc.Uploads.Stage(ctx, func() (string, io.Reader, error) {
		if i == len(files) {
			return "", nil, io.EOF
		}
		f := files[i]
		i++
		return f.Filename, f.File, nil
	})
	if err == nil {
		err = s.configure(ctx, u.ID, form)
	}
	if err == nil {
		err = s.svc.Uploads.Start(ctx, u.ID)
	}
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	s.metrics.uploads.Add(float64(len(files)))
	if u, err = s.svc.Uploads.Upload(ctx, u.ID); err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	return &uploadOutput{Body: uploadJSON(u)}, nil
}

// configure applies the form's format and mapping to an upload.
func (s *Server) configure(ctx context.Context, id int64, form *multipart.Form) error {
	value := func(k string) string {
		if v := form.Value[k]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	o := imports.Options{Format: value("format"), Mapping: value("mapping"), Timezone: value("timezone")}
	if o.Timezone == "" {
		o.Timezone = s.org(ctx).Timezone
	}
	if o.Format != "" && !knownFormat(o.Format) {
		return gdprkit.Errorf(gdprkit.EINVALID, "imports.format_unknown", nil, "unknown format %q", o.Format)
	}
	return s.svc.Uploads.Configure(ctx, id, o)
}

func knownFormat(f string) bool {
	for _, x := range esp.Formats {
		if string(x) == f {
			return true
		}
	}
	return false
}

type reportOutput struct {
	Body contacts.Summary
}

func (s *Server) apiReport(ctx context.Context, in *struct {
	ID int64 `path:"id"`
}) (*reportOutput, error) {
	u, err := s.svc.Uploads.Upload(ctx, in.ID)
	if err == nil && u.Status != imports.Done {
		err = gdprkit.Errorf(gdprkit.ECONFLICT, "imports.not_done", nil, "import not finished")
	}
	var imp *contacts.Import
	if err == nil {
		imp, _, err = s.svc.Contacts.ImportByID(ctx, u.ImportID)
	}
	var sum contacts.Summary
	if err == nil {
		sum, err = summaryOf(imp)
	}
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	return &reportOutput{Body: sum}, nil
}

// AuditJSON is an entry of the audit trail.
type AuditJSON struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id,omitempty"`
	Detail     string    `json:"detail"`
	Remote     string    `json:"remote,omitempty"`
}

type auditOutput struct {
	Body struct {
		Entries []AuditJSON `json:"entries"`
		Next    int64       `json:"next,omitempty" doc:"Pass as before to get older entries."`
	}
}

func (s *Server) registerAuditAPI() {
	huma.Register(s.api, operation(http.MethodGet, "/audit", "list-audit", "The audit trail, newest first", "Audit trail", auth.AuditView),
		func(ctx context.Context, in *struct {
			Actor  string    `query:"actor" doc:"user:12, token:3, cli:alice, system"`
			Action string    `query:"action"`
			Object string    `query:"object"`
			ID     string    `query:"id"`
			Since  time.Time `query:"since"`
			Until  time.Time `query:"until"`
			Before int64     `query:"before"`
			Limit  int       `query:"limit" minimum:"1" maximum:"500" default:"100"`
		}) (*auditOutput, error) {
			f := audit.Filter{Actor: in.Actor, Action: in.Action, ObjectType: in.Object, ObjectID: in.ID, Since: in.Since, Until: in.Until, Before: in.Before, Limit: in.Limit}
			entries, err := s.svc.Audit.Trail(ctx, f)
			if err != nil {
				return nil, apiError(ctx, s.log, err)
			}
			out := &auditOutput{}
			out.Body.Entries = make([]AuditJSON, 0, len(entries))
			for _, e := range entries {
				out.Body.Entries = append(out.Body.Entries, AuditJSON{ID: e.ID, At: e.At, Actor: e.Actor, Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID, Detail: e.Detail, Remote: e.Remote})
			}
			if len(entries) == f.Limit {
				out.Body.Next = entries[len(entries)-1].ID
			}
			return out, nil
		})
}
