// Package returns holds the file formats of the monthly return (回执表):
// WriteTemplate writes a unit's return template workbook (the 填报 sheet,
// the 指标 sheet for streets, a hidden sheet naming the plan year, unit,
// month and measures); ReadReturn reads a filled one tolerantly, reporting
// what it cannot read as Problems that name the file, sheet, row and
// column; a PackageWriter writes, and ReadPackage verifies, the return package
// (a .zip of the return and its evidence files, with a manifest). It has no
// database: the checks against the ledger are package app's.
package returns
