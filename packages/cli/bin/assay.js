#!/usr/bin/env node
// Committed entry for the `assay` command: it exists before the build, so package managers can link
// it at install time; the code it runs is the built CLI.
import '../dist/bin.js';
