#!/usr/bin/env node
// Committed entry for the `assay-mcp` command: it exists before the build, so package managers can link
// it at install time; the code it runs is the built server.
import '../dist/bin.js';
