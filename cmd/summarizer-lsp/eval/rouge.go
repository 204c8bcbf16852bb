package eval

// rougeBeta weighs recall against precision in ROUGE-L's F-measure; 1.2 is
// the value of the ROUGE scripts used in code summarization work
// (NeuralCodeSum, CodeSumEvaluation).
const rougeBeta = 1.2

// RougeL returns the ROUGE-L F-measure of a candidate against a reference,
// in [0, 1], from their longest common token subsequence.
func RougeL(reference, candidate string) float64 {
	return rougeTokens(Tokenize(reference), Tokenize(candidate))
}

func rougeTokens(ref, cand []string) float64 {
	lcs := lcsLen(ref, cand)
	if lcs == 0 {
		return 0
	}
	p := float64(lcs) / float64(len(cand))
	r := float64(lcs) / float64(len(ref))
	b2 := rougeBeta * rougeBeta
	return (1 + b2) * p * r / (r + b2*p)
}

// lcsLen is the length of the longest common subsequence of a and b.
func lcsLen(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
