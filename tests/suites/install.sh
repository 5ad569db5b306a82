#!/usr/bin/env bash
# install.sh — `make install PREFIX=... DESTDIR=...` gives a binary that finds
# its installed data, a man page, and a library usable through pkg-config.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# a plain build even when the suites run under the sanitizers
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s install SANITIZE= PREFIX=/opt/mh DESTDIR="$tmp/stage" >/dev/null 2>&1; then
  bad "make install failed"; summary; exit
fi
root=$tmp/stage/opt/mh
for f in bin/masthead share/masthead/masthead.db share/masthead/rules/VERSION share/man/man1/masthead.1 \
         include/masthead.h lib/libmasthead.a lib/libmasthead.so.0 lib/pkgconfig/masthead.pc; do
  check "installed $f" test -e "$root/$f"
done
# the staged binary finds its data relative to itself, from any directory
out=$(cd / && "$root/bin/masthead" annotate --format json "$OLDPWD/examples/republished-wire-story.txt" 2>&1)
check "installed binary annotates with its own data" jq -e '.versions.database != ""' <<<"$out"
check "man page renders" sh -c "man -l '$root/share/man/man1/masthead.1' >/dev/null 2>&1 || groff -man -Tutf8 '$root/share/man/man1/masthead.1' >/dev/null 2>&1 || true"
# a program linked through pkg-config
cat > "$tmp/use.c" <<'C'
#include <masthead.h>
#include <stdio.h>
int main(void) { printf("%s\n", mh_version()); return mh_strerror(MH_OK)[0] == 's' ? 0 : 1; }
C
sed -i "s|^prefix=.*|prefix=$root|" "$root/lib/pkgconfig/masthead.pc"
if cc -o "$tmp/use" "$tmp/use.c" $(PKG_CONFIG_PATH="$root/lib/pkgconfig" pkg-config --cflags --libs --static masthead) 2>"$tmp/cc.err"; then
  ok; check "linked program runs" env LD_LIBRARY_PATH="$root/lib" "$tmp/use"
else
  bad "compile against the installed library: $(head -3 "$tmp/cc.err")"
fi
summary
