package data

import (
	"io"
	"strings"
	"time"
)

// ActionReturnImport is the audit action of an applied return: Unit and
// Month are the return's, Field is FieldReturn, New is "name (sha256)".
const ActionReturnImport = "return_import"

// FieldReturn is the audited field of ActionReturnImport.
const FieldReturn = "return"

// The kinds of an imported return.
const (
	ReturnXLSX    = "xlsx"    // a filled return template (.xlsx)
	ReturnPackage = "package" // a return package (.zip with the return and evidence)
)

// ReturnImport is the record of an applied return: which file, for which
// unit and month, when, by whom, and what it changed. The original file is
// kept as a blob named by SHA256.
type ReturnImport struct {
	ID         int64     `json:"id"`
	Unit       string    `json:"unit"` // canonical name
	Month      Month     `json:"month"`
	FileName   string    `json:"file_name"`
	Kind       string    `json:"kind"`   // ReturnXLSX or ReturnPackage
	SHA256     string    `json:"sha256"` // of the original file
	Size       int64     `json:"size"`
	ImportedAt time.Time `json:"imported_at"` // UTC
	// ReceivedAt is when the return arrived, which decides whether it was
	// late: ImportedAt unless the coordinator set another day (UTC).
	ReceivedAt time.Time `json:"received_at"`
	Clerk      string    `json:"clerk"`
	Changed    int       `json:"changed"`    // entries changed
	Unchanged  int       `json:"unchanged"`  // rows of the return that changed nothing
	Guessed    int       `json:"guessed"`    // rows matched by 序号 and text and confirmed
	Indicators int       `json:"indicators"` // indicator values changed
	Evidence   int       `json:"evidence"`   // evidence files attached
	Contacts   Contacts  `json:"contacts"`
}

// Contacts are the 填报人, 联系电话 and 审核人 a return names; blank when it
// names none.
type Contacts struct {
	Clerk    string `json:"clerk"`
	Phone    string `json:"phone"`
	Reviewer string `json:"reviewer"`
}

// Label is the contacts in one line, as the tracker shows them: 张三
// 010-66001234（审核：李四）; "" when there are none.
func (c Contacts) Label() string {
	s := strings.TrimSpace(c.Clerk + " " + c.Phone)
	if c.Reviewer != "" {
		s += "（审核：" + c.Reviewer + "）"
	}
	return s
}

// ReturnEvidence is an evidence file carried by a return package, for the
// return's unit and month.
type ReturnEvidence struct {
	MeasureID   string
	Name        string
	MIME        string
	Description string
	SHA256      string // of Content, as verified by the caller: the same file already attached is skipped
	Content     io.Reader
}

// ReturnInput is a checked return to apply: the changes it makes and the
// original file to keep.
type ReturnInput struct {
	Unit       string // canonical name or alias
	Month      Month
	FileName   string // the original's name, without folders
	Kind       string // ReturnXLSX or ReturnPackage
	Original   io.Reader
	Entries    []EntryInput // each for Unit and Month
	Indicators []IndicatorActualInput
	Evidence   []ReturnEvidence
	Unchanged  int // rows the caller found unchanged, for the record
	Guessed    int // rows the caller matched by guess, for the record
	// EntryRows and IndicatorRows are the return's row of each of Entries
	// and Indicators (0 when unknown), named in the audit's source.
	EntryRows, IndicatorRows []int
	Contacts                 Contacts
	// Size is the bytes of Original and of Evidence together (0 if not
	// known), for the space a full disk's error says the import needs.
	Size int64
}

// ReturnImportFilter selects import records; every field is optional.
type ReturnImportFilter struct {
	Year   int    // the plan year; 0 for every year (a Month implies its year)
	Unit   string // canonical name or alias
	Month  Month
	SHA256 string // of the original file
}

// SettingReturnDueDay is the settings key of the return due day: the day
// of the month after the reporting month by which a return is due.
const SettingReturnDueDay = "return_due_day"

// DefaultReturnDueDay is the due day when none is set: the 5th of the next
// month.
const DefaultReturnDueDay = 5

// ReturnDue is when a unit's return for month m is due: the end of the due
// day of the next month, local time.
func ReturnDue(m Month, dueDay int) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01", string(m), time.Local)
	if err != nil {
		return time.Time{}, Errorf(EINVALID, "月份“%s”的格式应为 2023-06", m)
	}
	return t.AddDate(0, 1, dueDay), nil
}
