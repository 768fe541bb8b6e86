module digest

go 1.26.8
