// Package bench holds digest's benchmark material (issue 6): the tests in
// this folder benchmark each stage of the build on generated sites;
// corpus/ generates them, gencorpus/ is its command and compare.sh
// measures digest against Hugo. See README.md.
package bench
