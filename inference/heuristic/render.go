package heuristic

import "strings"

// english renders a clause as one English sentence in style st; name is
// the function's own name, which Go-style comments start with.
func english(cl clause, st style, name string) string {
	if cl.cond != "" {
		cl = predicate(cl.cond, st)
	}
	var text string
	switch {
	case cl.verb == "":
		text = capitalize(cl.rest)
	case st.nameFirst && name != "":
		text = join(name, thirdPerson(cl.verb), cl.rest)
	case st.imperative:
		text = capitalize(join(baseForm(cl.verb), cl.rest))
	default:
		text = capitalize(join(thirdPerson(cl.verb), cl.rest))
	}
	if st.period {
		text += "."
	}
	return text
}

// predicate phrases a yes/no question as the style says.
func predicate(cond string, st style) clause {
	return say(st.predVerb, strings.Replace(st.predWord, "true", st.trueWord, 1), cond)
}
