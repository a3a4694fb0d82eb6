package esptest_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/contacts/esp/esptest"
)

func generate(t *testing.T, status string, n int, seed int64) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := esptest.WriteMailchimpCSV(&b, status, n, seed); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDeterministic(t *testing.T) {
	a, b, c := generate(t, "subscribed", 500, 7), generate(t, "subscribed", 500, 7), generate(t, "subscribed", 500, 8)
	if !bytes.Equal(a, b) {
		t.Error("the same seed gave different bytes")
	}
	if bytes.Equal(a, c) {
		t.Error("two seeds gave the same bytes")
	}
	if err := esptest.WriteMailchimpCSV(io.Discard, "pending", 1, 1); err == nil {
		t.Error("unknown status: want an error")
	}
}

// profile is what a generated subscribed file proves, counted by the
// reader itself.
type profile struct {
	rows, doi, single, imported, loopback, private, none int
	plus, upper, idn, invalid, tags, multiline           int
}

func measure(t *testing.T, data []byte) profile {
	t.Helper()
	files, err := esp.OpenReader("subscribed_email_audience_export_0123456789.csv", bytes.NewReader(data), int64(len(data)), esp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := files[0]
	defer f.Close()
	var p profile
	last := 1
	for {
		r, err := f.Next()
		if errors.Is(err, io.EOF) {
			return p
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		p.rows++
		p.count(r, last)
		last = r.Line
	}
}

func (p *profile) count(r *esp.Record, prevLine int) {
	var signup, confirm *esp.Evidence
	for i := range r.Evidence {
		switch r.Evidence[i].Kind {
		case esp.Signup:
			signup = &r.Evidence[i]
		case esp.Confirmation:
			confirm = &r.Evidence[i]
		}
	}
	switch {
	case confirm != nil:
		p.doi++
	case signup != nil && signup.IP == "127.0.0.1":
		p.loopback++
	case signup != nil && (strings.HasPrefix(signup.IP, "10.") || strings.HasPrefix(signup.IP, "192.168.")):
		p.private++
	case signup != nil:
		p.single++
	case len(r.Evidence) == 1 && r.Evidence[0].Kind == esp.Consent && r.Evidence[0].At.Equal(r.UpdatedAt):
		p.imported++
	default:
		p.none++
	}
	e := r.Email
	local, domain, ok := strings.Cut(e, "@")
	switch {
	case !ok || strings.Contains(domain, "@") || !strings.Contains(domain, ".") || strings.ContainsAny(e, " ,") || strings.Contains(local, "..") || strings.HasPrefix(local, "."):
		p.invalid++
	case strings.Contains(local, "+"):
		p.plus++
	}
	if e != strings.ToLower(e) {
		p.upper++
	}
	if strings.ContainsFunc(domain, func(r rune) bool { return r > 0x7f }) {
		p.idn++
	}
	if len(r.Tags) > 0 {
		p.tags++
	}
	if r.Line > prevLine+1 {
		p.multiline++
	}
}

// TestRealisticProportions checks the opt-in patterns and address
// oddities of a generated subscribed file, with generous bounds.
func TestRealisticProportions(t *testing.T) {
	const n = 40_000
	p := measure(t, generate(t, "subscribed", n, 42))
	pct := func(k int) float64 { return 100 * float64(k) / float64(p.rows) }
	tests := []struct {
		name     string
		got      float64
		min, max float64
	}{
		{"double opt-in %", pct(p.doi), 32, 38},
		{"single opt-in %", pct(p.single), 22, 28},
		{"imported %", pct(p.imported), 27, 33},
		{"loopback %", pct(p.loopback), 2, 4},
		{"private %", pct(p.private), 1.3, 2.7},
		{"no evidence %", pct(p.none), 4, 6},
		{"+tag %", pct(p.plus), 0.5, 1.5},
		{"upper case %", pct(p.upper), 1, 4},
		{"IDN %", pct(p.idn), 0.1, 2},
		{"invalid per 2,000", float64(p.invalid) * 2000 / float64(p.rows), 0.4, 2},
		{"with tags %", pct(p.tags), 35, 45},
	}
	if p.rows != n {
		t.Fatalf("read %d rows, want %d", p.rows, n)
	}
	for _, tt := range tests {
		if tt.got < tt.min || tt.got > tt.max {
			t.Errorf("%s = %.2f, want between %v and %v", tt.name, tt.got, tt.min, tt.max)
		}
	}
	if p.multiline == 0 {
		t.Error("no NOTES with an embedded line break")
	}
}

// TestImportBatches: imported contacts share a few import times.
func TestImportBatches(t *testing.T) {
	data := generate(t, "subscribed", 5000, 3)
	files, err := esp.OpenReader("subscribed_email_audience_export_0123456789.csv", bytes.NewReader(data), int64(len(data)), esp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	times := map[time.Time]int{}
	for {
		r, err := files[0].Next()
		if err != nil {
			break
		}
		if len(r.Evidence) == 1 && r.Evidence[0].Kind == esp.Consent && r.Evidence[0].At.Equal(r.UpdatedAt) {
			times[r.UpdatedAt]++
		}
	}
	if len(times) == 0 || len(times) > 12 {
		t.Errorf("imports use %d distinct times, want a dozen at most", len(times))
	}
}

// TestLikelyDuplicates: some addresses repeat an earlier one with another
// case, and some are Gmail dot variants.
func TestLikelyDuplicates(t *testing.T) {
	data := generate(t, "subscribed", 20_000, 9)
	files, err := esp.OpenReader("subscribed_email_audience_export_0123456789.csv", bytes.NewReader(data), int64(len(data)), esp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	exact := map[string]string{}
	gmail := map[string]bool{}
	var caseDups, dotDups int
	for {
		r, err := files[0].Next()
		if err != nil {
			break
		}
		lower := strings.ToLower(r.Email)
		if prev, ok := exact[lower]; ok && prev != r.Email {
			caseDups++
		}
		exact[lower] = r.Email
		if local, domain, _ := strings.Cut(lower, "@"); domain == "gmail.com" {
			k := strings.ReplaceAll(local, ".", "")
			if gmail[k] && !strings.Contains(local, "+") {
				dotDups++
			}
			gmail[k] = true
		}
	}
	if caseDups < 20 || dotDups < 20 {
		t.Errorf("case duplicates %d, Gmail dot variants %d: want dozens of each", caseDups, dotDups)
	}
}

// TestStatusFiles: each status file has its own columns, read back with
// the matching evidence.
func TestStatusFiles(t *testing.T) {
	tests := []struct {
		status string
		column string
		kind   esp.Kind
	}{
		{"unsubscribed", "UNSUB_REASON", esp.Withdrawal},
		{"cleaned", "CLEAN_CAMPAIGN_TITLE", esp.Bounce},
		{"nonsubscribed", "LAST_CHANGED", esp.NeverSubscribed},
	}
	for _, tt := range tests {
		data := generate(t, tt.status, 300, 5)
		name := esptest.FileName(tt.status, "0123456789")
		files, err := esp.OpenReader(name, bytes.NewReader(data), int64(len(data)), esp.Options{})
		if err != nil {
			t.Fatal(err)
		}
		f := files[0]
		if !strings.Contains(strings.Join(f.Info.Header, ","), tt.column) {
			t.Errorf("%s header = %q, want %s", tt.status, f.Info.Header, tt.column)
		}
		n := 0
		for {
			r, err := f.Next()
			if err != nil {
				break
			}
			n++
			if k := r.Evidence[len(r.Evidence)-1].Kind; k != tt.kind {
				t.Fatalf("%s line %d: last evidence %s, want %s", tt.status, r.Line, k, tt.kind)
			}
		}
		if n != 300 {
			t.Errorf("%s: %d rows, want 300", tt.status, n)
		}
	}
}

// TestZIP: the four status files, split 70/18/8/4.
func TestZIP(t *testing.T) {
	var b bytes.Buffer
	if err := esptest.WriteMailchimpZIP(&b, 1000, 11); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	id := esptest.ExportID(11)
	want := map[string]int{"subscribed": 700, "unsubscribed": 180, "cleaned": 80, "nonsubscribed": 40}
	files, err := esp.OpenReader("audience.zip", bytes.NewReader(b.Bytes()), int64(b.Len()), esp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 4 || len(files) != 4 {
		t.Fatalf("%d members, %d files; want 4", len(zr.File), len(files))
	}
	for i, f := range files {
		if zr.File[i].Name != esptest.FileName(f.Info.FileStatus, id) || f.Info.List != id {
			t.Errorf("member %s: status %s, list %s", zr.File[i].Name, f.Info.FileStatus, f.Info.List)
		}
		n := 0
		for {
			_, err := f.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != want[f.Info.FileStatus] {
			t.Errorf("%s: %d rows, want %d", f.Info.FileStatus, n, want[f.Info.FileStatus])
		}
	}
}

// heapWatcher discards what is written and records the largest heap seen
// while writing.
type heapWatcher struct {
	writes int
	bytes  int64
	peak   uint64
}

func (w *heapWatcher) Write(p []byte) (int, error) {
	w.writes++
	w.bytes += int64(len(p))
	if w.writes%200 == 0 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		w.peak = max(w.peak, m.HeapInuse)
	}
	return len(p), nil
}

// TestMillionRows: a million rows stream out in seconds with flat memory.
func TestMillionRows(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a million rows")
	}
	w := &heapWatcher{}
	start := time.Now()
	if err := esptest.WriteMailchimpCSV(w, "subscribed", 1_000_000, 1); err != nil {
		t.Fatal(err)
	}
	t.Logf("1,000,000 rows, %d MB in %v, peak heap in use %d MB", w.bytes>>20, time.Since(start).Round(time.Millisecond), w.peak>>20)
	if w.peak > 32<<20 {
		t.Errorf("peak heap in use %d MB: memory should stay flat", w.peak>>20)
	}
}

func BenchmarkWriteMailchimpCSV(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := esptest.WriteMailchimpCSV(io.Discard, "subscribed", 100_000, 1); err != nil {
			b.Fatal(err)
		}
	}
}
