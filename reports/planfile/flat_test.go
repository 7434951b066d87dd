package planfile

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Flat lists of measures: annexes without a 重点任务 column, as some
// offices print them (序号 / 工作措施 / 完成时限 / 责任单位). f1-flat-list.docx
// is f1-flat-list.html converted by LibreOffice; f2-flat-list.xlsx is
// written with excelize by TestMakeFlatFixtures (PLANFILE_FIXTURES=1).

// TestMakeFlatFixtures writes the flat-list fixtures again: PLANFILE_FIXTURES=1.
func TestMakeFlatFixtures(t *testing.T) {
	if os.Getenv("PLANFILE_FIXTURES") == "" {
		t.Skip("set PLANFILE_FIXTURES=1 to write the flat-list fixtures (needs soffice)")
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "blind"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	cmd := exec.Command("soffice", "--headless", "-env:UserInstallation=file://"+tmp+"/lo",
		"--convert-to", "docx:MS Word 2007 XML", "--outdir", dir, filepath.Join(dir, "f1-flat-list.html"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	writeFlatXLSX(t, filepath.Join(dir, "f2-flat-list.xlsx"))
}

// writeFlatXLSX writes a 2024 plan of two flat annexes: 附件5 with section
// headings (序号 from 1 in each), a deadline merged over two rows, units
// with mixed separators and a 备注 column; 附件6 without headings, its
// measures under 工作内容.
func writeFlatXLSX(t *testing.T, path string) {
	f := excelize.NewFile()
	defer f.Close()
	check := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	rows := func(sheet string, rows [][]string) {
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				check(f.SetCellStr(sheet, cell, v))
			}
		}
	}
	check(f.SetSheetName("Sheet1", "说明"))
	rows("说明", [][]string{{"计划名称", "北京市西城区深入打好污染防治攻坚战2024年行动计划"}, {"文号", "西政办发〔2024〕2号"}, {"印发日期", "2024-03-08"}})
	_, err := f.NewSheet("附件5")
	check(err)
	rows("附件5", [][]string{
		{"附件5：西城区扬尘污染治理2024年工作措施"},
		{"序号", "具体措施", "完成时限", "责任单位", "备注"},
		{"一、施工扬尘"},
		{"1", "开展施工工地扬尘专项检查。", "采暖季前", "区住房城市建设委、区城管委\n区生态环境局", ""},
		{"2", "落实渣土车密闭运输。", "", "区城管执法局；区交通支队", "与交通部门联合"},
		{"二、道路扬尘"},
		{"1", "提高道路机扫水洗比例。", "汛期前", "区城管委", ""},
		{"2", "开展道路积尘负荷走航监测。", "持续至2025年", "区生态环境局 区城管委", ""},
	})
	check(f.MergeCell("附件5", "A1", "E1"))
	check(f.MergeCell("附件5", "A3", "E3"))
	check(f.MergeCell("附件5", "A6", "E6"))
	check(f.MergeCell("附件5", "C4", "C5"))
	_, err = f.NewSheet("附件6")
	check(err)
	rows("附件6", [][]string{
		{"附件6"},
		{"西城区移动源污染防治2024年重点工作"},
		{"序号", "工作内容", "完成时限", "主责单位", "协办单位"},
		{"1", "推进公交车新能源替代。", "2024年春节前", "区交通委", "—"},
		{"2", "开展重型柴油车路检路查。", "按国家和市要求", "区交通支队", "区生态环境局"},
		{"3", "做好非道路移动机械编码登记。", "6月底前启动、年底前完成", "区生态环境局", "区住房城市建设委、区城管委"},
	})
	check(f.SaveAs(path))
}

// wantUndated are the deadlines of the flat fixtures that get no date.
var wantUndated = map[string][]string{
	"f1-flat-list.docx": {
		"文件“f1-flat-list.docx”，表1，第 6 行第 3 列：措施 3.2.1 的完成时限“按上级要求”没有具体日期",
		"文件“f1-flat-list.docx”，表1，第 8 行第 3 列：措施 3.2.3 的完成时限“适时”没有具体日期",
	},
	"f2-flat-list.xlsx": {
		"文件“f2-flat-list.xlsx”，工作表“附件6”，第 5 行 C 列：措施 6.1.2 的完成时限“按国家和市要求”没有具体日期",
	},
}

// TestFlatLists reads the flat-list fixtures: each section (the whole annex
// without one) is a task named by its heading (the annex's title), its
// measures numbered in order; event-tied and fuzzy deadlines are read, the
// undated ones milestones; the missing 重点任务 column is named in Ignored.
func TestFlatLists(t *testing.T) {
	for name, want := range map[string][]string{
		"f1-flat-list.docx": {
			"3 一、土壤污染源头防控 task 1 土壤污染源头防控",
			"3.1.1 开展土壤污染重点监管单位隐患排查。 6月底前启动、年底前完成 year_end  2024-12-31 [区生态环境局] []",
			"3.1.2 做好烟花爆竹禁放宣传。 春节前 month_end  2024-02-10 [各街道办事处] []",
			"3 二、建设用地安全利用 task 2 建设用地安全利用",
			"3.2.1 落实建设用地土壤污染风险管控。 按上级要求 milestone   [市规划自然资源委西城分局 区生态环境局] []",
			"3.2.2 开展重污染天气应急减排。 重污染天气应急期间 ongoing   [区生态环境局 区住房城市建设委] []",
			"3.2.3 完善土壤环境监测网络。 适时 milestone   [区生态环境局] []",
			"4 、 task 1 西城区噪声污染防治2024年重点工作",
			"4.1.1 开展夜间施工噪声专项检查。 夏季 window 2024-06-01 2024-08-31 [区城管执法局] [区住房城市建设委]",
			"4.1.2 做好中高考期间噪声管控。 2024年6月底前完成，长期坚持 month_end  2024-06-30 [区生态环境局] [各街道办事处]",
			"4.1.3 加强社会生活噪声管理。 及时 ongoing   [各街道办事处] []",
		},
		"f2-flat-list.xlsx": {
			"5 一、施工扬尘 task 1 施工扬尘",
			"5.1.1 开展施工工地扬尘专项检查。 采暖季前 month_end  2024-11-15 [区住房城市建设委 区城管委 区生态环境局] []",
			"5.1.2 落实渣土车密闭运输。 采暖季前 month_end  2024-11-15 [区城管执法局 区交通支队] []",
			"5 二、道路扬尘 task 2 道路扬尘",
			"5.2.1 提高道路机扫水洗比例。 汛期前 month_end  2024-06-01 [区城管委] []",
			"5.2.2 开展道路积尘负荷走航监测。 持续至2025年 window 2024-01-01 2025-12-31 [区生态环境局 区城管委] []",
			"6 、 task 1 西城区移动源污染防治2024年重点工作",
			"6.1.1 推进公交车新能源替代。 2024年春节前 month_end  2024-02-10 [区交通委] []",
			"6.1.2 开展重型柴油车路检路查。 按国家和市要求 milestone   [区交通支队] [区生态环境局]",
			"6.1.3 做好非道路移动机械编码登记。 6月底前启动、年底前完成 year_end  2024-12-31 [区生态环境局] [区住房城市建设委 区城管委]",
		},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", "blind", name))
		if err != nil {
			t.Fatal(err)
		}
		res := Read(Source{Name: name, Data: b}, Options{Year: 2024})
		if len(res.Problems) != 0 || !res.OK() {
			t.Errorf("%s: problems %v", name, res.Problems)
		}
		var got []string
		for _, a := range res.Plan.Annexes {
			for _, s := range a.Sections {
				for _, tk := range s.Tasks {
					got = append(got, fmt.Sprintf("%s %s、%s task %s %s", a.Code, s.No, s.Title, tk.No, tk.Name))
					for _, m := range tk.Measures {
						d := m.Deadline
						got = append(got, fmt.Sprintf("%s %s %s %s %s %s %v %v", m.ID, m.Text, d.Text, d.Kind, d.From, d.Due, m.Lead, m.Co))
					}
				}
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		var undated []string
		for _, p := range res.Undated {
			undated = append(undated, p.String())
		}
		if got, want := strings.Join(undated, "\n"), strings.Join(wantUndated[name], "\n"); got != want {
			t.Errorf("%s: undated\n%s\nwant\n%s", name, got, want)
		}
		flat := 0
		for _, p := range res.Ignored {
			if strings.Contains(p.Text, "没有“重点任务”列") {
				flat++
			}
		}
		if flat != 2 {
			t.Errorf("%s: ignored %v, want the missing 重点任务 column named for both annexes", name, res.Ignored)
		}
	}
}

// TestFlatListAcrossPages: a flat list in a Word document whose table goes
// on over the next page as a table of its own, its header repeated and a
// measure's text broken by the page; the headings are paragraphs between
// tables. The task stays one per section, the broken text one measure.
func TestFlatListAcrossPages(t *testing.T) {
	head := tr("序号", "工作措施", "完成时限", "责任单位")
	doc := docxWith(t, wp("《北京市西城区2024年行动计划》")+wp("附件5")+wp("西城区扬尘治理工作措施")+
		wp("一、施工扬尘")+
		"<w:tbl>"+head+tr("1", "开展工地检查。", "采暖季前", "区住房城市建设委")+tr("2", "落实渣土车密闭", "适时", "区城管执法局")+"</w:tbl>"+
		"<w:tbl>"+head+tr("", "运输。", "", "")+tr("3", "推行绿色施工。", "年底前", "区住房城市建设委")+"</w:tbl>"+
		wp("二、道路扬尘")+
		"<w:tbl>"+head+tr("1", "提高机扫水洗比例。", "汛期前", "区城管委")+"</w:tbl>")
	res := Read(Source{Name: "计划.docx", Data: doc}, Options{Year: 2024})
	if len(res.Problems) != 0 {
		t.Fatalf("problems %v", res.Problems)
	}
	var got []string
	for _, a := range res.Plan.Annexes {
		for _, s := range a.Sections {
			for _, tk := range s.Tasks {
				for _, m := range tk.Measures {
					got = append(got, fmt.Sprintf("%s %s|%s|%s %s", m.ID, tk.Name, m.Text, m.Deadline.Text, m.Deadline.Due))
				}
			}
		}
	}
	want := []string{
		"5.1.1 施工扬尘|开展工地检查。|采暖季前 2024-11-15",
		"5.1.2 施工扬尘|落实渣土车密闭运输。|适时 ",
		"5.1.3 施工扬尘|推行绿色施工。|年底前 2024-12-31",
		"5.2.1 道路扬尘|提高机扫水洗比例。|汛期前 2024-06-01",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("measures\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.Undated) != 1 || res.Undated[0].Sheet != "表1" || res.Undated[0].Row != 3 || res.Undated[0].Col != 3 {
		t.Errorf("undated %v", res.Undated)
	}
}
