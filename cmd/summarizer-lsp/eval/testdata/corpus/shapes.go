package shapes

// Area returns the area of the rectangle.
func Area(w, h float64) float64 {
	return w * h
}

// ParseShape parses a shape name. It ignores case.
func ParseShape(name string) (string, error) {
	return name, nil
}

func undocumented() {}
