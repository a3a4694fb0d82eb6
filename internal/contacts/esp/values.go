package esp

// statusKinds maps status values (normalised, see key) to the evidence
// they state. A known value with no evidence (disabled, archived) maps to
// the empty Kind.
var statusKinds = map[string]Kind{
	"subscribed": Declared, "subscriber": Declared, "active": Declared, "actif": Declared,
	"enabled": Declared, "optedin": Declared, "optin": Declared, "abonne": Declared, "abonnee": Declared,
	"inscrit": Declared, "inscrite": Declared, "valid": Declared, "valide": Declared,
	"confirmed": Confirmation, "confirme": Confirmation, "confirmee": Confirmation, "doubleoptin": Confirmation,
	"pending": Pending, "unconfirmed": Pending, "nonconfirme": Pending, "enattente": Pending, "optinpending": Pending,
	"unsubscribed": Withdrawal, "optedout": Withdrawal, "optout": Withdrawal, "desabonne": Withdrawal,
	"desabonnee": Withdrawal, "desinscrit": Withdrawal, "desinscrite": Withdrawal, "blocklisted": Withdrawal,
	"blacklisted": Withdrawal, "unsubscribe": Withdrawal, "revoked": Withdrawal, "withdrawn": Withdrawal,
	"nonsubscribed": NeverSubscribed, "neversubscribed": NeverSubscribed, "notsubscribed": NeverSubscribed,
	"nonabonne": NeverSubscribed, "transactional": NeverSubscribed, "notopted": NeverSubscribed,
	"noconsent": NeverSubscribed, "sansconsentement": NeverSubscribed,
	"cleaned": Bounce, "bounced": Bounce, "hardbounce": Bounce, "bounce": Bounce, "invalid": Bounce,
	"npai": Bounce, "undeliverable": Bounce,
	"complained": Complaint, "complaint": Complaint, "spam": Complaint, "spamcomplaint": Complaint,
	"plainte": Complaint, "abuse": Complaint,
	"disabled": "", "archived": "", "archive": "", "archivee": "", "inactive": "", "inactif": "",
	"deleted": "", "desactive": "",
}

// basisValue is what one legal-basis value states.
type basisValue struct {
	kind   Kind   // Declared for consent, Basis otherwise, "" to ignore
	basis  string // key of a GDPR lawful basis
	detail string // sub-kind, e.g. existing_customer
}

// basisValues maps legal-basis values (normalised, so en dash and hyphen
// read the same) to what they state: HubSpot's hs_legal_basis labels and
// API enums, and plain English and French words.
var basisValues = map[string]basisValue{
	"freelygivenconsentfromcontact":       {Declared, "consent", ""},
	"consentwithnotice":                   {Declared, "consent", ""},
	"consent":                             {Declared, "consent", ""},
	"consentement":                        {Declared, "consent", ""},
	"legitimateinterestexistingcustomer":  {Basis, "legitimate_interests", "existing_customer"},
	"legitimateinterestclient":            {Basis, "legitimate_interests", "existing_customer"},
	"legitimateinterestprospectlead":      {Basis, "legitimate_interests", "prospect"},
	"legitimateinterestpql":               {Basis, "legitimate_interests", "prospect"},
	"legitimateinterestother":             {Basis, "legitimate_interests", "other"},
	"legitimateinterest":                  {Basis, "legitimate_interests", ""},
	"legitimateinterests":                 {Basis, "legitimate_interests", ""},
	"interetlegitime":                     {Basis, "legitimate_interests", ""},
	"performanceofacontract":              {Basis, "contract", ""},
	"performanceofcontract":               {Basis, "contract", ""},
	"contract":                            {Basis, "contract", ""},
	"contrat":                             {Basis, "contract", ""},
	"executionducontrat":                  {Basis, "contract", ""},
	"executiondecontrat":                  {Basis, "contract", ""},
	"legalobligation":                     {Basis, "legal_obligation", ""},
	"obligationlegale":                    {Basis, "legal_obligation", ""},
	"vitalinterests":                      {Basis, "vital_interests", ""},
	"publictask":                          {Basis, "public_task", ""},
	"missiondinteretpublic":               {Basis, "public_task", ""},
	"notapplicable":                       {},
	"nonapplicable":                       {},
	"nongdpr":                             {},
	"na":                                  {},
	"processandstore":                     {},
	"legitimateinterestexistingcustomers": {Basis, "legitimate_interests", "existing_customer"},
}

// channels maps channel words to the Channel constants.
var channels = map[string]string{
	"web": ChannelWebForm, "webform": ChannelWebForm, "form": ChannelWebForm, "formulaire": ChannelWebForm,
	"site": ChannelWebForm, "siteweb": ChannelWebForm, "website": ChannelWebForm, "popup": ChannelWebForm,
	"import": ChannelImport, "csv": ChannelImport, "fichier": ChannelImport,
	"api": ChannelAPI, "integration": ChannelAPI,
	"email": ChannelEmail, "mail": ChannelEmail, "courriel": ChannelEmail,
	"preferencecentre": ChannelPreference, "preferencecenter": ChannelPreference, "preferences": ChannelPreference,
	"centredepreferences": ChannelPreference, "preferencepage": ChannelPreference,
	"admin": ChannelAdmin, "manual": ChannelAdmin, "manuel": ChannelAdmin, "backoffice": ChannelAdmin,
}

// valueCache remembers what distinct cell values mean, per column, so the
// normalisation runs once per value rather than once per row. It stops
// growing past a bound: a column of free text then costs a lookup per row.
type valueCache[V any] struct {
	m map[string]V
}

const valueCacheSize = 1024

func (c *valueCache[V]) get(s string, compute func(string) V) V {
	if v, ok := c.m[s]; ok {
		return v
	}
	v := compute(s)
	if c.m == nil {
		c.m = map[string]V{}
	}
	if len(c.m) < valueCacheSize {
		c.m[s] = v
	}
	return v
}
