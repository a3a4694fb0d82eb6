// Package esptest generates realistic, deterministic contact exports for
// tests and benchmarks of package esp. The people are invented: names are
// drawn from lists, company domains use the reserved .example top-level
// domain, and IP addresses come from the documentation ranges (RFC 5737,
// RFC 3849), except the loopback and private addresses that real exports
// show for server-side adds.
package esptest

import (
	"archive/zip"
	"fmt"
	"io"
	"math/rand/v2"
)

// Mailchimp statuses, as the per-status file names write them.
var Statuses = []string{"subscribed", "unsubscribed", "cleaned", "nonsubscribed"}

// split is the share of each status in a generated audience, in percent.
var split = []int{70, 18, 8, 4}

// WriteMailchimpCSV writes one per-status file of a Mailchimp audience
// export with n contacts. The same seed gives the same bytes. Rows are
// written as they are made, so memory stays flat whatever n.
func WriteMailchimpCSV(w io.Writer, status string, n int, seed int64) error {
	g, err := newGenerator(status, seed)
	if err != nil {
		return err
	}
	return g.write(w, n)
}

// WriteMailchimpZIP writes a Mailchimp audience export archive holding the
// four status files (70 % subscribed, 18 % unsubscribed, 8 % cleaned, 4 %
// non-subscribed) for n contacts in all.
func WriteMailchimpZIP(w io.Writer, n int, seed int64) error {
	zw := zip.NewWriter(w)
	id := ExportID(seed)
	left := n
	for i, status := range Statuses {
		count := n * split[i] / 100
		if i == 0 {
			count = n - n*(100-split[0])/100
		}
		count = min(count, left)
		left -= count
		entry, err := zw.Create(FileName(status, id))
		if err != nil {
			return err
		}
		if err := WriteMailchimpCSV(entry, status, count, seed+int64(i)*7919); err != nil {
			return err
		}
	}
	return zw.Close()
}

// FileName is the name Mailchimp gives a status file of export id.
func FileName(status, id string) string {
	return status + "_email_audience_export_" + id + ".csv"
}

// ExportID is the 10-character export id used for seed.
func ExportID(seed int64) string {
	r := rand.New(rand.NewPCG(uint64(seed), 0x6d61696c6368696d)) //nolint:gosec // deterministic test data, not a secret
	return fmt.Sprintf("%010x", r.Uint64()&0xffffffffff)
}
