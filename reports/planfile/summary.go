package planfile

import (
	"strings"

	"taizhang/data"
)

// Problems is a list of problems; as an error it lists them all, one per
// line, and is an EINVALID data.Error: the clerk's file to correct.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives the problems as an EINVALID data.Error with the same text.
func (ps Problems) Unwrap() error {
	return data.Errorf(data.EINVALID, "%s", ps.Error())
}

// AnnexSummary is one annex's counts, for the import preview.
type AnnexSummary struct {
	Code, Title               string
	Sections, Tasks, Measures int
	Deadlines                 map[data.DeadlineKind]int // measures per deadline kind
}

// Summarize counts each annex's sections, tasks, measures and deadline
// kinds.
func Summarize(p *data.Plan) []AnnexSummary {
	var out []AnnexSummary
	for _, a := range p.Annexes {
		s := AnnexSummary{Code: a.Code, Title: a.Title, Sections: len(a.Sections), Deadlines: map[data.DeadlineKind]int{}}
		for _, sec := range a.Sections {
			s.Tasks += len(sec.Tasks)
			for _, t := range sec.Tasks {
				s.Measures += len(t.Measures)
				for _, m := range t.Measures {
					s.Deadlines[m.Deadline.Kind]++
				}
			}
		}
		out = append(out, s)
	}
	return out
}
