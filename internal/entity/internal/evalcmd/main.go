// Command evalcmd is a throwaway harness for score.py: it reads one file as
// one story, a paragraph a line, and prints its entities in the JSON shape
// of `digest parse --format=json`. Usage: evalcmd parse --format=json FILE.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"digest/internal/entity"
)

type jsonEntity struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Aliases  []string `json:"aliases"`
	Mentions int      `json:"mentions"`
}

type jsonStory struct {
	File         string       `json:"file"`
	FirstLine    int          `json:"first_line"`
	LastLine     int          `json:"last_line"`
	HeadlineLine int          `json:"headline_line"`
	DuplicateOf  int          `json:"duplicate_of"`
	Entities     []jsonEntity `json:"entities"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: evalcmd [parse --format=json] FILE")
		os.Exit(2)
	}
	file := os.Args[len(os.Args)-1]
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	st := jsonStory{File: file, FirstLine: 1, LastLine: len(lines), DuplicateOf: -1, Entities: []jsonEntity{}}
	for _, e := range entity.Find("", lines) {
		al := e.Aliases
		if al == nil {
			al = []string{}
		}
		st.Entities = append(st.Entities, jsonEntity{e.Name, string(e.Kind), al, e.Mentions})
	}
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(map[string][]jsonStory{"stories": {st}}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	w.Flush()
}
