package esp_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"sync"
	"testing"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/contacts/esp/esptest"
)

// benchRows is the size of the generated Mailchimp file both benchmarks
// read, so their ns/op and MB/s compare directly.
const benchRows = 100_000

var benchData = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	if err := esptest.WriteMailchimpCSV(&b, "subscribed", benchRows, 1); err != nil {
		panic(err)
	}
	return b.Bytes()
})

// BenchmarkReadMailchimp reads a realistic 100k-row subscribed file with
// this package: open (hash, encoding, sniffing, detection), then every
// record with its evidence.
func BenchmarkReadMailchimp(b *testing.B) {
	data := benchData()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		files, err := esp.OpenReader("subscribed_email_audience_export_bench.csv", bytes.NewReader(data), int64(len(data)), esp.Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := files[0].Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != benchRows {
			b.Fatalf("read %d records, want %d", n, benchRows)
		}
	}
}

// BenchmarkEncodingCSVFloor only parses the same bytes with encoding/csv:
// the floor the reader is measured against.
func BenchmarkEncodingCSVFloor(b *testing.B) {
	data := benchData()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := csv.NewReader(bytes.NewReader(data))
		n := 0
		for {
			_, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != benchRows+1 {
			b.Fatalf("read %d records, want %d", n, benchRows+1)
		}
	}
}
