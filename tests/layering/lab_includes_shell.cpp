// Probe for the layering test: the lab layer includes the shell above it, which must fail
// to build (a lab runs shell commands only through the ScriptRunner it is given).
#include "engine/shell/shell.h"
