package data

import (
	"time"
)

// Evidence is a file (佐证材料) attached to a unit's entry on a measure for
// a month. Its content is a blob named by SHA256; a removed file keeps its
// row and its content.
type Evidence struct {
	ID          int64
	Unit        string // canonical name
	MeasureID   string
	Month       Month
	Name        string // file name, as given
	Size        int64  // bytes
	MIME        string
	SHA256      string // lower-case hex
	Description string
	AddedAt     time.Time
	AddedBy     string
	RemovedAt   *time.Time // nil while the file is in use
	RemovedBy   string
}

// Removed reports whether the file has been removed.
func (e Evidence) Removed() bool { return e.RemovedAt != nil }

// EvidenceInput describes a file to attach. Unit may be an alias; an empty
// MIME is stored as application/octet-stream.
type EvidenceInput struct {
	Unit        string
	MeasureID   string
	Month       Month
	Name        string
	MIME        string
	Description string
	// Size is the file's size if known (0 if not), for the space a full
	// disk's error says the attach needs.
	Size int64
}

// EvidenceFilter selects evidence; every field is optional. Removed files
// are left out unless WithRemoved.
type EvidenceFilter struct {
	Year        int // the plan year; 0 for every year (a Month implies its year)
	Month       Month
	Unit        string // canonical name or alias
	MeasureID   string
	WithRemoved bool
}
