package reports

// LinePieces cuts a paragraph into the pieces a line may break between, by
// the Chinese rules (避头尾) the PDF report follows: closing punctuation
// never starts a line and opening punctuation never ends one, and a Latin
// word or number stays whole with its unit (see clusters). The screens wrap
// their Chinese text with it too.
func LinePieces(paragraph string) []string {
	cs := clusters([]rune(paragraph))
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}
