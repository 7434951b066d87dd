package store

import (
	"context"
	"path/filepath"
	"testing"

	"taizhang/data"
)

// MustOpenDB opens a new database file in a temporary directory and closes
// it when the test ends.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(filepath.Join(tb.TempDir(), "taizhang.db"))
	if err != nil {
		tb.Fatalf("open database: %v", err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close database: %v", err)
		}
	})
	return db
}

// MustSeedDB opens a new database and seeds it with testPlan.
func MustSeedDB(tb testing.TB) *DB {
	tb.Helper()
	db := MustOpenDB(tb)
	if err := db.SeedPlan(context.Background(), testPlan()); err != nil {
		tb.Fatalf("seed plan: %v", err)
	}
	return db
}

// Unit names used by testPlan.
const (
	uEnv       = "区生态环境局"
	uSciTech   = "区科技和信息化局"
	uPlanning  = "市规划自然资源委西城分局"
	uWater     = "区水务局"
	uTraffic   = "西城交通支队"
	uFinance   = "北京金融街服务局"
	uDesheng   = "德胜街道办事处"
	uXinjiekou = "新街口街道办事处"
	uJinrongj  = "金融街街道办事处"
	uShichahai = "什刹海街道办事处"
	uDrainage  = "北京城市排水集团有限责任公司"
	uEmergency = "区空气重污染应急指挥部成员单位"
)

// testPlan returns a small plan shaped like the real one: two measure
// annexes (one section without tasks), every deadline kind, the groups
// 各街道办事处 and 相关街道办事处, an editable group, aliases, and two
// indicator tables.
//
// Who takes part in what (before any edit):
//
//	1.1.1    lead 西城交通支队, 区生态环境局          co 各街道办事处
//	1.1.2    lead 区生态环境局                        co 西城交通支队
//	1.2.1    lead 相关街道办事处                      co 区生态环境局
//	1.3.1    lead 区空气重污染应急指挥部成员单位 (区生态环境局, 区水务局, 德胜)
//	2-1.14.1 lead 区水务局                            co 排水集团, 相关街道办事处
//	2-1.14.2 lead 区科技和信息化局                    co 市规划自然资源委西城分局, 德胜
//	2-1.14.3 lead 德胜街道办事处                      co 各街道办事处
func testPlan() *data.Plan {
	return &data.Plan{
		Year:  2023,
		Title: "北京市西城区深入打好污染防治攻坚战2023年行动计划",
		DocNo: "西政办发〔2023〕3号",
		Date:  "2023-03-20",
		Annexes: []data.Annex{
			{
				Code:  "1",
				Title: "西城区2023年大气污染防治工作措施",
				Sections: []data.Section{
					{
						No:    "一",
						Title: "移动源污染治理",
						Tasks: []data.Task{
							{
								No:   "1",
								Name: "加强机动车排放监管",
								Measures: []data.Measure{
									{
										ID:       "1.1.1",
										Text:     "加强重型柴油车执法检查，降低PM2.5和氮氧化物排放。",
										Deadline: data.Deadline{Text: "年底前", Kind: data.DeadlineYearEnd, Due: "2023-12-31"},
										Lead:     []string{uTraffic, uEnv},
										Co:       []string{data.GroupAllStreets},
									},
									{
										ID:       "1.1.2",
										Text:     "开展重型柴油车路检路查。\n每月不少于两次联合执法。",
										Deadline: data.Deadline{Text: "6月底前", Kind: data.DeadlineMonthEnd, Due: "2023-06-30"},
										Lead:     []string{uEnv},
										Co:       []string{uTraffic},
									},
								},
							},
							{
								No:   "2",
								Name: "强化扬尘精细化管控",
								Measures: []data.Measure{
									{
										ID:       "1.2.1",
										Text:     "落实施工工地扬尘管控“六个百分之百”要求。",
										Deadline: data.Deadline{Text: "长期实施", Kind: data.DeadlineOngoing},
										Lead:     []string{data.GroupRelevantStreets},
										Co:       []string{uEnv},
									},
								},
							},
						},
					},
					{
						No:    "二",
						Title: "重污染天气应对",
						Tasks: []data.Task{
							{
								No:   "3",
								Name: "做好重污染天气应急",
								Measures: []data.Measure{
									{
										ID:       "1.3.1",
										Text:     "修订重污染天气应急预案并组织演练。",
										Deadline: data.Deadline{Text: "按时间节点完成", Kind: data.DeadlineMilestone},
										Lead:     []string{uEmergency},
									},
								},
							},
						},
					},
				},
			},
			{
				Code:  "2-1",
				Title: "西城区2023年水污染防治工作措施",
				Sections: []data.Section{
					{
						No:    "一",
						Title: "水环境治理",
						Tasks: []data.Task{
							{
								No:   "14",
								Name: "推进排水管网建设",
								Measures: []data.Measure{
									{
										ID:       "2-1.14.1",
										Text:     "推进老旧小区雨污分流改造。",
										Deadline: data.Deadline{Text: "6-9月", Kind: data.DeadlineWindow, From: "2023-06-01", Due: "2023-09-30"},
										Lead:     []string{uWater},
										Co:       []string{uDrainage, data.GroupRelevantStreets},
									},
									{
										ID:       "2-1.14.2",
										Text:     "建设排水管网智慧监测平台。",
										Deadline: data.Deadline{Text: "年底前", Kind: data.DeadlineYearEnd, Due: "2023-12-31"},
										Lead:     []string{uSciTech},
										Co:       []string{uPlanning, uDesheng},
									},
									{
										ID:       "2-1.14.3",
										Text:     "开展河湖“清四乱”巡查。",
										Deadline: data.Deadline{Text: "持续推进", Kind: data.DeadlineOngoing},
										Lead:     []string{uDesheng},
										Co:       []string{data.GroupAllStreets},
									},
								},
							},
						},
					},
					{No: "二", Title: "保障措施"},
				},
			},
		},
		Indicators: []data.IndicatorTable{
			{
				Annex:   "2-2",
				Title:   "西城区2023年各街道PM2.5年均浓度目标",
				Columns: []string{"序号", "街道", "目标（微克/立方米）"},
				Rows: [][]string{
					{"1", "德胜街道", "30"},
					{"2", "新街口街道", ""},
				},
				Note: "注：目标值为年均浓度。",
			},
			{
				Annex:   "6",
				Title:   "西城区2023年水环境质量目标",
				Columns: []string{"断面", "目标"},
			},
		},
		Units: []data.Unit{
			{Name: uEnv, Kind: data.UnitDepartment},
			{Name: uSciTech, Kind: data.UnitDepartment, Aliases: []string{"区科信局"}},
			{Name: uPlanning, Kind: data.UnitDepartment, Aliases: []string{"市规自委西城分局"}},
			{Name: uWater, Kind: data.UnitDepartment},
			{Name: uTraffic, Kind: data.UnitDepartment},
			{Name: uFinance, Kind: data.UnitDepartment, Aliases: []string{"北京金融街服务局（区金融办）", "区金融办"}},
			{Name: uDesheng, Kind: data.UnitStreet, Aliases: []string{"德胜街道"}},
			{Name: uXinjiekou, Kind: data.UnitStreet, Aliases: []string{"新街口街道"}},
			{Name: uJinrongj, Kind: data.UnitStreet},
			{Name: uShichahai, Kind: data.UnitStreet},
			{Name: uDrainage, Kind: data.UnitEnterprise, Aliases: []string{"北京排水集团"}},
			{Name: data.GroupAllStreets, Kind: data.UnitGroup},
			{Name: data.GroupRelevantStreets, Kind: data.UnitGroup},
			{Name: uEmergency, Kind: data.UnitGroup, Members: []string{uEnv, uWater, uDesheng}},
		},
	}
}

// measureOf returns the measure with the given ID in p.
func measureOf(tb testing.TB, p *data.Plan, id string) data.Measure {
	tb.Helper()
	for _, a := range p.Annexes {
		for _, s := range a.Sections {
			for _, t := range s.Tasks {
				for _, m := range t.Measures {
					if m.ID == id {
						return m
					}
				}
			}
		}
	}
	tb.Fatalf("no measure %s in test plan", id)
	return data.Measure{}
}

// wantCode fails the test unless err has the given error code.
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("got no error, want %s", code)
	}
	if got := data.ErrorCode(err); got != code {
		tb.Fatalf("got error code %q (%v), want %q", got, err, code)
	}
}

// y23 is the year of testPlan.
const y23 = 2023
