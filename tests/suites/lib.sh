# lib.sh — helpers shared by the test suites (sourced). Every check counts
# towards the suite's "N passed, N failed" line; failures print file:line.
pass=0 fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL $*"; }
check() { # description, command...
  local d=$1; shift
  if "$@" >/dev/null 2>&1; then ok; else bad "$d"; fi
}
summary() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
mh() { $MH_WRAP "$MASTHEAD" "$@"; }
SHARED=${SHARED:-../shared}
have_shared() { [ -d "$SHARED/fixtures" ]; }
