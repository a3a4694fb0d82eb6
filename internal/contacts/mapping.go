package contacts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// SavedMapping is a column mapping saved under a name for a CSV layout
// gdprkit does not know, so the next export from the same tool is read
// the same way without asking again.
type SavedMapping struct {
	ID        int64
	Name      string
	Signature string // HeaderSignature of the header it was made for
	Mapping   esp.Mapping
	CreatedAt time.Time
	CreatedBy string
	UsedAt    time.Time
}

// MappingStore keeps saved mappings.
type MappingStore interface {
	// SaveMapping stores m, replacing a mapping of the same name.
	SaveMapping(ctx context.Context, m *SavedMapping) error
	// Mappings lists the saved mappings, most recently used first.
	Mappings(ctx context.Context) ([]SavedMapping, error)
	// MappingUsed records that the named mapping was applied.
	MappingUsed(ctx context.Context, name string) error
}

// HeaderSignature identifies a CSV layout by its column names, whatever
// their case, padding or order.
func HeaderSignature(header []string) string {
	names := make([]string, 0, len(header))
	for _, h := range header {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			names = append(names, h)
		}
	}
	sort.Strings(names)
	sum := sha256.Sum256([]byte(strings.Join(names, "\x1f")))
	return hex.EncodeToString(sum[:12])
}

// ValidateMappingName checks a name given to a mapping.
func ValidateMappingName(name string) error {
	if n := utf8.RuneCountInString(strings.TrimSpace(name)); n == 0 || n > 80 {
		return gdprkit.Errorf(gdprkit.EINVALID, "mapping.name_invalid", map[string]any{"Name": name},
			"a mapping name needs 1 to 80 characters, got %q", name)
	}
	return nil
}

// SavedLookup returns the function esp.Options.Saved needs: the most
// recently used mapping saved for a header, if any.
func SavedLookup(ms []SavedMapping) func([]string) (esp.Mapping, string) {
	bySig := make(map[string]SavedMapping, len(ms))
	for _, m := range ms { // most recently used first: keep the first per layout
		if _, ok := bySig[m.Signature]; !ok {
			bySig[m.Signature] = m
		}
	}
	return func(header []string) (esp.Mapping, string) {
		if m, ok := bySig[HeaderSignature(header)]; ok {
			return m.Mapping, m.Name
		}
		return nil, ""
	}
}

// FileSummaryOf describes a file once it has been read: its hash and its
// encoding are only settled at the end.
func FileSummaryOf(f *esp.File, rows, rejected int) FileSummary {
	return FileSummary{
		Path: f.Info.Name, Format: string(f.Info.Format), Encoding: f.Info.Encoding, Delimiter: f.Info.Delimiter,
		Rows: rows, Rejected: rejected, List: f.Info.List, FileStatus: f.Info.FileStatus, SHA256: f.SHA256(),
		Mapping: f.Info.Mapping, Signature: HeaderSignature(f.Info.Header), SavedMapping: f.Info.SavedMap,
		DateLayouts: maps.Clone(f.Info.DateLayouts),
	}
}
