package esp

import (
	"bufio"
	"errors"
	"io"
)

// openFile reads the start of a source: it detects the encoding, the
// dialect and the format, reads the header and a few rows ahead, and starts
// hashing. ioErr wraps I/O failures (a damaged archive member is an
// archive error).
func openFile(src source, opts Options, ioErr func(string, error) error) (*File, error) {
	if src.size == 0 {
		return nil, errEmpty(src.name)
	}
	rc, err := src.open()
	if err != nil {
		return nil, ioErr(src.name, err)
	}
	f := &File{size: src.size, rc: rc, count: &countReader{r: rc}}
	if err := f.start(src, opts, ioErr); err != nil {
		rc.Close()
		return nil, err
	}
	f.hash = startHash(src)
	return f, nil
}

// start reads up to the first rows.
func (f *File) start(src source, opts Options, ioErr func(string, error) error) error {
	raw := bufio.NewReaderSize(f.count, headSize)
	head, err := raw.Peek(headSize)
	if err != nil && !errors.Is(err, io.EOF) {
		return ioErr(src.name, err)
	}
	if len(head) == 0 {
		return errEmpty(src.name)
	}
	txt, err := detectText(src.name, head, opts.Encoding)
	if err != nil {
		return err
	}
	_, _ = raw.Discard(txt.bom)
	br := raw
	if txt.transforms() {
		br = bufio.NewReaderSize(txt.decode(raw), headSize)
	}
	sample, _ := br.Peek(headSize)
	d := sniff(sample, delimiter(opts.Delimiter))
	f.p = &parser{r: br, comma: d.comma, crOnly: d.crOnly, checkUTF8: !txt.transforms()}
	if d.sepLine {
		if _, err := f.p.nextLine(); err != nil {
			return errEmpty(src.name)
		}
	}
	return f.begin(src, txt, d, opts)
}

// begin reads the header, decides how columns are read and reads ahead.
func (f *File) begin(src source, txt text, d dialect, opts Options) error {
	cells, err := f.readHeader(src.name)
	if err != nil {
		return err
	}
	f.Info = FileInfo{Name: src.name, Encoding: txt.encoding, Delimiter: string(d.comma), DateLayouts: map[string]string{}}
	if f.Info.Format = opts.Format; f.Info.Format == "" {
		f.Info.Format = Detect(src.base, cells)
	}
	h := newHeader(cells)
	f.Info.Header = h.names
	if f.plan, err = buildPlan(h, &f.Info, src.base, opts); err != nil {
		return err
	}
	f.dates = newDates(h.names, opts.zone(providers[f.Info.Format]), f.Info.DateLayouts)
	return f.lookahead(providers[f.Info.Format].dayFirst)
}

func delimiter(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

func (f *File) readHeader(name string) ([]string, error) {
	cells, _, err := f.p.next()
	var se *syntaxError
	switch {
	case errors.Is(err, io.EOF):
		return nil, errEmpty(name)
	case errors.As(err, &se):
		return nil, errNoHeader(name)
	case err != nil:
		return nil, errRead(name, err)
	case blank(cells):
		return nil, errNoHeader(name)
	}
	return cells, nil
}

// buildPlan decides how each column is read: the user's mapping first,
// then the provider's columns, then the address column by its name.
func buildPlan(h *header, info *FileInfo, base string, opts Options) (*plan, error) {
	p := newPlan(h)
	mapping := opts.Mapping
	if len(mapping) == 0 && opts.Saved != nil && info.Format == Generic {
		mapping, info.SavedMap = opts.Saved(h.names)
	}
	if err := p.applyMapping(mapping, info.Name); err != nil {
		return nil, err
	}
	prov := providers[info.Format]
	p.provider = prov.bind(p, info, base)
	p.dateHint = prov.dates
	if p.cols[fEmail] < 0 {
		guessEmail(p)
	}
	if p.cols[fEmail] < 0 {
		for _, name := range h.names {
			if looksLikeAddress(name) {
				return nil, errHeaderIsData(info.Name, name)
			}
		}
		return nil, errNoEmailColumn(info.Name, h.names)
	}
	p.finish(prov.handles)
	info.Mapping = p.mapping()
	return p, nil
}

// lookaheadRows is how many rows Open reads to learn each column's
// day/month order before the first Next.
const lookaheadRows = 256

// lookahead reads the first rows, so that every column's day/month order
// is known before the first record is built.
func (f *File) lookahead(dayFirst bool) error {
	for len(f.ahead) < lookaheadRows {
		fields, line, err := f.p.next()
		var se *syntaxError
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && !errors.As(err, &se) {
			return errRead(f.Info.Name, err)
		}
		f.ahead = append(f.ahead, pendingRow{fields, line, err})
		for col, v := range fields {
			f.dates.vote(col, trimCell(v))
		}
	}
	f.dates.settle(dayFirst)
	if s, ok := f.plan.provider.(settler); ok {
		s.settle(f.ahead, &f.Info, &f.plan.cols)
	}
	if f.p.invalid {
		f.Info.Encoding = enc1252
	}
	return nil
}
