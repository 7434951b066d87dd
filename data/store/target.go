package store

import (
	"database/sql"
	"fmt"

	"taizhang/data"
)

// target is a validated unit × measure × month: the unit is canonical, the
// measure exists, the month lies in the plan year and the unit takes part in
// the measure.
type target struct {
	Unit      string
	MeasureID string
	Month     data.Month
}

// where names the target in a clerk's words: 德胜街道办事处在措施 1.1.1（2023年6月）.
func (t target) where() string {
	return fmt.Sprintf("%s在措施 %s（%s）", t.Unit, t.MeasureID, t.Month.Label())
}

// takesPart reports whether the canonical unit leads or co-operates on the
// measure, directly or through a group: the rule of FindMeasures.
func (c *checker) takesPart(unit, measureID string) (bool, error) {
	set, ok := c.concerned[unit]
	if !ok {
		set = make(map[string]bool)
		err := scanAll(c.ctx, c.tx, "WITH "+unitMeasuresCTE+"SELECT measure_id FROM unit_measures WHERE unit = ?3",
			[]any{data.GroupAllStreets, data.GroupRelevantStreets, unit, c.year}, func(rs *sql.Rows) error {
				var id string
				if err := rs.Scan(&id); err != nil {
					return err
				}
				set[id] = true
				return nil
			})
		if err != nil {
			return false, fmt.Errorf("measures of %s: %w", unit, err)
		}
		c.concerned[unit] = set
	}
	return set[measureID], nil
}

// target validates a unit × measure × month that a change is about: the
// unit is known (aliases accepted) and not a group, the measure is known,
// the month lies in the plan year and the unit takes part in the measure.
// It does not look at whether the month is closed.
func (c *checker) target(unit, measureID string, m data.Month) (target, error) {
	u, kind, err := c.unit(unit)
	if err != nil {
		return target{}, err
	}
	id, err := c.measure(measureID)
	if err != nil {
		return target{}, err
	}
	if err := c.month(m); err != nil {
		return target{}, err
	}
	if kind == data.UnitGroup {
		return target{}, data.Errorf(data.EINVALID, "“%s”是单位组，不能直接填报措施 %s，请由其成员单位分别填报", u, id)
	}
	ok, err := c.takesPart(u, id)
	if err != nil {
		return target{}, err
	}
	if !ok {
		return target{}, data.Errorf(data.EINVALID, "%s与措施 %s 无关：它不是该措施的主责单位或协办单位", u, id)
	}
	return target{Unit: u, MeasureID: id, Month: m}, nil
}
