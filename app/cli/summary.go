package cli

import (
	"flag"
	"fmt"
	"time"

	"taizhang/data"
)

// progressSummary is `progress summary`: the coordinator's district
// summary (区级汇总) of a measure and month.
func progressSummary() *command {
	return &command{name: "summary", summary: "区级汇总进展：填写、查看某月某项措施的区级汇总",
		subs: []*command{progressSummarySet(), progressSummaryShow()}}
}

func progressSummarySet() *command {
	return &command{
		name:    "set",
		summary: "填写某月某项措施的区级汇总（进展、存在问题、下步计划）",
		usage:   "--month 2023-06 --measure 措施编号 [--text 文字] [--problems 文字] [--next 文字]",
		year:    yearOfMonth,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			month := fs.String("month", "", "填报月份，如 2023-06")
			measure := fs.String("measure", "", "措施编号，如 2-1.14.3")
			text := fs.String("text", "", "区级汇总进展")
			problems := fs.String("problems", "", "存在问题")
			next := fs.String("next", "", "下步计划")
			return func(e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if err := requireOpts([]string{"month", "measure"}, *month, *measure); err != nil {
					return err
				}
				set := map[string]bool{}
				fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
				if !set["text"] && !set["problems"] && !set["next"] {
					return usageErrorf("至少要给出 --text、--problems、--next 之一")
				}
				a, m, err := e.openMonth(*month)
				if err != nil {
					return err
				}
				in := data.DistrictSummaryInput{MeasureID: *measure, Month: m}
				if set["text"] {
					in.Progress = text
				}
				if set["problems"] {
					in.Problems = problems
				}
				if set["next"] {
					in.NextSteps = next
				}
				s, err := a.SetDistrictSummary(e.ctx, in)
				if err != nil {
					return explain(e, a, err, m.Year(), "")
				}
				fmt.Fprintf(e.stdout, "已保存区级汇总：%s %s\n", s.Month.Label(), s.MeasureID)
				return nil
			}
		},
	}
}

// summaryOut is the JSON of `progress summary show`.
type summaryOut struct {
	Measure   string     `json:"measure"`
	Month     data.Month `json:"month"`
	Drafted   bool       `json:"drafted"`
	Progress  string     `json:"progress"`
	Problems  string     `json:"problems"`
	NextSteps string     `json:"next_steps"`
	Clerk     string     `json:"clerk,omitempty"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

func progressSummaryShow() *command {
	return &command{
		name:    "show",
		summary: "查看某月某项措施的区级汇总：已填写的，或由主责单位进展生成的草稿",
		usage:   "--month 2023-06 --measure 措施编号 [--format text|json]",
		year:    yearOfMonth,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			month := fs.String("month", "", "填报月份，如 2023-06")
			measure := fs.String("measure", "", "措施编号，如 2-1.14.3")
			format := fs.String("format", "text", "输出格式：text 或 json")
			return func(e *env, args []string) error {
				if err := requireOpts([]string{"measure"}, *measure); err != nil {
					return err
				}
				a, m, err := e.openMonthView(args, *month, *format)
				if err != nil {
					return err
				}
				s, err := a.DistrictSummary(e.ctx, *measure, m)
				if err != nil {
					return explain(e, a, err, m.Year(), "")
				}
				if *format == "json" {
					out := summaryOut{Measure: s.MeasureID, Month: s.Month, Drafted: s.Drafted, Progress: s.Progress,
						Problems: s.Problems, NextSteps: s.NextSteps, Clerk: s.Clerk}
					if !s.UpdatedAt.IsZero() {
						out.UpdatedAt = &s.UpdatedAt
					}
					return writeJSON(e, out)
				}
				origin := "草稿（由主责单位进展生成，尚未填写）"
				if !s.Drafted {
					origin = fmt.Sprintf("%s 于 %s 填写", s.Clerk, s.UpdatedAt.Local().Format("2006-01-02 15:04"))
				}
				fmt.Fprintf(e.stdout, "%s %s 区级汇总：%s\n进展情况：%s\n存在问题：%s\n下步计划：%s\n",
					s.Month.Label(), s.MeasureID, origin, s.Progress, s.Problems, s.NextSteps)
				return nil
			}
		},
	}
}
