package report

import (
	"io"
	"strconv"
	"testing"
)

// benchRows writes b.N rows with w; run with -benchtime 100000x for the
// 100k-row figure:
//
//	go test -run '^$' -bench Rows -benchtime 100000x ./internal/contacts/report/
func benchRows(b *testing.B, w RowWriter) {
	r := sampleRow()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.Email = "user" + strconv.Itoa(i) + "@example.com"
		if err := w.Write(r); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkRowsCSV(b *testing.B)  { benchRows(b, NewRowCSV(io.Discard, "fr")) }
func BenchmarkRowsXLSX(b *testing.B) { benchRows(b, NewRowXLSX(io.Discard, "fr")) }

func BenchmarkWriteHTML(b *testing.B) {
	s := sample()
	for b.Loop() {
		if err := WriteHTML(io.Discard, s, "fr"); err != nil {
			b.Fatal(err)
		}
	}
}
