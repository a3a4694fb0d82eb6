package sqlstore

import (
	"database/sql/driver"
	"encoding/binary"

	"github.com/gdprkit/gdprkit/internal/consent"
)

// DecodeEvent fills e from one row of ledgerEventCols. It copies nothing:
// e's strings and slices may share the driver's buffers until the next
// row. A value of a type the column cannot hold (SQLite stores whatever it
// is given) marks the row malformed instead of failing the whole scan.
func DecodeEvent(vals []driver.Value, e *consent.StoredEvent) {
	e.Malformed = ""
	e.BlockID = intValue(vals[0], e, "block_id")
	e.ID = intValue(vals[1], e, "id")
	DecodeEventFields(vals[2:], e)
}

// DecodeEventFields fills e from the columns after block_id and id, in
// the order of CheckEventSQL's arguments.
func DecodeEventFields(v []driver.Value, e *consent.StoredEvent) {
	e.Purpose = textValue(v[0], e, "purpose")
	e.Action = textValue(v[1], e, "action")
	switch t := v[2].(type) {
	case nil:
		e.HasTime = false
	case int64:
		e.OccurredAt, e.HasTime = t, true
	default:
		e.HasTime = false
		e.Malformed = "occurred_at"
	}
	e.Channel = textValue(v[3], e, "channel")
	e.Source = textValue(v[4], e, "source")
	e.LegalBasis = textValue(v[5], e, "legal_basis")
	e.Commitment = blobValue(v[6], e, "commitment")
	e.Hash = blobValue(v[7], e, "hash")
	e.HasSalt = v[8] != nil
	e.Salt = blobValue(v[8], e, "salt")
	e.Personal = v[9] != nil || v[10] != nil || v[11] != nil || v[12] != nil
	e.Subject = textValue(v[9], e, "subject")
	e.IP = textValue(v[10], e, "ip")
	e.UserAgent = textValue(v[11], e, "user_agent")
	e.Detail = textValue(v[12], e, "detail")
	e.ContactID = 0
	if v[13] != nil {
		e.ContactID = intValue(v[13], e, "contact_id")
	}
}

func textValue(v driver.Value, e *consent.StoredEvent, col string) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case []byte:
		return string(t)
	}
	e.Malformed = col
	return ""
}

func blobValue(v driver.Value, e *consent.StoredEvent, col string) []byte {
	switch t := v.(type) {
	case nil:
		return nil
	case []byte:
		return t
	}
	e.Malformed = col
	return nil
}

func intValue(v driver.Value, e *consent.StoredEvent, col string) int64 {
	if n, ok := v.(int64); ok {
		return n
	}
	e.Malformed = col
	return 0
}

// EncodeChecked is what gdprkit_check_event returns for a row: its
// flags, block id, id, contact id, stored hash, digest, subject key and
// the name of a malformed column, in one value so that one column crosses
// the driver per row.
func EncodeChecked(c *consent.Checked) []byte {
	out := make([]byte, 0, checkedSize+len(c.Subject)+len(c.Column))
	out = append(out, byte(c.Flags))
	out = binary.BigEndian.AppendUint64(out, uint64(c.BlockID))
	out = binary.BigEndian.AppendUint64(out, uint64(c.ID))
	out = binary.BigEndian.AppendUint64(out, uint64(c.ContactID))
	out = append(out, c.Hash[:]...)
	out = append(out, c.Digest[:]...)
	out = binary.BigEndian.AppendUint16(out, uint16(len(c.Subject)))
	out = append(out, c.Subject...)
	return append(out, c.Column...)
}

const checkedSize = 1 + 3*8 + 2*len(consent.Hash{}) + 2

// DecodeChecked reads what EncodeChecked wrote.
func DecodeChecked(v driver.Value) consent.Checked {
	var c consent.Checked
	b, _ := v.([]byte)
	if len(b) < checkedSize {
		c.Flags, c.Column = consent.Malformed, "id"
		return c
	}
	c.Flags = consent.Flags(b[0])
	c.BlockID = int64(binary.BigEndian.Uint64(b[1:]))
	c.ID = int64(binary.BigEndian.Uint64(b[9:]))
	c.ContactID = int64(binary.BigEndian.Uint64(b[17:]))
	copy(c.Hash[:], b[25:])
	copy(c.Digest[:], b[25+len(c.Hash):])
	rest := b[checkedSize:]
	if n := int(binary.BigEndian.Uint16(b[checkedSize-2:])); n <= len(rest) {
		c.Subject, rest = string(rest[:n]), rest[n:]
	}
	c.Column = string(rest)
	return c
}
