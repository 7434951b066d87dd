package plantext

// fixAction is what a fix-up does to the table row it matches.
type fixAction int

const (
	// continueTask: the 序号 printed on this row at a page top belongs to the
	// next task, but the merged task cell it sits in is the task before's.
	continueTask fixAction = iota + 1
	// splitRow: the conversion merged two table rows that share a merged
	// deadline cell into one; their texts and unit lists are separated by two
	// spaces. Each part becomes a measure; a unit cell with one part is shared.
	splitRow
)

// fixup is one judgement that the text alone cannot settle. A fix-up matches
// the row of the given annex whose raw line contains Match; the parser fails
// when a fix-up matches no row or more than one, so the list cannot go stale
// silently.
type fixup struct {
	Annex  string
	Match  string
	Action fixAction
	Reason string
}

// fixups2023 are the judgements taken when reading the 2023 plan's text.
// Everything else (page headers, task names split across rows or pages,
// measures continued on the next page, co-units continued on the next page,
// unit names wrapped across lines, aliases) follows general rules in parse.go.
var fixups2023 = []fixup{
	{
		Annex:  "2-1",
		Match:  "区园林绿化局强化绿化过程技术指导",
		Action: splitRow,
		Reason: "任务16的一行里有两段措施文字，主责单位和协办单位也各有两组，彼此以两个空格分开：" +
			"第一组是区园林绿化局、蓟城山水公司（协办：各街道办事处），第二组是各街道办事处（协办：区住房城市建设委等）。" +
			"各自有主责单位的行是不同的措施，只有完成时限“长期实施”是合并单元格，两条措施共用。",
	},
	{
		Annex:  "4",
		Match:  "防控超筛选值地块风险",
		Action: continueTask,
		Reason: "页首印了序号5而任务名称为空，下一行又是“5 加强国土空间规划统筹”。" +
			"这三条措施（超筛选值地块、风险管控修复过程、后期监管）属于跨页的合并单元格“4 优化建设用地风险防控制度”。",
	},
	{
		Annex:  "4",
		Match:  "开展工业污染源头监测",
		Action: splitRow,
		Reason: "任务10的一行里有两段措施文字（工业污染源头监测；建设用地执法检查），" +
			"协办单位列也有两次“相关街道办事处”，以两个空格分开：原表是两行，完成时限和主责单位为合并单元格，两条措施共用。",
	},
	{
		Annex:  "5",
		Match:  "新增城市绿地",
		Action: continueTask,
		Reason: "页首印了“8 统筹推进实施生态保护修复”，名称与任务7完全相同，而其后直接是任务9：" +
			"这是任务7的合并单元格跨页后的延续，页首的序号是转换时误加的，不另立任务8。",
	},
}
