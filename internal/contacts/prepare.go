package contacts

import (
	"errors"

	"github.com/gdprkit/gdprkit/internal/address"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// Prepared is a row whose address is valid.
type Prepared struct {
	Record  *esp.Record
	Address address.Address
}

// Prepare validates the row's address. A row without a usable address
// becomes a Reject naming the file, line and column.
func Prepare(rec *esp.Record) (Prepared, *Reject) {
	a, err := address.Parse(rec.Email)
	if err != nil {
		code, detail := "invalid_address", err.Error()
		var ae *address.Error
		if errors.As(err, &ae) {
			code, detail = ae.Code, ae.Detail
		}
		return Prepared{}, &Reject{File: rec.File, Line: rec.Line, Column: "email", Code: code, Detail: detail}
	}
	return Prepared{Record: rec, Address: a}, nil
}

// RejectOf turns a reader's row problem into a Reject.
func RejectOf(p *esp.Problem) Reject {
	return Reject{File: p.File, Line: p.Line, Column: p.Column, Code: p.Code, Detail: p.Detail}
}

// Data-held names of the fields a Record can carry. Attribute columns are
// held under their own header names.
const (
	HeldEmail     = "email"
	HeldFirstName = "first_name"
	HeldLastName  = "last_name"
	HeldName      = "name"
	HeldLanguage  = "language"
	HeldPhone     = "phone"
	HeldTags      = "tags"
	HeldIP        = "ip_address"
	HeldUserAgent = "user_agent"
)

// heldNames is scratch space for the data-held list of one row.
type heldNames []string

// Held lists what personal data a row holds: the fields gdprkit reads and
// every other non-empty column.
func Held(dst []string, rec *esp.Record) []string {
	dst = append(dst, HeldEmail)
	for _, f := range []struct {
		name, value string
	}{{HeldFirstName, rec.FirstName}, {HeldLastName, rec.LastName}, {HeldName, rec.Name}, {HeldLanguage, rec.Language}, {HeldPhone, rec.Phone}} {
		if f.value != "" {
			dst = append(dst, f.name)
		}
	}
	if len(rec.Tags) > 0 {
		dst = append(dst, HeldTags)
	}
	ip, ua := false, false
	for i := range rec.Evidence {
		ip = ip || rec.Evidence[i].IP != ""
		ua = ua || rec.Evidence[i].UserAgent != ""
	}
	if ip {
		dst = append(dst, HeldIP)
	}
	if ua {
		dst = append(dst, HeldUserAgent)
	}
	for _, a := range rec.Attrs {
		dst = append(dst, a.Name)
	}
	return dst
}

func fillSpilled(dst *spilled, p *Prepared, file uint32, held *heldNames, in *interner) {
	rec := p.Record
	*dst = spilled{
		Key: p.Address.Key, Email: p.Address.Canonical, Variant: p.Address.Variant,
		FirstName: rec.FirstName, LastName: rec.LastName, Name: rec.Name, Language: rec.Language, Phone: rec.Phone,
		File: file, Line: uint32(rec.Line), Evidence: rec.Evidence, AddedAt: rec.CreatedAt, ChangedAt: rec.UpdatedAt,
		Held: dst.Held[:0],
	}
	*held = Held((*held)[:0], rec)
	for _, h := range *held {
		dst.Held = append(dst.Held, in.id(h))
	}
}
