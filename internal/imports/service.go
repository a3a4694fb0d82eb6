package imports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/jobs"
)

// MaxFiles bounds the files of one upload.
const MaxFiles = 20

// Service runs uploads from the web application.
type Service struct {
	Store    Store
	Contacts contacts.Store
	// Dir is the folder uploads are saved in, under the data directory.
	Dir string
	// Lang is the language of the import summary.
	Lang string
	// Location reads times written without an offset when an upload does
	// not name a zone.
	Location *time.Location
	// PersistProgress writes progress to the database while an import
	// runs. On SQLite the import's transaction holds the only write lock
	// until it commits, and one instance serves the file, so progress is
	// kept in memory there; on PostgreSQL every instance reads it from the
	// database.
	PersistProgress bool
	// Imported is called after each successful import (to refresh
	// cached dashboard figures).
	Imported func()
	// Suppression, when set, is the suppression list every import
	// honours (contacts.Importer.Suppression), as `gdprkit import` does.
	Suppression contacts.Suppressor
	// Checkpoint, when set, signs a ledger checkpoint once an import has
	// committed, as `gdprkit import` does. A failure is logged: the
	// import stands, and the periodic checkpoint job signs the next.
	Checkpoint func(ctx context.Context) error
	Now        func() time.Time

	live sync.Map // upload ID -> *live progress of imports running here
}

// Stage saves the files that next returns (io.EOF after the last) in a new
// folder and records the upload. Nothing is read yet: the preview shows
// what each file holds and what cannot be read.
func (s *Service) Stage(ctx context.Context, next func() (string, io.Reader, error)) (*Upload, error) {
	rel := auth.NewSecret()[:20]
	dir := filepath.Join(s.Dir, rel)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("imports: create upload folder: %w", err)
	}
	u := &Upload{CreatedBy: gdprkit.ActorFrom(ctx).String(), Status: Uploaded, Dir: rel}
	if err := s.saveAll(dir, u, next); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := s.Store.CreateUpload(ctx, u); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return u, nil
}

func (s *Service) saveAll(dir string, u *Upload, next func() (string, io.Reader, error)) error {
	for {
		name, r, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if len(u.Files) == MaxFiles {
			return gdprkit.Errorf(gdprkit.EINVALID, "imports.too_many_files", map[string]any{"Max": MaxFiles}, "more than %d files", MaxFiles)
		}
		f, err := saveFile(filepath.Join(dir, strconv.Itoa(len(u.Files))), name, r)
		if err != nil {
			return err
		}
		u.Files = append(u.Files, f)
	}
	if len(u.Files) == 0 {
		return gdprkit.Errorf(gdprkit.EINVALID, "imports.no_file", nil, "no file uploaded")
	}
	return nil
}

// saveFile writes one file in its own folder, under its own base name:
// readers recognise Mailchimp exports by their file names, and two files
// of an upload may share a name.
func saveFile(dir, name string, r io.Reader) (File, error) {
	name = cleanName(name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return File{}, err
	}
	out, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return File{}, err
	}
	n, err := io.Copy(out, r)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return File{}, err
	}
	if n == 0 {
		return File{}, gdprkit.Errorf(gdprkit.EINVALID, "esp.empty_file", map[string]any{"file": name}, "%s is empty", name)
	}
	return File{Name: name, Size: n}, nil
}

// cleanName keeps the base name of an uploaded file, without anything a
// file system or a log would mind.
func cleanName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < ' ' || r == '/' || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if name == "" || name == "." || name == ".." {
		name = "upload.csv"
	}
	if len(name) > 200 {
		name = name[len(name)-200:]
	}
	return name
}

// paths returns the files of u on disk.
func (s *Service) paths(u *Upload) []string {
	out := make([]string, len(u.Files))
	for i, f := range u.Files {
		out[i] = filepath.Join(s.Dir, u.Dir, strconv.Itoa(i), f.Name)
	}
	return out
}

// Upload returns an upload with its live progress when its import runs
// in this instance.
func (s *Service) Upload(ctx context.Context, id int64) (*Upload, error) {
	u, err := s.Store.Upload(ctx, id)
	if err != nil {
		return nil, err
	}
	if l, ok := s.live.Load(id); ok && u.Status == Running {
		u.Progress = l.(*live).snapshot()
	}
	return u, nil
}

// Uploads lists the latest uploads.
func (s *Service) Uploads(ctx context.Context, limit int) ([]Upload, error) {
	return s.Store.Uploads(ctx, limit)
}

// Configure changes how an upload will be read.
func (s *Service) Configure(ctx context.Context, id int64, o Options) error {
	if _, err := s.options(o); err != nil {
		return err
	}
	return s.Store.SetUploadOptions(ctx, id, o)
}

// options turns stored options into reader options.
func (s *Service) options(o Options) (esp.Options, error) {
	opts := esp.Options{Format: esp.Format(o.Format), DefaultLocation: s.Location}
	if o.Mapping != "" {
		m, err := esp.ParseMapping(o.Mapping)
		if err != nil {
			return opts, err
		}
		opts.Mapping = m
	}
	if o.Timezone != "" {
		loc, err := time.LoadLocation(o.Timezone)
		if err != nil {
			return opts, gdprkit.Errorf(gdprkit.EINVALID, "settings.invalid.timezone", nil, "unknown time zone")
		}
		opts.Location = loc
	}
	return opts, nil
}

// Start checks that every file opens with the upload's options, then
// queues the import.
func (s *Service) Start(ctx context.Context, id int64) error {
	u, err := s.Store.Upload(ctx, id)
	if err != nil {
		return err
	}
	opts, err := s.options(u.Options)
	if err != nil {
		return err
	}
	files, err := contacts.OpenFiles(s.paths(u), opts)
	if err != nil {
		return err
	}
	for _, f := range files {
		f.Close()
	}
	return s.Store.QueueUpload(ctx, id, jobs.ImportArgs{UploadID: id})
}
