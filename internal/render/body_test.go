package render

import "testing"

func TestCurl(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"We are open," he added.`, `“We are open,” he added.`},
		{`Iran's "hostage diplomacy" ('a tactic')`, `Iran’s “hostage diplomacy” (‘a tactic’)`},
		{`“Already curly” stays`, `“Already curly” stays`},
		{`no quotes`, `no quotes`},
		{`the '90s`, `the ‘90s`},
	}
	for _, tt := range tests {
		if got := curl(tt.in); got != tt.want {
			t.Errorf("curl(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
