package plantext

import (
	"strings"

	"taizhang/data"
)

// streets2023 are the 15 street offices in the order of annex 2-2.
var streets2023 = []string{
	"德胜街道", "什刹海街道", "西长安街街道", "大栅栏街道", "天桥街道",
	"新街口街道", "金融街街道", "椿树街道", "陶然亭街道", "展览路街道",
	"月坛街道", "广内街道", "牛街街道", "白纸坊街道", "广外街道",
}

// departments2023, enterprises2023 and groups2023 with the streets make the
// canonical unit directory of the 2023 plan: every unit the
// annexes name as lead or co-unit, with the other spellings the document uses.
// Names that the text conversion wraps across lines (市规划自然资源委 西城分局,
// 北京市排水集团一 分公司) need no alias: the cell reader rejoins adjacent
// fragments that together form a known name.
// departments2023 are the district government's departments and the city's local branches.
var departments2023 = []data.Unit{
	{Name: "区生态环境局", Kind: data.UnitDepartment},
	{Name: "区发展改革委", Kind: data.UnitDepartment},
	{Name: "区科技和信息化局", Kind: data.UnitDepartment, Aliases: []string{"区科信局"}},
	{Name: "区住房城市建设委", Kind: data.UnitDepartment},
	{Name: "区交通委", Kind: data.UnitDepartment},
	{Name: "区城市管理委", Kind: data.UnitDepartment},
	{Name: "区统计局", Kind: data.UnitDepartment},
	{Name: "区国资委", Kind: data.UnitDepartment},
	{Name: "区教委", Kind: data.UnitDepartment},
	{Name: "区财政局", Kind: data.UnitDepartment},
	{Name: "区应急局", Kind: data.UnitDepartment},
	{Name: "区水务局", Kind: data.UnitDepartment},
	{Name: "区园林绿化局", Kind: data.UnitDepartment},
	{Name: "区文化和旅游局", Kind: data.UnitDepartment},
	{Name: "区卫生健康委", Kind: data.UnitDepartment},
	{Name: "区市场监管局", Kind: data.UnitDepartment},
	{Name: "区商务局", Kind: data.UnitDepartment},
	{Name: "区城管执法局", Kind: data.UnitDepartment},
	{Name: "区民政局", Kind: data.UnitDepartment},
	{Name: "区房管局", Kind: data.UnitDepartment},
	{Name: "区烟花办", Kind: data.UnitDepartment},
	{Name: "区委宣传部", Kind: data.UnitDepartment},
	{Name: "区委组织部", Kind: data.UnitDepartment},
	{Name: "区机关事务服务中心", Kind: data.UnitDepartment},
	{Name: "区城市管理指挥中心", Kind: data.UnitDepartment},
	{Name: "市规划自然资源委西城分局", Kind: data.UnitDepartment, Aliases: []string{"市规自委西城分局"}},
	{Name: "市交通委西城运输管理分局", Kind: data.UnitDepartment},
	{Name: "西城公安分局", Kind: data.UnitDepartment},
	{Name: "西城交通支队", Kind: data.UnitDepartment},
	{Name: "国家税务局北京市西城区税务局", Kind: data.UnitDepartment},
	{Name: "北京金融街服务局", Kind: data.UnitDepartment, Aliases: []string{"北京金融街服务局（区金融办）", "区金融办"}},
	{Name: "西城园管委会", Kind: data.UnitDepartment},
	{Name: "北展地区建设指挥部", Kind: data.UnitDepartment},
}

// enterprises2023 are the enterprises the plan names.
var enterprises2023 = []data.Unit{
	{Name: "蓟城山水公司", Kind: data.UnitEnterprise},
	{Name: "环雅丽都公司", Kind: data.UnitEnterprise},
	{Name: "中国邮政集团公司北京市西城区分公司", Kind: data.UnitEnterprise},
	{Name: "北京市排水集团一分公司", Kind: data.UnitEnterprise},
}

// groups2023 are the groups the plan names. Their member lists are editable
// by the coordinator; the plan does not print the members of the last two, so
// they start empty.
var groups2023 = []data.Unit{
	{Name: data.GroupAllStreets, Kind: data.UnitGroup, Members: streets2023},
	{Name: data.GroupRelevantStreets, Kind: data.UnitGroup, Members: streets2023, Aliases: []string{"相关街道"}},
	{Name: "区空气重污染应急指挥部成员单位", Kind: data.UnitGroup},
	{Name: "大气小组各成员单位", Kind: data.UnitGroup, Aliases: []string{"等其他大气小组各成员单位", "其他大气小组各成员单位"}},
}

// directory2023 returns the unit directory: departments, the 15 streets
// (each also known by its full office name, 德胜街道办事处), enterprises and
// groups.
func directory2023() []data.Unit {
	var units []data.Unit
	for _, u := range departments2023 {
		units = append(units, cloneUnit(u))
	}
	for _, s := range streets2023 {
		units = append(units, data.Unit{Name: s, Kind: data.UnitStreet, Aliases: []string{s + "办事处"}})
	}
	for _, u := range append(append([]data.Unit(nil), enterprises2023...), groups2023...) {
		units = append(units, cloneUnit(u))
	}
	return units
}

func cloneUnit(u data.Unit) data.Unit {
	u.Aliases = append([]string(nil), u.Aliases...)
	u.Members = append([]string(nil), u.Members...)
	return u
}

// NameGoesOn reports whether a unit name printed as fragment goes on in the
// next fragment of the cell, the name broken at a line end (区机关事务 /
// 管理局): fragment ends as no unit's name does (…局, …委, …街道, …公司,
// …（牵头）, or a role after one: …牵头, …配合) and next does not begin
// as one (区…, 市…, 北京…, 西城…, 各…).
func NameGoesOn(fragment, next string) bool {
	r := []rune(fragment)
	if len(r) == 0 || strings.ContainsRune("局委办处队心司道部会所院站室位组厅署行团社校馆联协府区）)头合与责", r[len(r)-1]) {
		return false
	}
	for _, p := range []string{"区", "市", "北京", "西城", "各", "相关", "国家", "中国"} {
		if strings.HasPrefix(next, p) {
			return false
		}
	}
	return true
}
