package data

// UnitSummary is a unit of the directory with the number of measures it
// leads and co-operates on.
type UnitSummary struct {
	Unit
	Lead int // measures where the unit is a lead unit, directly or through a group
	Co   int // measures where it is only a co-unit
}
