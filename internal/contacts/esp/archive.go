package esp

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
	"strconv"
	"strings"
)

// isZip reports whether r starts like a ZIP archive (a local file header,
// or the end record of an empty archive).
func isZip(r io.ReaderAt, size int64) bool {
	var magic [4]byte
	if size < 4 {
		return false
	}
	if _, err := r.ReadAt(magic[:], 0); err != nil {
		return false
	}
	return bytes.Equal(magic[:], []byte("PK\x03\x04")) || bytes.Equal(magic[:], []byte("PK\x05\x06"))
}

// openArchive opens every CSV member of a ZIP archive. An Excel or
// OpenDocument workbook is a ZIP too: it gets its own message.
func openArchive(name string, r io.ReaderAt, size int64, opts Options) ([]*File, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, errArchive(name, err)
	}
	if isWorkbook(zr) {
		return nil, errSpreadsheet(name)
	}
	var files []*File
	var others []string
	for _, zf := range zr.File {
		switch {
		case ignored(zf):
		case !isCSVName(zf.Name):
			others = append(others, zf.Name)
		default:
			f, err := openFile(memberSource(name, zf), opts, errArchive)
			if err != nil {
				closeAll(files)
				return nil, err
			}
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil, errNoCSV(name, shortList(others))
	}
	return files, nil
}

func memberSource(archive string, zf *zip.File) source {
	return source{name: archive + "/" + zf.Name, base: path.Base(zf.Name), size: int64(zf.UncompressedSize64), open: zf.Open}
}

// isWorkbook recognises XLSX and ODS archives.
func isWorkbook(zr *zip.Reader) bool {
	for _, zf := range zr.File {
		if zf.Name == "xl/workbook.xml" || zf.Name == "mimetype" || zf.Name == "content.xml" {
			return true
		}
	}
	return false
}

// ignored skips folders and the metadata macOS adds to archives
// (__MACOSX/._x.csv is not a CSV file, whatever its name).
func ignored(zf *zip.File) bool {
	base := path.Base(zf.Name)
	return zf.FileInfo().IsDir() || strings.HasPrefix(zf.Name, "__MACOSX/") ||
		strings.HasPrefix(base, "._") || base == ".DS_Store"
}

func isCSVName(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".csv" || ext == ".tsv"
}

// shortList keeps a message readable when an archive holds many files.
func shortList(names []string) []string {
	const most = 10
	if len(names) <= most {
		return names
	}
	return append(names[:most:most], "and "+strconv.Itoa(len(names)-most)+" more")
}

func closeAll(files []*File) {
	for _, f := range files {
		f.Close()
	}
}
