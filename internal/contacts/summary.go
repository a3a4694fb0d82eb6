package contacts

import "time"

// Summary is the result of a consent audit, written as report.json and
// drawn in report.html. The JSON names are a public contract: scripts read
// them.
type Summary struct {
	GeneratedAt         time.Time        `json:"generated_at"`
	Language            string           `json:"language"`
	TotalContacts       int              `json:"total_contacts"`
	ByStatus            map[Status]int   `json:"by_status"` // every Status is a key, even at zero
	RejectedRows        int              `json:"rejected_rows"`
	RepermissionSegment int              `json:"repermission_segment"`
	RowsRead            int              `json:"rows_read"`
	DuplicatesMerged    int              `json:"duplicates_merged"` // rows folded into a contact seen earlier
	LikelyDuplicates    int              `json:"likely_duplicates"` // distinct addresses that probably reach the same mailbox
	Files               []FileSummary    `json:"files"`
	ByPurpose           []PurposeSummary `json:"by_purpose"`
	ByReason            []Count          `json:"by_reason"`   // reason code -> contacts, most frequent first
	ConsentAge          []Count          `json:"consent_age"` // age buckets of the decisive consent time
	Sources             []Count          `json:"sources"`     // consent channel or source -> contacts
	Warnings            int              `json:"warnings"`    // cells that could not be read in otherwise usable rows
	// WarningsFile names the file beside the report that lists every
	// warning ("warnings.csv"); empty when none was written.
	WarningsFile string `json:"warnings_file,omitempty"`
	// FirstWarnings are the first WarningsKept warnings, in reading order:
	// enough to show in the report, bounded on a million rows.
	FirstWarnings   []Warning      `json:"first_warnings"`
	Suppressed      int            `json:"suppressed"`       // contacts imported as withdrawn because the suppression list holds their address
	DocumentedShare float64        `json:"documented_share"` // documented / total, 0..1
	Extra           map[string]any `json:"extra,omitempty"`
}

// FileSummary describes one file read by the audit.
type FileSummary struct {
	Path       string            `json:"path"`
	Format     string            `json:"format"`
	Encoding   string            `json:"encoding"`
	Delimiter  string            `json:"delimiter"`
	Rows       int               `json:"rows"`
	Rejected   int               `json:"rejected"`
	List       string            `json:"list,omitempty"`
	FileStatus string            `json:"file_status,omitempty"`
	SHA256     string            `json:"sha256"`
	Mapping    map[string]string `json:"mapping,omitempty"`
	// DateLayouts names, per date column, the layouts its values were read
	// with ("DD/MM/YYYY HH:MM"), so a person can check how day and month
	// were told apart.
	DateLayouts map[string]string `json:"date_layouts,omitempty"`
	// Signature identifies the file's layout (HeaderSignature), to save
	// its mapping for the next export of the same tool.
	Signature string `json:"header_signature,omitempty"`
	// SavedMapping names the saved mapping the file was read with.
	SavedMapping string `json:"saved_mapping,omitempty"`
}

// PurposeSummary counts statuses for one purpose.
type PurposeSummary struct {
	Purpose  string         `json:"purpose"`
	ByStatus map[Status]int `json:"by_status"`
}

// Count is a labelled number. Key is a machine-readable code; reports
// translate it.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Consent-age buckets, by the age of the decisive consent evidence.
// The CNIL's three-year cycle for prospects makes "over 3 years" the one to
// watch.
const (
	AgeUnder1 = "under_1y"
	Age1to2   = "1y_2y"
	Age2to3   = "2y_3y"
	Age3to5   = "3y_5y"
	AgeOver5  = "over_5y"
	AgeNone   = "none"
)

// AgeBuckets lists the buckets in order.
var AgeBuckets = []string{AgeUnder1, Age1to2, Age2to3, Age3to5, AgeOver5, AgeNone}

// AgeBucket returns the bucket of a consent given at t, seen at now.
func AgeBucket(t, now time.Time) string {
	if t.IsZero() {
		return AgeNone
	}
	switch years := now.Sub(t).Hours() / (24 * 365.25); {
	case years < 1:
		return AgeUnder1
	case years < 2:
		return Age1to2
	case years < 3:
		return Age2to3
	case years < 5:
		return Age3to5
	default:
		return AgeOver5
	}
}

// Row is one contact in the documented base, in the kit's template: what
// data is held, where it came from, who it is shared with, how and for what
// consent was given, and the verdict. contacts.csv, contacts.xlsx and
// repermission.csv are made of Rows.
type Row struct {
	Email           string
	FirstName       string
	LastName        string
	DataHeld        []string // canonical field names of the data held: email, first_name, phone, attributes...
	Source          string   // file and line of the first row, then "+N" others
	SharedWith      string   // the provider the export came from (the processor holding the data)
	ConsentChannel  string   // channel code of the decisive evidence
	ConsentSource   string   // form, method or column it came from
	Purpose         string   // purposes with their status, "email_marketing" first
	ConsentAt       time.Time
	Proof           string // one line describing the decisive evidence
	Status          Status
	Reasons         []Reason
	LikelyDuplicate string // another address in the base that probably reaches the same mailbox
	Language        string
}

// RowColumns are the column keys of a Row, in output order. Their
// translation keys are "column.<key>".
var RowColumns = []string{
	"email", "first_name", "last_name", "data_held", "source", "shared_with",
	"consent_channel", "consent_source", "purpose", "consent_at", "proof",
	"status", "reasons", "explanation", "likely_duplicate",
}
