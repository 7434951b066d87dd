package returns

import (
	"strings"

	"github.com/xuri/excelize/v2"
)

// The labels of the contacts a template asks for above its table.
const (
	ContactClerk    = "填报人"
	ContactPhone    = "联系电话"
	ContactReviewer = "审核人"
)

// Contacts are the clerk's contacts as a return gives them; blank when a
// return leaves them empty or has no such labels.
type Contacts struct {
	Clerk, Phone, Reviewer string
}

// readContacts finds the contact labels in the rows above the table of
// sheet (a label such as “填报人：” in a cell of its own) and takes each
// one's value from the first filled cell to its right in the same row,
// wherever a clerk or another program moved them.
func readContacts(f *excelize.File, sheet string, header int) Contacts {
	var c Contacts
	rows, err := f.GetRows(sheet)
	if err != nil {
		return c
	}
	fields := map[string]*string{ContactClerk: &c.Clerk, ContactPhone: &c.Phone, ContactReviewer: &c.Reviewer}
	for _, row := range rows[:min(max(0, header-1), len(rows))] {
		for i, v := range row {
			dst, ok := fields[contactLabel(v)]
			if !ok {
				continue
			}
			for _, next := range row[i+1:] {
				if contactLabel(next) != "" && fields[contactLabel(next)] != nil {
					break
				}
				if s := NormalizeSpace(next); s != "" {
					*dst = s
					break
				}
			}
		}
	}
	return c
}

// contactLabel is a cell's text without spaces and the trailing colon.
func contactLabel(v string) string {
	return strings.TrimRight(strings.Join(strings.Fields(v), ""), ":：")
}
