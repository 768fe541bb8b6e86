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

func TestPlain(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"  spaced \n out\ttext ", 50, "spaced out text"},
		{"one two three four five", 12, "one two…"},
		{"ééééé ééééé", 8, "ééééé…"},
		{"Iran, Tehran; Washington", 14, "Iran, Tehran…"},
	}
	for _, tt := range tests {
		if got := plain(tt.in, tt.n); got != tt.want {
			t.Errorf("plain(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
