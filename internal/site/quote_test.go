package site

import "testing"

func TestQuoted(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"We are open to negotiations, but they must be fair," he added.`, `We are open to negotiations, but they must be fair.`},
		{`“The prophets’ mission was justice,” Pezeshkian said. “Today, more than ever, nations need it.”`, `The prophets’ mission was justice … Today, more than ever, nations need it.`},
		{`No quotation marks here.`, `No quotation marks here.`},
		{`"Unclosed quote, he said.`, `"Unclosed quote, he said.`},
	}
	for _, tt := range tests {
		if got := quoted(tt.in); got != tt.want {
			t.Errorf("quoted(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
