package esp

import (
	"fmt"
	"strings"

	"github.com/gdprkit/gdprkit"
)

// Codes of row Problems (the row goes to the rejects report) and of cell
// warnings (Record.Warnings; the row is still used).
const (
	CodeNoEmail    = "no_email"    // the e-mail cell is empty
	CodeRaggedRow  = "ragged_row"  // the row ends before the e-mail column
	CodeBadRow     = "bad_row"     // CSV syntax that cannot be recovered
	CodeBadDate    = "bad_date"    // a date cell in no known layout
	CodeBadBool    = "bad_bool"    // a yes/no cell that is neither
	CodeBadJSON    = "bad_json"    // an attributes cell that is not a JSON object
	CodeBadValue   = "bad_value"   // a status, basis or channel the reader does not know
	CodeExtraCells = "extra_cells" // values beyond the last header column, kept as column_N
)

// The errors below are for files that cannot be read at all. They are
// *gdprkit.Error with code EINVALID, a key "esp.<cause>" translated in
// internal/locale/translations/esp.*.toml, Args naming the file and the
// cause, and an English Detail that says what to do.

func fileError(key string, args map[string]any, format string, a ...any) *gdprkit.Error {
	return gdprkit.Errorf(gdprkit.EINVALID, "esp."+key, args, format, a...)
}

func errEmpty(file string) error {
	return fileError("empty_file", map[string]any{"file": file},
		"%s: the file is empty: export the contacts again", file)
}

// ErrHeaderOnly is the error of a run whose files hold a header line and
// no row at all; names are the files' display names.
func ErrHeaderOnly(names []string) error {
	list := strings.Join(names, ", ")
	return fileError("header_only", map[string]any{"file": list},
		"%s: header only, no rows: export the contacts again, from the list that holds them", list)
}

func errBinary(file string, offset int64) error {
	return fileError("not_csv", map[string]any{"file": file, "offset": offset},
		"%s: not a CSV file (binary content at byte %d)", file, offset)
}

func errPDF(file string) error {
	return fileError("not_csv_pdf", map[string]any{"file": file},
		"%s: not a CSV file (this is a PDF document); export the contacts as CSV", file)
}

func errSpreadsheet(file string) error {
	return fileError("spreadsheet", map[string]any{"file": file},
		"%s: this is an Excel or OpenDocument workbook, not a CSV file; open it and save or export it as CSV (UTF-8)", file)
}

func errDecode(file string, offset int64) error {
	return fileError("cannot_decode", map[string]any{"file": file, "offset": offset},
		"%s: cannot decode: not valid UTF-8, UTF-16 or Windows-1252 (byte %d); save the file as CSV UTF-8", file, offset)
}

func errNoCSV(file string, found []string) error {
	list := "nothing"
	if len(found) > 0 {
		list = strings.Join(found, ", ")
	}
	return fileError("no_csv_in_archive", map[string]any{"file": file, "found": list},
		"%s: the archive holds no CSV file (found: %s)", file, list)
}

func errArchive(file string, cause error) error {
	e := fileError("bad_archive", map[string]any{"file": file, "cause": cause.Error()},
		"%s: cannot read the ZIP archive", file)
	e.Err = cause
	return e
}

func errOpen(file string, cause error) error {
	e := fileError("cannot_open", map[string]any{"file": file, "cause": cause.Error()},
		"%s: cannot open the file", file)
	e.Err = cause
	return e
}

func errRead(file string, cause error) error {
	e := fileError("cannot_read", map[string]any{"file": file, "cause": cause.Error()},
		"%s: reading stopped", file)
	e.Err = cause
	return e
}

func errNoHeader(file string) error {
	return fileError("no_header", map[string]any{"file": file},
		"%s: the first line cannot be read as column names; the file must start with a header line", file)
}

func errHeaderIsData(file, cell string) error {
	return fileError("header_is_data", map[string]any{"file": file, "value": cell},
		"%s: the first line holds %q, which looks like a contact, not a column name; add a header line (email,first_name,...)", file, cell)
}

func errNoEmailColumn(file string, header []string) error {
	cols := strings.Join(header, ", ")
	return fileError("no_email_column", map[string]any{"file": file, "columns": cols},
		`%s: no column holds e-mail addresses (columns: %s); name it with --map email="<column>"`, file, cols)
}

func errUnknownColumn(file, fieldName, column string, header []string) error {
	cols := strings.Join(header, ", ")
	return fileError("unknown_column", map[string]any{"file": file, "field": fieldName, "column": column, "columns": cols},
		`%s: --map %s="%s": the file has no such column (columns: %s)`, file, fieldName, column, cols)
}

func errUnknownFormat(file string, f Format) error {
	valid := formatList()
	return fileError("unknown_format", map[string]any{"file": file, "format": string(f), "formats": valid},
		"%s: unknown format %q (valid: %s)", file, string(f), valid)
}

func errUnknownEncoding(file, enc string) error {
	valid := strings.Join(encodings, ", ")
	return fileError("unknown_encoding", map[string]any{"file": file, "encoding": enc, "encodings": valid},
		"%s: unknown encoding %q (valid: %s)", file, enc, valid)
}

func errBadDelimiter(file, delim string) error {
	return fileError("bad_delimiter", map[string]any{"file": file, "delimiter": delim},
		`%s: the delimiter must be one character other than a quote or a line break, such as ";" or "\t" (got %q)`, file, delim)
}

// errUnknownField names the file when the mapping came with one
// (Options.Mapping at Open), not when ParseMapping read it.
func errUnknownField(file, name string) error {
	valid := strings.Join(fieldNames[:], ", ")
	args := map[string]any{"field": name, "fields": valid}
	prefix := ""
	if file != "" {
		args["file"], prefix = file, file+": "
	}
	return fileError("unknown_field", args, "%s--map: unknown field %q (valid: %s)", prefix, name, valid)
}

func errMappingSyntax(spec string, pos int, why string) error {
	return fileError("bad_mapping", map[string]any{"spec": spec, "position": pos + 1, "cause": why},
		`--map %s: %s at character %d; write field="column",field="column"`, spec, why, pos+1)
}

func formatList() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// problem builds a row or cell Problem.
func problem(file string, line int, column, code, format string, a ...any) *Problem {
	return &Problem{File: file, Line: line, Column: column, Code: code, Detail: fmt.Sprintf(format, a...)}
}
