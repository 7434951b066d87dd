package ui

import (
	"testing"

	"taizhang/data"
)

// TestAuditFieldNamesEveryEntryField: the audit table names each audited
// entry field in words, never by its database key.
func TestAuditFieldNamesEveryEntryField(t *testing.T) {
	for _, f := range []string{data.FieldStatus, data.FieldProgress, data.FieldProblems, data.FieldNextSteps, data.FieldEvidenceNote} {
		r := data.AuditRecord{Action: data.ActionEntry, Field: f}
		if got := auditField(r); got == f || got == "" {
			t.Errorf("auditField(%q) = %q, want a word for the clerk", f, got)
		}
	}
}
