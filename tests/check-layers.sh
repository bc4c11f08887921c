#!/bin/sh
# make check-layers: the layering of src/ (docs/ARCHITECTURE.md), checked.
#   sh tests/check-layers.sh OBJDIR        (OBJDIR: build/obj, made by make)
# 1. Each layer includes only the project headers of the layers below it
#    (a file's own private header, beside it, is always fine).
# 2. Each third-party header is included by its one file, and no public
#    header (include/) includes one.
# 3. The core and lang include no system header that does I/O (files,
#    directories, processes, terminals, the clock, signals).
# 4. The core and lang objects link nothing outside themselves but pure C
#    library calls: no file, terminal, clock or database call (nm -u). The
#    one exception is core/util.c: die() and BUG() write their last words to
#    stderr and exit or abort. lang/ may call the libraries it wraps
#    (libstemmer, Hunspell); the core never calls lang/spell.c (Hunspell reads
#    files), only the callback io/model_file.c hands the coder.
# Prints each violation as FILE: what; exits 1 when there is any.
set -u
objdir=${1:?usage: sh tests/check-layers.sh OBJDIR}
cd "$(dirname "$0")/.." || exit 70
bad=0
fail() { echo "check-layers: $*"; bad=1; }

# Which layers a layer's files may include (besides its own).
allowed() {
	case $1 in
	core) echo "core lang" ;;
	lang) echo "lang" ;;
	yaml) echo "yaml core lang io" ;;
	store) echo "store core lang io" ;;
	io) echo "io core lang" ;;
	ui) echo "ui app core lang yaml store io" ;;
	app) echo "app core lang yaml store io" ;;
	cmd | tools) echo "cmd app ui core lang yaml store io" ;;
	*) echo "" ;;
	esac
}

# Third-party headers and the one file allowed to include each.
third_party='
yaml.h src/yaml/yamldoc.c
sqlite3.h src/store/store_int.h
curses.h src/ui/ui_priv.h
ncurses.h src/ui/ui_priv.h
term.h src/ui/ui_term.c
libstemmer.h src/lang/stem.c
hunspell/hunspell.h src/lang/spell.c
wn.h src/tools/train_vocab.c
'
io_headers='unistd.h fcntl.h dirent.h termios.h signal.h time.h pthread.h poll.h netdb.h glob.h'

for f in $(find src include -name '*.[ch]' | sort); do
	layer=$(echo "$f" | cut -d/ -f2)
	ok=$(allowed "$layer")
	[ -n "$ok" ] || { fail "$f: in no known layer (src/LAYER/ or include/LAYER/)"; continue; }
	grep -n '^[[:space:]]*#[[:space:]]*include' "$f" | while IFS= read -r line; do
		n=${line%%:*}
		inc=$(echo "$line" | sed -n 's/.*#[[:space:]]*include[[:space:]]*\([<"][^>"]*[>"]\).*/\1/p')
		name=$(echo "$inc" | tr -d '<>"')
		case $inc in
		\"*/*\")
			dep=${name%%/*}
			case " $ok " in *" $dep "*) ;; *)
				echo "check-layers: $f:$n: the $layer layer includes $name (from $dep; it may use: $ok)" ;;
			esac ;;
		\"*\")
			[ -f "$(dirname "$f")/$name" ] ||
				echo "check-layers: $f:$n: \"$name\" is not beside it; name its layer (\"core/$name\")" ;;
		\<*\>)
			owner=$(echo "$third_party" | awk -v h="$name" '$1 == h { print $2 }')
			if [ -n "$owner" ] && [ "$owner" != "$f" ]; then
				echo "check-layers: $f:$n: includes <$name>, which only $owner may include"
			fi
			case $layer in core | lang)
				case " $io_headers " in *" $name "*)
					echo "check-layers: $f:$n: the $layer layer includes <$name>, a header for I/O" ;;
				esac
				case $name in sys/*)
					echo "check-layers: $f:$n: the $layer layer includes <$name>, a header for I/O" ;;
				esac ;;
			esac ;;
		esac
	done
done >"${TMPDIR:-/tmp}/check-layers.$$"
if [ -s "${TMPDIR:-/tmp}/check-layers.$$" ]; then
	cat "${TMPDIR:-/tmp}/check-layers.$$"
	bad=1
fi
rm -f "${TMPDIR:-/tmp}/check-layers.$$"

# Pure C library calls the core and lang may make (memory, strings, numbers,
# characters, sorting, formatting into memory, maths), and what the
# compiler itself emits.
pure='
__assert_fail __ctype_b_loc __ctype_tolower_loc __ctype_toupper_loc __errno_location
__isoc99_sscanf __stack_chk_fail abort atof atoi atol bsearch calloc free malloc realloc
memchr memcmp memcpy memmem memmove memset qsort snprintf sprintf sscanf strcasecmp strchr
strcmp strcpy strcspn strdup strlen strncasecmp strncmp strncpy strndup strnlen strpbrk
strrchr strspn strstr strtod strtof strtok_r strtol strtoll strtoul strtoull vsnprintf
tolower toupper wcwidth wcswidth mbrtowc btowc
ceil ceilf exp expf fabs fabsf floor floorf fmax fmin log logf log1p lround lrint pow powf
round roundf sqrt sqrtf tanh tanhf
'
# die() and BUG() alone may write to stderr and end the process.
die_only='stderr fputc fputs fwrite fprintf vfprintf exit'
# The libraries lang/ wraps.
lang_libs='sb_stemmer_ Hunspell_'

objs=$(ls "$objdir"/core/*.o "$objdir"/lang/*.o 2>/dev/null)
[ -n "$objs" ] || { fail "no objects under $objdir/core (run make first)"; exit 1; }
defined=$(nm --defined-only $objs | awk 'NF == 3 && $2 ~ /[TDBRCV]/ { print $3 }' | sort -u)
for o in $objs; do
	for sym in $(nm -u "$o" | awk 'NF == 2 { print $2 }'); do
		case " $(echo $pure) " in *" $sym "*) continue ;; esac
		# The spelling corrector reads dictionary files: the core reaches it
		# only through the callback it is handed (struct coder_speller).
		case $o:$sym in */core/*:spell_*)
			fail "$o: calls $sym; the core must reach lang/spell.c through struct coder_speller"
			continue ;;
		esac
		echo "$defined" | grep -qx "$sym" && continue
		case $o in */core/util.o)
			case " $die_only " in *" $sym "*) continue ;; esac ;;
		esac
		case $o in */lang/*)
			for p in $lang_libs; do case $sym in "$p"*) continue 2 ;; esac; done ;;
		esac
		fail "$o: calls $sym, which is neither the core's own nor a pure C library call"
	done
done

[ $bad = 0 ] && echo "check-layers: ok: $(echo "$objs" | wc -w) core and lang objects, $(find src include -name '*.[ch]' | wc -l) files"
exit $bad
