package cli

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"taizhang/app"
	"taizhang/data"
)

func indicatorCommands() *command {
	return &command{name: "indicator", summary: "指标：目标（附件2-2、6）、月度实际值、累计与是否达到序时目标",
		subs: []*command{indicatorTargets(), indicatorTarget(), indicatorSet(), indicatorShow(), indicatorImport(), indicatorImportTemplate()}}
}

// targetOut is one target in the JSON of `indicator targets`.
type targetOut struct {
	Annex       string     `json:"annex"`
	Indicator   string     `json:"indicator"`
	Name        string     `json:"name"`
	Unit        string     `json:"unit"`
	Direction   string     `json:"direction"`
	Aggregation string     `json:"aggregation"`
	Area        string     `json:"area"`
	Column      string     `json:"column"`
	Printed     string     `json:"printed"`
	Text        string     `json:"text"`
	Value       *float64   `json:"value"`
	Qualifier   string     `json:"qualifier"`
	Edited      bool       `json:"edited"`
	SetBy       string     `json:"set_by,omitempty"`
	SetAt       *time.Time `json:"set_at,omitempty"`
}

func targetJSON(t data.IndicatorTarget) targetOut {
	ind, _ := data.IndicatorByKey(t.Indicator)
	out := targetOut{Annex: t.Annex, Indicator: t.Indicator, Name: ind.Name, Unit: ind.Unit,
		Direction: string(ind.Direction), Aggregation: string(ind.Aggregation), Area: t.Area, Column: t.Column,
		Printed: t.Printed, Text: t.Text, Value: t.Value, Qualifier: t.Qualifier, Edited: t.Edited, SetBy: t.SetBy}
	if t.Edited {
		at := t.SetAt
		out.SetAt = &at
	}
	return out
}

func indicatorTargets() *command {
	return &command{
		name:    "targets",
		read:    true,
		summary: "列出附件2-2、6的全部指标目标：原文、数值、方向",
		usage:   "[--format json|text]",
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			format := fs.String("format", "json", "输出格式：json 或 text")
			return func(e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if err := checkFormat(*format); err != nil {
					return err
				}
				a, err := e.open()
				if err != nil {
					return err
				}
				year, err := e.planYear(a)
				if err != nil {
					return err
				}
				ts, err := a.IndicatorTargets(e.ctx, year)
				if err != nil {
					return err
				}
				if *format == "json" {
					out := []targetOut{}
					for _, t := range ts {
						out = append(out, targetJSON(t))
					}
					return writeJSON(e, out)
				}
				var tw table
				tw.add("附件", "地区", "指标", "目标", "单位", "方向", "原文")
				for _, t := range ts {
					ind, _ := data.IndicatorByKey(t.Indicator)
					text := t.Text
					if t.Edited {
						text += "（已调整）"
					}
					tw.add(t.Annex, t.Area, ind.Name, text, ind.Unit, directionText(ind.Direction), t.Printed)
				}
				return tw.write(e.stdout)
			}
		},
	}
}

func indicatorTarget() *command {
	return &command{
		name:    "target",
		summary: "调整一个指标目标（记入审计日志），“—”表示无目标",
		usage:   "--annex 2-2 --area 地区 --indicator 指标 --value 目标",
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			annex := fs.String("annex", "", "附件：2-2 或 6")
			area := fs.String("area", "", "地区：街道名称或“西城区”")
			key := fs.String("indicator", "", "指标，如 pm25（见 indicator targets）")
			value := fs.String("value", "", "目标，如 30、12左右、—")
			return func(e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if err := requireOpts([]string{"annex", "area", "indicator", "value"}, *annex, *area, *key, *value); err != nil {
					return err
				}
				a, err := e.open()
				if err != nil {
					return err
				}
				year, err := e.planYear(a)
				if err != nil {
					return err
				}
				t, err := a.SetIndicatorTarget(e.ctx, year, *annex, *key, *area, *value)
				if err != nil {
					return err
				}
				ind, _ := data.IndicatorByKey(t.Indicator)
				fmt.Fprintf(e.stdout, "已保存：附件 %s %s %s 目标 %s（原文 %s）\n", t.Annex, t.Area, ind.Name, t.Text, t.Printed)
				return nil
			}
		},
	}
}

func indicatorSet() *command {
	return &command{
		name:    "set",
		summary: "填写一个地区某月某项指标的实际值（--value \"\" 清除）",
		usage:   "--area 地区 --indicator 指标 --month 2023-06 --value 数值",
		year:    yearOfMonth,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			area := fs.String("area", "", "地区：街道名称或“西城区”")
			key := fs.String("indicator", "", "指标，如 pm25（见 indicator targets）")
			month := fs.String("month", "", "月份，如 2023-06")
			value := fs.String("value", "", "当月实际值；空字符串表示清除")
			return func(e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if err := requireOpts([]string{"area", "indicator", "month"}, *area, *key, *month); err != nil {
					return err
				}
				given := false
				fs.Visit(func(f *flag.Flag) { given = given || f.Name == "value" })
				if !given {
					return usageErrorf("缺少选项 --value")
				}
				a, m, err := e.openMonth(*month)
				if err != nil {
					return err
				}
				v, err := a.SetIndicatorActual(e.ctx, *key, *area, m, *value)
				if err != nil {
					return err
				}
				ind, _ := data.IndicatorByKey(*key)
				if v == nil {
					fmt.Fprintf(e.stdout, "已清除：%s %s %s\n", strings.TrimSpace(*area), m.Label(), ind.Name)
					return nil
				}
				fmt.Fprintf(e.stdout, "已保存：%s %s %s %s %s\n", v.Area, m.Label(), ind.Name, data.FormatValue(v.Value), ind.Unit)
				return nil
			}
		},
	}
}

// indicatorShowOut is the JSON of `indicator show`.
type indicatorShowOut struct {
	Month  data.Month        `json:"month"`
	Closed bool              `json:"closed"`
	Rows   []indicatorRowOut `json:"rows"`
}

type indicatorRowOut struct {
	Indicator   string   `json:"indicator"`
	Name        string   `json:"name"`
	Unit        string   `json:"unit"`
	Direction   string   `json:"direction"`
	Aggregation string   `json:"aggregation"`
	Area        string   `json:"area"`
	TargetAnnex string   `json:"target_annex"`
	TargetText  string   `json:"target_text"`
	Target      *float64 `json:"target"`
	Qualifier   string   `json:"qualifier"`
	Value       *float64 `json:"value"`
	Months      int      `json:"months"`
	YTD         *float64 `json:"ytd"`
	Expected    *float64 `json:"expected"`
	OnTrack     *bool    `json:"on_track"`
}

func indicatorShow() *command {
	return &command{
		name:    "show",
		read:    true,
		summary: "查看某月各地区指标：当月值、年内累计或均值、目标、是否达到序时目标",
		usage:   "--month 2023-06 [--format json|text]",
		year:    yearOfMonth,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			month := fs.String("month", "", "月份，如 2023-06")
			format := fs.String("format", "json", "输出格式：json 或 text")
			return func(e *env, args []string) error {
				a, m, err := e.openMonthView(args, *month, *format)
				if err != nil {
					return err
				}
				v, err := a.Indicators(e.ctx, m)
				if err != nil {
					return err
				}
				if *format == "text" {
					return writeIndicatorText(e, v)
				}
				out := indicatorShowOut{Month: v.Month, Closed: v.Closed, Rows: []indicatorRowOut{}}
				for _, r := range v.Rows {
					out.Rows = append(out.Rows, indicatorRowOut{
						Indicator: r.Indicator.Key, Name: r.Indicator.Name, Unit: r.Indicator.Unit,
						Direction: string(r.Indicator.Direction), Aggregation: string(r.Indicator.Aggregation),
						Area: r.Area, TargetAnnex: r.Target.Annex, TargetText: r.Target.Text, Target: r.Target.Value,
						Qualifier: r.Target.Qualifier, Value: r.Value, Months: r.Months, YTD: r.YTD, Expected: r.Expected,
						OnTrack: r.OnTrack,
					})
				}
				return writeJSON(e, out)
			}
		},
	}
}

func writeIndicatorText(e *env, v *app.IndicatorView) error {
	fmt.Fprintf(e.stdout, "%s指标情况", v.Month.Label())
	if v.Closed {
		fmt.Fprint(e.stdout, "（已关账）")
	}
	fmt.Fprintln(e.stdout)
	var tw table
	tw.add("指标", "地区", "本月", "年内", "目标", "序时目标", "情况")
	for _, r := range v.Rows {
		ytd := "—"
		if r.YTD != nil {
			kind := "均值"
			if r.Indicator.Aggregation == data.AggSum {
				kind = "累计"
			}
			ytd = fmt.Sprintf("%s %s（%d个月）", kind, num(r.YTD), r.Months)
		}
		state := "无目标"
		switch {
		case r.OnTrack != nil && *r.OnTrack:
			state = "达标"
		case r.OnTrack != nil:
			state = "未达标"
		case r.Target.Value != nil:
			state = "未填报"
		}
		tw.add(r.Indicator.Name+"（"+r.Indicator.Unit+"）", r.Area, num(r.Value), ytd, r.Target.Text, num(r.Expected), state)
	}
	return tw.write(e.stdout)
}

// num writes an optional value, rounded to two decimals for display.
func num(v *float64) string {
	if v == nil {
		return "—"
	}
	s := fmt.Sprintf("%.2f", *v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

func directionText(d data.Direction) string {
	if d == data.LowerBetter {
		return "越低越好"
	}
	return "越高越好"
}
