package esp

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
)

// Open opens a CSV file, or a ZIP archive holding CSV files (in folders
// too), and returns one File per CSV, detected and ready to read. Close
// every File; the file on disk is closed with the last one.
func Open(path string, opts Options) ([]*File, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, errOpen(name, err)
	}
	st, err := f.Stat()
	if err == nil && st.IsDir() {
		err = errors.New("is a directory")
	}
	if err != nil {
		f.Close()
		return nil, errOpen(name, err)
	}
	files, err := OpenReader(name, f, st.Size(), opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	shared := &sharedCloser{c: f}
	shared.n.Store(int32(len(files)))
	for _, file := range files {
		file.owner = shared
	}
	return files, nil
}

// OpenReader is Open for content that is not on disk under its own name:
// uploads, tests. name is used for detection and in messages.
func OpenReader(name string, r io.ReaderAt, size int64, opts Options) ([]*File, error) {
	if err := opts.validate(name); err != nil {
		return nil, err
	}
	if isZip(r, size) {
		return openArchive(name, r, size, opts)
	}
	src := source{name: name, base: filepath.Base(name), size: size, open: func() (io.ReadCloser, error) {
		return io.NopCloser(io.NewSectionReader(r, 0, size)), nil
	}}
	f, err := openFile(src, opts, errRead)
	if err != nil {
		return nil, err
	}
	return []*File{f}, nil
}

// validate checks the options a user may have mistyped.
func (o Options) validate(name string) error {
	if o.Format != "" {
		if _, ok := providers[o.Format]; !ok {
			return errUnknownFormat(name, o.Format)
		}
	}
	if o.Encoding != "" && !slices.Contains(encodings, o.Encoding) {
		return errUnknownEncoding(name, o.Encoding)
	}
	if d := o.Delimiter; d != "" && (len(d) != 1 || d == `"` || d == "\n" || d == "\r") {
		return errBadDelimiter(name, d)
	}
	return o.Mapping.validate(name)
}

// source gives the bytes of one CSV file, as many times as needed: once to
// read, once to hash.
type source struct {
	name string // display name: "x.csv" or "export.zip/folder/x.csv"
	base string // the file's own name, for detection
	size int64
	open func() (io.ReadCloser, error)
}

// sharedCloser closes a file shared by several Files with the last one.
type sharedCloser struct {
	c io.Closer
	n atomic.Int32
}

func (s *sharedCloser) Close() error {
	if s.n.Add(-1) == 0 {
		return s.c.Close()
	}
	return nil
}
