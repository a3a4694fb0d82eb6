// Package gdprkit holds what every part of gdprkit shares: the error type
// with its codes, and the actor who performs an action.
//
// The map of the code base:
//
//	cmd/gdprkit            the command line; the only place that wires concrete types
//	internal/config        configuration, loaded once and passed explicitly
//	internal/address       e-mail address syntax, normalisation keys (pure)
//	internal/contacts      the contact base: audit rules, the consent audit, imports
//	internal/contacts/esp  readers for e-mail service provider exports (pure I/O on readers)
//	internal/contacts/report  audit report writers (JSON, HTML, CSV, XLSX)
//	internal/locale        French and English catalogs
//	internal/spreadsheet   formula-safe CSV and streaming XLSX writers
//	internal/store/...     SQLite and PostgreSQL storage, one package per dialect
//	internal/auth          users, roles, permissions, passwords, tokens, sessions
//	internal/audit         the audit trail of access to personal data
//	internal/settings      the organisation's identity, DPO contact, defaults
//	internal/readiness     the dashboard's action plan
//	internal/imports       imports started from the web application
//	internal/jobs          background jobs on River
//	internal/web           the web application and its JSON API
package gdprkit
