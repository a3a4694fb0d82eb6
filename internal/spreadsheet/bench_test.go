package spreadsheet

import (
	"strconv"
	"testing"
)

// benchRow is fifteen short cells, like a contact row; the first and fifth
// differ on every row so the compressor cannot cheat.
func benchRow(i int) []string {
	n := strconv.Itoa(i)
	return []string{
		"user" + n + "@example.com", "Ada", "Lovelace", "email first_name", "export.csv:" + n,
		"mailchimp", "web", "footer form", "email_marketing", "2024-03-14T09:14:02Z",
		"confirmed 203.0.113.4", "documented", "doi_confirmed", "Double opt-in confirmed", "",
	}
}

// countWriter counts what would be written to a file.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkXLSX writes b.N rows of fifteen cells into one workbook. Time a
// million-row sheet with:
//
//	go test -run '^$' -bench XLSX -benchtime 1000000x ./internal/spreadsheet/
//
// The allocations per row are benchRow's, not the writer's.
func BenchmarkXLSX(b *testing.B) {
	out := &countWriter{}
	x := NewXLSX(out)
	if err := x.Sheet("Contacts", benchRow(0), nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := x.Row(benchRow(i)); err != nil {
			b.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(out.n)/float64(b.N), "B/row")
}

// BenchmarkCSV is BenchmarkXLSX for CSV.
func BenchmarkCSV(b *testing.B) {
	out := &countWriter{}
	c := NewCSV(out, ExcelFR)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := c.Write(benchRow(i)); err != nil {
			b.Fatal(err)
		}
	}
	if err := c.Flush(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(out.n)/float64(b.N), "B/row")
}
