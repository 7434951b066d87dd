package ui

import (
	"strconv"
	"strings"

	"taizhang/data"
)

// nodeAll is the tree's first node: every measure that passes the filter.
const nodeAll = "all"

// sep joins the parts of a tree node ID; it never occurs in the plan's text.
const sep = "\x1f"

// planTree is the annex → section → task outline of a list of measures, as
// the widget.Tree in the main window shows it. Node IDs carry their kind and
// path: "a␟1", "s␟1␟一", "t␟1␟一␟4".
type planTree struct {
	children map[string][]string
	labels   map[string]string
	counts   map[string]int
}

// annexNode, sectionNode and taskNode are the IDs of a row's ancestors. An
// annex without numbered sections puts its tasks right under the annex.
func annexNode(r data.MeasureRow) string { return "a" + sep + r.AnnexCode }

func sectionNode(r data.MeasureRow) string {
	if r.SectionNo == "" && r.SectionTitle == "" {
		return ""
	}
	return "s" + sep + r.AnnexCode + sep + r.SectionNo + sep + r.SectionTitle
}

func taskNode(r data.MeasureRow) string {
	return "t" + sep + r.AnnexCode + sep + r.SectionNo + sep + r.SectionTitle + sep + r.TaskNo
}

// inNode reports whether row r lies under tree node id.
func inNode(r data.MeasureRow, id string) bool {
	switch {
	case id == "" || id == nodeAll:
		return true
	case strings.HasPrefix(id, "a"+sep):
		return id == annexNode(r)
	case strings.HasPrefix(id, "s"+sep):
		return id == sectionNode(r)
	case strings.HasPrefix(id, "t"+sep):
		return id == taskNode(r)
	}
	return false
}

// annexLabel, sectionLabel and taskLabel are the node labels as printed.
func annexLabel(r data.MeasureRow) string {
	return strings.TrimSpace("附件" + r.AnnexCode + " " + r.AnnexTitle)
}

func sectionLabel(r data.MeasureRow) string {
	if r.SectionNo == "" {
		return r.SectionTitle
	}
	return r.SectionNo + "、" + r.SectionTitle
}

func taskLabel(r data.MeasureRow) string {
	return strings.TrimSpace(r.TaskNo + " " + r.TaskName)
}

// buildPlanTree outlines rows, which come in printed order.
func buildPlanTree(rows []data.MeasureRow) *planTree {
	t := &planTree{
		children: map[string][]string{"": {nodeAll}},
		labels:   map[string]string{nodeAll: tr("全部工作措施")},
		counts:   map[string]int{nodeAll: len(rows)},
	}
	add := func(parent, id, label string) {
		if _, ok := t.labels[id]; !ok {
			t.labels[id] = label
			t.children[parent] = append(t.children[parent], id)
		}
		t.counts[id]++
	}
	for _, r := range rows {
		a := annexNode(r)
		add("", a, annexLabel(r))
		parent := a
		if s := sectionNode(r); s != "" {
			add(a, s, sectionLabel(r))
			parent = s
		}
		add(parent, taskNode(r), taskLabel(r))
	}
	return t
}

// has reports whether the tree holds node id.
func (t *planTree) has(id string) bool {
	_, ok := t.labels[id]
	return ok
}

// isBranch reports whether node id has children (the root always has).
func (t *planTree) isBranch(id string) bool {
	return id == "" || len(t.children[id]) > 0
}

// countText is the number shown beside a node.
func (t *planTree) countText(id string) string {
	if n, ok := t.counts[id]; ok {
		return strconv.Itoa(n)
	}
	return ""
}

// annexes lists the annex nodes in printed order.
func (t *planTree) annexes() []string {
	var out []string
	for _, id := range t.children[""] {
		if strings.HasPrefix(id, "a"+sep) {
			out = append(out, id)
		}
	}
	return out
}

// path is the annex › section › task path of a row, one element per level.
func rowPath(r data.MeasureRow) []string {
	p := []string{annexLabel(r)}
	if sectionNode(r) != "" {
		p = append(p, sectionLabel(r))
	}
	return append(p, taskLabel(r))
}
