# web/web.mk — `masthead serve` in the CLI: the classroom page compiled into
# the binary, and libmicrohttpd for the CLI only (the library does not use
# it, so it stays out of PKGS and masthead.pc).
#
# web/embed.sh turns web/*.{html,css,js} into $(BUILD)/web_assets.c (its
# bytes depend only on the files' names and contents: reproducible), whose
# object joins CLI_OBJ. Include this file from the Makefile once CLI_OBJ and
# BIN are defined and before the rule that links $(BIN) (e.g. right after
# `all:`); it never becomes the default goal.

WEB_SAVED_GOAL := $(.DEFAULT_GOAL)

# libmicrohttpd is loaded by `masthead serve` only (src/cli_serve_mhd.h):
# its headers at build time, its soname read off the library
SERVE_CFLAGS := $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
MHD_LIBDIR   := $(shell pkg-config --variable=libdir libmicrohttpd 2>/dev/null)
MHD_SONAME   := $(shell objdump -p $(MHD_LIBDIR)/libmicrohttpd.so 2>/dev/null | awk '/SONAME/ {print $$2}')
SERVE_CFLAGS += $(if $(MHD_SONAME),-DMH_MHD_SONAME='"$(MHD_SONAME)"')
SERVE_LIBS   := -ldl

WEB_FILES = $(sort $(wildcard web/*.html web/*.css web/*.js))
WEB_C     = $(BUILD)/web_assets.c
WEB_OBJ   = $(BUILD)/obj/web_assets.o
CLI_OBJ  += $(WEB_OBJ)

$(BUILD)/obj/cli_serve%.o: CFLAGS += $(SERVE_CFLAGS)
$(BIN): private LDLIBS += $(SERVE_LIBS)

$(WEB_C): web/embed.sh $(WEB_FILES)
	@mkdir -p $(@D)
	sh web/embed.sh $@ $(WEB_FILES)

$(WEB_OBJ): $(WEB_C)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SERVE_CFLAGS) -Isrc -MMD -MP -c $< -o $@

-include $(WEB_OBJ:.o=.d)

.DEFAULT_GOAL := $(WEB_SAVED_GOAL)
