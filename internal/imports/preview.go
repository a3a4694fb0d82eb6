package imports

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// PreviewRows is how many rows of each file the preview shows.
const PreviewRows = 8

// Preview is what an upload holds, as the readers see it with the
// upload's options.
type Preview struct {
	Upload *Upload
	Files  []FilePreview
	// Err is why the files cannot be read as they are: the preview then
	// shows the columns so the person can fix the mapping.
	Err error
}

// FilePreview is one file: what was detected and the first rows.
type FilePreview struct {
	Info esp.FileInfo
	// Fields holds, per header column, the canonical field it is read
	// as, or "".
	Fields []string
	Rows   []PreviewRow
}

// PreviewRow is a row as read: its cells, and what the reader made of it.
type PreviewRow struct {
	Line     int
	Cells    []string
	Email    string
	Name     string
	Evidence []string // evidence kinds
	Problem  string   // reject code when the row cannot be used
}

// Preview opens the upload's files with its options and reads their first
// rows. When the files cannot be opened because of the mapping (no
// address column, a mapped column that does not exist), it opens them
// once more with a stand-in mapping so the columns can still be shown,
// and returns the error in Preview.Err.
func (s *Service) Preview(ctx context.Context, id int64) (*Preview, error) {
	u, err := s.Store.Upload(ctx, id)
	if err != nil {
		return nil, err
	}
	opts, err := s.options(u.Options)
	if err != nil {
		return nil, err
	}
	p := &Preview{Upload: u}
	files, err := contacts.OpenFiles(s.paths(u), opts)
	if err != nil {
		p.Err = err
		if files, err = s.standIn(u, opts, err); err != nil {
			return p, nil
		}
	}
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	for _, f := range files {
		fp := previewFile(f)
		if p.Err != nil {
			fp.unguess()
		}
		p.Files = append(p.Files, fp)
	}
	return p, nil
}

// unguess forgets the address column a stand-in reading assumed: the form
// must not offer the first column (an ID, often) as the address, and the
// rows must not show its values as addresses. The person picks the column.
func (fp *FilePreview) unguess() {
	for i, field := range fp.Fields {
		if field == "email" {
			fp.Fields[i] = ""
		}
	}
	for i := range fp.Rows {
		fp.Rows[i].Email = ""
	}
}

// standIn reopens files that failed on their mapping with the first column
// taken as the address, only to show their columns.
func (s *Service) standIn(u *Upload, opts esp.Options, cause error) ([]*esp.File, error) {
	e := gdprkit.AsError(cause)
	if e == nil || (e.Key != "esp.no_email_column" && e.Key != "esp.unknown_column") {
		return nil, cause
	}
	cols, _ := e.Args["columns"].(string)
	first, _, _ := strings.Cut(cols, ", ")
	if first == "" {
		return nil, cause
	}
	opts.Mapping = esp.Mapping{"email": first}
	return contacts.OpenFiles(s.paths(u), opts)
}

func previewFile(f *esp.File) FilePreview {
	fp := FilePreview{Info: f.Info, Fields: make([]string, len(f.Info.Header))}
	for field, col := range f.Info.Mapping {
		for i, h := range f.Info.Header {
			if h == col {
				fp.Fields[i] = field
			}
		}
	}
	for len(fp.Rows) < PreviewRows {
		rec, err := f.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var prob *esp.Problem
		if errors.As(err, &prob) {
			fp.Rows = append(fp.Rows, PreviewRow{Line: prob.Line, Problem: prob.Code})
			continue
		}
		if err != nil {
			break
		}
		fp.Rows = append(fp.Rows, previewRow(rec))
	}
	return fp
}

func previewRow(rec *esp.Record) PreviewRow {
	r := PreviewRow{Line: rec.Line, Cells: append([]string(nil), rec.Fields...), Email: rec.Email}
	r.Name = strings.TrimSpace(rec.FirstName + " " + rec.LastName)
	if r.Name == "" {
		r.Name = rec.Name
	}
	for _, e := range rec.Evidence {
		r.Evidence = append(r.Evidence, string(e.Kind))
	}
	if _, rj := contacts.Prepare(rec); rj != nil {
		r.Problem = rj.Code
	}
	return r
}

// MappingFromColumns builds a mapping from the field chosen for each
// column (fields[i] for header[i], "" for none). A field chosen twice is
// an error; the address column is required.
func MappingFromColumns(header, fields []string) (esp.Mapping, error) {
	m := esp.Mapping{}
	for i, field := range fields {
		if field == "" || i >= len(header) {
			continue
		}
		if _, dup := m[field]; dup {
			return nil, gdprkit.Errorf(gdprkit.EINVALID, "imports.field_twice", map[string]any{"Field": field}, "field %s chosen twice", field)
		}
		m[field] = header[i]
	}
	if m["email"] == "" {
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "imports.email_required", nil, "no address column chosen")
	}
	return m, nil
}
