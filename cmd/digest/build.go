package main

import "io"

func runBuild(args []string, stdout, stderr io.Writer) error { return nil }
func runServe(args []string, stdout, stderr io.Writer) error { return nil }
