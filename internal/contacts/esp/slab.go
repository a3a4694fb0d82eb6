package esp

// slabs hand out Records and the slices inside them from large blocks, so
// a row costs a few allocations per thousand rows instead of several per
// row. Each slice is capped at its length: appending to it copies, and
// never writes into a neighbour.
type slabs struct {
	records  []Record
	evidence block[Evidence]
	attrs    block[Attr]
	tags     block[string]
}

const slabSize = 512

func (s *slabs) record() *Record {
	if len(s.records) == 0 {
		s.records = make([]Record, slabSize)
	}
	r := &s.records[0]
	s.records = s.records[1:]
	return r
}

// block is a large array that rows append their items to, one run per
// row: begin, add..., end.
type block[T any] struct {
	buf   []T
	start int // first item of the open run
}

func (b *block[T]) begin() { b.start = len(b.buf) }

// add appends *v; a pointer, because an Evidence is 200 bytes.
func (b *block[T]) add(v *T) {
	if len(b.buf) == cap(b.buf) {
		b.grow()
	}
	b.buf = append(b.buf, *v)
}

// next appends a zero item and returns it, to be filled in place. The
// pointer is valid until the next call to next or add.
func (b *block[T]) next() *T {
	if len(b.buf) == cap(b.buf) {
		b.grow()
	}
	b.buf = b.buf[:len(b.buf)+1]
	return &b.buf[len(b.buf)-1]
}

// run returns the items of the open run.
func (b *block[T]) run() []T { return b.buf[b.start:] }

// end closes the run and returns its items, capped, or nil.
func (b *block[T]) end() []T {
	n := len(b.buf)
	if n == b.start {
		return nil
	}
	return b.buf[b.start:n:n]
}

// grow starts a new array, moving the open run into it.
func (b *block[T]) grow() {
	run := b.buf[b.start:]
	buf := make([]T, len(run), max(slabSize, 2*len(run)))
	copy(buf, run)
	b.buf, b.start = buf, 0
}
