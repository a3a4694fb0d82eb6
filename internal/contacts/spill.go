package contacts

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// spilled is the compact form of one usable row, written to a temporary
// file during the audit's first pass so that a million rows never sit in
// memory at once.
type spilled struct {
	Key       string
	Email     string // canonical address as consented
	Variant   string
	FirstName string
	LastName  string
	Name      string
	Language  string
	Phone     string
	File      uint32 // index into the audit's files
	Line      uint32
	Held      []uint32 // interned names of the data held
	Evidence  []esp.Evidence
	AddedAt   time.Time
	ChangedAt time.Time
}

// interner maps repeated strings (purposes, channels, column names) to
// small integers, so the spill stores them once.
type interner struct {
	ids  map[string]uint32
	strs []string
}

func newInterner() *interner { return &interner{ids: map[string]uint32{"": 0}, strs: []string{""}} }

func (in *interner) id(s string) uint32 {
	if id, ok := in.ids[s]; ok {
		return id
	}
	id := uint32(len(in.strs))
	in.ids[s] = id
	in.strs = append(in.strs, s)
	return id
}

func (in *interner) str(id uint32) string {
	if int(id) < len(in.strs) {
		return in.strs[id]
	}
	return ""
}

// spill appends records to a temporary file and reads them back.
type spill struct {
	f   *os.File
	w   *bufio.Writer
	off int64
	in  *interner
	buf []byte
}

func newSpill() (*spill, error) {
	f, err := os.CreateTemp("", "gdprkit-audit-*.spill")
	if err != nil {
		return nil, fmt.Errorf("audit: temporary file: %w", err)
	}
	return &spill{f: f, w: bufio.NewWriterSize(f, 1<<20), in: newInterner()}, nil
}

// Close removes the temporary file.
func (s *spill) Close() error {
	err := s.f.Close()
	return errors.Join(err, os.Remove(s.f.Name()))
}

// put writes r and returns its offset.
func (s *spill) put(r *spilled) (int64, error) {
	b := s.buf[:0]
	b = binary.AppendUvarint(b, 0) // length placeholder, patched below
	start := len(b)
	for _, str := range []string{r.Key, r.Email, r.Variant, r.FirstName, r.LastName, r.Name, r.Language, r.Phone} {
		b = appendString(b, str)
	}
	b = binary.AppendUvarint(b, uint64(r.File))
	b = binary.AppendUvarint(b, uint64(r.Line))
	b = binary.AppendUvarint(b, uint64(len(r.Held)))
	for _, h := range r.Held {
		b = binary.AppendUvarint(b, uint64(h))
	}
	b = appendTime(b, r.AddedAt)
	b = appendTime(b, r.ChangedAt)
	b = binary.AppendUvarint(b, uint64(len(r.Evidence)))
	for i := range r.Evidence {
		b = s.appendEvidence(b, &r.Evidence[i])
	}
	body := b[start:]
	head := binary.AppendUvarint(nil, uint64(len(body)))
	off := s.off
	if _, err := s.w.Write(head); err != nil {
		return 0, err
	}
	if _, err := s.w.Write(body); err != nil {
		return 0, err
	}
	s.off += int64(len(head) + len(body))
	s.buf = b
	return off, nil
}

func (s *spill) appendEvidence(b []byte, e *esp.Evidence) []byte {
	for _, id := range []uint32{s.in.id(e.Purpose), s.in.id(string(e.Kind)), s.in.id(e.Channel), s.in.id(e.Source),
		s.in.id(e.Method), s.in.id(e.LegalBasis), s.in.id(e.Columns), s.in.id(e.Detail)} {
		b = binary.AppendUvarint(b, uint64(id))
	}
	b = appendTime(b, e.At)
	b = appendString(b, e.IP)
	return appendString(b, e.UserAgent)
}

// flush makes everything written readable.
func (s *spill) flush() error { return s.w.Flush() }

// reader reads the spill sequentially from the start.
func (s *spill) reader() *spillReader {
	return &spillReader{s: s, r: bufio.NewReaderSize(io.NewSectionReader(s.f, 0, s.off), 1<<20)}
}

type spillReader struct {
	s   *spill
	r   *bufio.Reader
	off int64
	buf []byte
}

// next reads the next record and its offset; io.EOF at the end.
func (sr *spillReader) next(r *spilled) (int64, error) {
	off := sr.off
	n, err := binary.ReadUvarint(sr.r)
	if err != nil {
		return 0, err
	}
	if cap(sr.buf) < int(n) {
		sr.buf = make([]byte, n)
	}
	body := sr.buf[:n]
	if _, err := io.ReadFull(sr.r, body); err != nil {
		return 0, fmt.Errorf("audit: read spill: %w", err)
	}
	sr.off += int64(uvarintLen(n)) + int64(n)
	return off, sr.s.decode(body, r)
}

// at reads the record at offset off.
func (s *spill) at(off int64, r *spilled) error {
	var head [binary.MaxVarintLen64]byte
	if _, err := s.f.ReadAt(head[:], off); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	n, k := binary.Uvarint(head[:])
	body := make([]byte, n)
	if _, err := s.f.ReadAt(body, off+int64(k)); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return s.decode(body, r)
}

func (s *spill) decode(b []byte, r *spilled) error {
	d := decoder{b: b}
	for _, dst := range []*string{&r.Key, &r.Email, &r.Variant, &r.FirstName, &r.LastName, &r.Name, &r.Language, &r.Phone} {
		*dst = d.string()
	}
	r.File = uint32(d.uvarint())
	r.Line = uint32(d.uvarint())
	r.Held = r.Held[:0]
	for n := d.uvarint(); n > 0 && d.err == nil; n-- {
		r.Held = append(r.Held, uint32(d.uvarint()))
	}
	r.AddedAt, r.ChangedAt = d.time(), d.time()
	r.Evidence = r.Evidence[:0]
	for n := d.uvarint(); n > 0 && d.err == nil; n-- {
		var e esp.Evidence
		ids := [8]uint32{}
		for i := range ids {
			ids[i] = uint32(d.uvarint())
		}
		e.Purpose, e.Kind, e.Channel, e.Source = s.in.str(ids[0]), esp.Kind(s.in.str(ids[1])), s.in.str(ids[2]), s.in.str(ids[3])
		e.Method, e.LegalBasis, e.Columns, e.Detail = s.in.str(ids[4]), s.in.str(ids[5]), s.in.str(ids[6]), s.in.str(ids[7])
		e.At, e.IP, e.UserAgent = d.time(), d.string(), d.string()
		r.Evidence = append(r.Evidence, e)
	}
	return d.err
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errors.New("audit: corrupt spill record")
		d.b = nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string {
	n := d.uvarint()
	if uint64(len(d.b)) < n {
		d.err = errors.New("audit: corrupt spill record")
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) time() time.Time {
	v := d.uvarint()
	if v == 0 {
		return time.Time{}
	}
	v--
	return time.UnixMilli(int64(v>>1) ^ -int64(v&1)).UTC()
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendTime stores the zero time as 0 and other times as zig-zag encoded
// milliseconds plus one, so times before 1970 survive too.
func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return binary.AppendUvarint(b, 0)
	}
	ms := t.UnixMilli()
	return binary.AppendUvarint(b, (uint64(ms<<1)^uint64(ms>>63))+1)
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}
